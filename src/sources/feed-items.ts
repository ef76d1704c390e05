// An RSS/Atom/RDF element tree → the feed's title, link and raw items, read the way rss-parser 3.13 read
// xml2js's objects (so that identity and dates do not move for feeds we already poll), minus its
// snippet step, whose regexes were quadratic on an unclosed "<" (issue 16 point 1).
import { FIELD_LIMITS, type RawItem } from '../domain/normalise.ts';
import { childElements, firstChild, type XmlElement } from './xml-tree.ts';

export interface FeedContent {
  title: string | null;
  link: string | null;
  items: RawItem[];
}

const isBlank = (text: string): boolean => text.trim() === '';

/** An element's children that are elements (xml2js then made it an object, not a string). */
function hasElements(element: XmlElement): boolean {
  return element.children.some((child) => typeof child !== 'string');
}

function hasStructure(element: XmlElement): boolean {
  return Object.keys(element.attributes).length > 0 || hasElements(element);
}

/**
 * The element's text as xml2js + rss-parser gave it: plain text for a bare element, the own text of an
 * element with attributes or children when that text is not blank (or came from CDATA), else null.
 */
export function ownText(element: XmlElement | undefined): string | null {
  if (element === undefined) return null;
  if (!hasStructure(element)) return element.text;
  return !isBlank(element.text) || element.cdata ? element.text : null;
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inline XHTML children written back as markup (text escaped), in document order, without recursion. */
export function innerMarkup(element: XmlElement): string {
  const parts: string[] = [];
  const pending: Array<XmlElement | string | { close: string }> = [...element.children].reverse();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') parts.push(escapeText(next));
    else if ('close' in next) parts.push(`</${next.close}>`);
    else {
      parts.push(`<${next.name}>`);
      pending.push({ close: next.name });
      for (let i = next.children.length - 1; i >= 0; i--) pending.push(next.children[i] as XmlElement | string);
    }
  }
  return parts.join('');
}

/**
 * An HTML-bearing element (description, summary, content) as rss-parser's getContent read it: its own
 * text, which is HTML source; or, when it holds only inline XHTML elements, that markup.
 */
function htmlOf(element: XmlElement | undefined): string | null {
  if (element === undefined) return null;
  const text = ownText(element);
  if (text !== null) return text;
  return hasElements(element) ? innerMarkup(element) : '';
}

/** rss-parser's setISODate: the first date that is present, read by Date, or null. */
function isoDateOf(candidates: ReadonlyArray<XmlElement | undefined>): string | null {
  for (const element of candidates) {
    if (element === undefined) continue;
    const text = ownText(element);
    if (text === '') continue;
    if (text === null || text.length > FIELD_LIMITS.date) return null;
    const time = new Date(text.trim()).getTime();
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return null;
}

/** Atom's link choice: rel="alternate", else the first link's href. */
function atomLink(parent: XmlElement): string | null {
  const links = childElements(parent, 'link');
  const alternate = links.find((link) => link.attributes['rel'] === 'alternate') ?? links[0];
  return alternate?.attributes['href'] ?? null;
}

function atomDate(entry: XmlElement): string | null {
  for (const name of ['published', 'updated']) {
    const element = firstChild(entry, name);
    if (element === undefined || hasStructure(element)) continue;
    if (element.text === '' || element.text.length > FIELD_LIMITS.date) continue;
    // rss-parser threw on an unreadable date and lost the whole feed: here the entry just has no date.
    const time = new Date(element.text).getTime();
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return null;
}

function atomItem(entry: XmlElement): RawItem {
  const title = ownText(firstChild(entry, 'title'));
  const published = atomDate(entry);
  return {
    guid: ownText(firstChild(entry, 'id')),
    link: atomLink(entry),
    title: title === '' ? null : title,
    summary: htmlOf(firstChild(entry, 'summary')),
    content: htmlOf(firstChild(entry, 'content')),
    isoDate: published,
    pubDate: published,
    source: ownText(firstChild(entry, 'source')),
  };
}

function rssItem(item: XmlElement): RawItem {
  const description = firstChild(item, 'description');
  const pubDate = firstChild(item, 'pubDate');
  const dcDate = firstChild(item, 'dc:date');
  return {
    guid: ownText(firstChild(item, 'guid')),
    link: ownText(firstChild(item, 'link')),
    title: ownText(firstChild(item, 'title') ?? firstChild(item, 'dc:title')),
    // rss-parser put an RSS <description> in `content`, read before a <summary>.
    summary: description !== undefined ? htmlOf(description) : ownText(firstChild(item, 'summary')),
    content: ownText(firstChild(item, 'content:encoded')),
    isoDate: isoDateOf([pubDate, dcDate]),
    pubDate: ownText(pubDate) ?? ownText(dcDate),
    // rss-parser read <dc:source> into `source`, then <source> over it when present.
    source: ownText(firstChild(item, 'source') ?? firstChild(item, 'dc:source')),
    sourceUrl: firstChild(item, 'source')?.attributes['url'] ?? null,
  };
}

/** Reads a feed's root element. Throws an Error when the root or its channel is not there. */
export function feedContent(root: XmlElement): FeedContent {
  if (root.name === 'feed') {
    const title = ownText(firstChild(root, 'title'));
    const entries = childElements(root, 'entry').map(atomItem);
    return { title: title === '' ? null : title, link: atomLink(root), items: entries };
  }
  if (root.name !== 'rss' && root.name !== 'rdf:RDF') throw new Error('Feed not recognized as RSS 1 or 2.');
  const channel = firstChild(root, 'channel');
  if (channel === undefined) throw new Error(`<${root.name}> has no <channel> element`);
  const items = childElements(root.name === 'rss' ? channel : root, 'item');
  return {
    title: ownText(firstChild(channel, 'title') ?? firstChild(channel, 'dc:title')),
    link: ownText(firstChild(channel, 'link')),
    items: items.map(rssItem),
  };
}
