// The `ico-news` source kind: the ICO's news listing page (statements, investigations, press releases),
// which has no feed. The page is a list of cards, each a link to /about-the-ico/media-centre/
// news-and-blogs/YYYY/MM/slug/ with a title, usually a date and sometimes a short description. Markup
// varies, so a card is found from its link: the nearest enclosing <article>, <li> or "…-card"/"…-item"
// element, or, where cards have no element of their own, the stretch from one link to the next.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { collapseWhitespace, decodeEntities } from '../domain/html-text.ts';
import type { RawItem } from '../domain/normalise.ts';
import { fetchPage } from './fetch-feed.ts';
import { scanHtml } from '../domain/html-scan.ts';
import { listingDate, MAX_DATE_TEXT } from './listing-date.ts';
import type { Source, SourcePage } from './source.ts';
import { turnTaker } from './turns.ts';

export const ICO_NEWS_URL = 'https://ico.org.uk/about-the-ico/media-centre/news-and-blogs/';
const ARTICLE_PATH = /^\/about-the-ico\/media-centre\/news-and-blogs\/\d{4}\/\d{2}\/[^/]+\/?$/i;
const CONTAINER_CLASS = /(?:^|[-_])(?:card|item|teaser|result)$/;
const SUMMARY_CLASS = /summary|description|excerpt|intro|standfirst|strapline/;
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));

/** Bounds that keep a hostile page cheap: how deep we track, how far we look up, how much we keep. */
const MAX_DEPTH = 256;
const LOOK_UP = 48;
const MAX_CARDS = 200;
const MAX_PIECES = 24;
const MAX_TEXT = 2000;
const MAX_TITLE = 400;
const MIN_SUMMARY = 20;

type Role = 'link' | 'heading' | 'para' | 'time' | 'text' | 'title';

interface Piece {
  role: Role;
  text: string;
  datetime: string | null;
  /** A heading or paragraph that holds the card's own link. */
  holdsLink: boolean;
}

interface Card {
  url: string;
  pieces: Piece[];
}

interface TextBuffer {
  role: Role;
  parts: string[];
  length: number;
  datetime: string | null;
  holdsLink: boolean;
}

interface Open {
  name: string;
  container: boolean;
  /** Holds two cards' links: a wrapper around cards, not a card. */
  wrapper: boolean;
  card: Card | null;
  /** What a container collected before its card's link was seen (a date above the title). */
  pending: Piece[];
  buffer: TextBuffer | null;
  /** The nearest buffer at or above this element. */
  into: TextBuffer | null;
}

const push = (pieces: Piece[], piece: Piece): void => {
  if (pieces.length < MAX_PIECES) pieces.push(piece);
};

const clean = (text: string): string => collapseWhitespace(decodeEntities(text));

function isContainer(name: string, attributes: Record<string, string>): boolean {
  if (name === 'article' || name === 'li') return true;
  return (attributes['class'] ?? '').toLowerCase().split(/\s+/).some((token) => CONTAINER_CLASS.test(token));
}

function roleOf(name: string, attributes: Record<string, string>): Role | null {
  if (HEADINGS.has(name)) return 'heading';
  if (name === 'time') return 'time';
  if (name === 'p' || SUMMARY_CLASS.test((attributes['class'] ?? '').toLowerCase())) return 'para';
  return null;
}

/** The news article a link points to, resolved against the page; null for any other link. */
export function newsArticleUrl(href: string | undefined, pageUrl: string): string | null {
  if (href === undefined || href.length > 2048) return null;
  try {
    const url = new URL(decodeEntities(href.trim()), pageUrl);
    return (url.protocol === 'https:' || url.protocol === 'http:') && ARTICLE_PATH.test(url.pathname) ? url.href : null;
  } catch {
    return null; // not a URL: not a card's link
  }
}

/** Collects cards from the page's events in one pass. */
class CardCollector {
  readonly cards = new Map<string, Card>();
  pageTitle: string | null = null;
  private readonly stack: Open[] = [];
  /** The card of a link with no element of its own: it runs until the next card's link. */
  private floating: Card | null = null;
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void {
    if (VOID.has(name) || selfClosing) return;
    // Only the innermost MAX_DEPTH elements are tracked: a card is found however deep it sits.
    if (this.stack.length >= MAX_DEPTH) this.stack.shift();
    const parentInto = this.stack.at(-1)?.into ?? null;
    const url = name === 'a' ? newsArticleUrl(attributes['href'], this.baseUrl) : null;
    const role: Role | null = url !== null ? 'link' : name === 'title' ? 'title' : roleOf(name, attributes);
    const datetime = role === 'time' ? (attributes['datetime'] ?? null) : null;
    const buffer: TextBuffer | null = role === null ? null : { role, parts: [], length: 0, datetime, holdsLink: false };
    const container = isContainer(name, attributes);
    const entry: Open = { name, container, wrapper: false, card: null, pending: [], buffer, into: buffer ?? parentInto };
    this.stack.push(entry);
    if (url !== null) this.startCard(url);
  }

  close(name: string): void {
    // Pop to the nearest open element of that name; an end tag with none near the top is ignored.
    const floor = Math.max(0, this.stack.length - LOOK_UP);
    for (let i = this.stack.length - 1; i >= floor; i--) {
      if (this.stack[i]?.name !== name) continue;
      while (this.stack.length > i) {
        this.finish(this.stack.length - 1);
        this.stack.pop();
      }
      return;
    }
  }

  text(raw: string): void {
    const into = this.stack.at(-1)?.into ?? null;
    if (into !== null) {
      if (into.length < MAX_TEXT) {
        into.parts.push(raw.slice(0, MAX_TEXT - into.length));
        into.length += raw.length;
      }
      return;
    }
    if (raw.trim() === '') return;
    const text = clean(raw.slice(0, MAX_TEXT));
    if (text !== '') this.deliver({ role: 'text', text, datetime: null, holdsLink: false });
  }

  private startCard(url: string): void {
    let card = this.cards.get(url);
    if (card === undefined) {
      if (this.cards.size >= MAX_CARDS) return;
      card = { url, pieces: [] };
      this.cards.set(url, card);
    }
    const floor = Math.max(0, this.stack.length - LOOK_UP);
    for (let i = this.stack.length - 1; i >= floor; i--) {
      const entry = this.stack[i] as Open;
      if (!entry.container || entry.wrapper) continue;
      if (entry.card === null) {
        entry.card = card;
        for (const piece of entry.pending) push(card.pieces, piece);
        entry.pending = [];
        this.floating = null;
        return;
      }
      if (entry.card === card) return;
      entry.wrapper = true; // a second card's link: this element wraps cards
      break;
    }
    this.floating = card;
  }

  /** Ends the element at the top of the stack (`top`), before it is popped: its text goes to its card. */
  private finish(top: number): void {
    const entry = this.stack[top] as Open;
    const parent = this.stack[top - 1] ?? null;
    if (entry.buffer !== null) {
      const joined = entry.buffer.parts.join('');
      if (parent?.into) {
        if (parent.into.length < MAX_TEXT) parent.into.parts.push(joined.slice(0, MAX_TEXT - parent.into.length));
        parent.into.length += joined.length;
        if (entry.buffer.role === 'link') parent.into.holdsLink = true;
      }
      const text = clean(joined.slice(0, MAX_TEXT));
      if (entry.buffer.role === 'title') this.pageTitle ??= text || null;
      else if (text !== '' || entry.buffer.datetime !== null) {
        this.deliver({ role: entry.buffer.role, text, datetime: entry.buffer.datetime, holdsLink: entry.buffer.holdsLink }, top);
      }
    }
    // A container closed without a card of its own (a date row inside a card): its pieces go up.
    if (entry.container && entry.card === null) for (const piece of entry.pending) this.deliver(piece, top - 1);
  }

  /** A piece goes to the nearest card (or card-to-be) at or above `from`, else to the floating card. */
  private deliver(piece: Piece, from = this.stack.length - 1): void {
    const floor = Math.max(0, from + 1 - LOOK_UP);
    for (let i = from; i >= floor; i--) {
      const entry = this.stack[i] as Open;
      if (entry.card !== null && !entry.wrapper) return push(entry.card.pieces, piece);
      if (entry.container && !entry.wrapper) return push(entry.pending, piece);
    }
    if (this.floating !== null) push(this.floating.pieces, piece);
  }
}

/** A <time datetime> value: a full time as written, else the date in it. */
function datetimeOf(value: string): string | null {
  const time = value.length < MAX_DATE_TEXT ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? listingDate(value) : new Date(time).toISOString();
}

/** The card's title, date and description as a raw item. */
function cardItem(card: Card): RawItem {
  const { pieces } = card;
  const linkText = pieces.filter((p) => p.role === 'link').sort((a, b) => b.text.length - a.text.length)[0]?.text ?? '';
  const headings = pieces.filter((p) => p.role === 'heading' && p.text !== '');
  const heading = headings.find((p) => p.holdsLink) ?? headings[0];
  // A heading around the link, or inside a link that wraps the whole card, is the title; a heading
  // beside the link ("Statement") is a label, and the link's own text is the title.
  const headed = heading !== undefined && (heading.holdsLink || linkText === '' || linkText.includes(heading.text));
  const title = (headed ? heading.text : linkText || heading?.text) || null;
  let published: string | null = null;
  for (const piece of pieces) {
    published = piece.datetime !== null ? datetimeOf(piece.datetime) : listingDate(piece.text);
    if (published !== null) break;
  }
  const isTitle = (text: string): boolean => title !== null && (text === title || title.includes(text));
  const describes = (p: Piece): boolean =>
    !isTitle(p.text) && p.text.length >= MIN_SUMMARY && (p.text.length >= MAX_DATE_TEXT || listingDate(p.text) === null);
  const summary = pieces.find((p) => p.role === 'para' && describes(p)) ?? pieces.find((p) => p.role === 'text' && describes(p));
  return {
    guid: null,
    link: card.url,
    title: title === null || title === '' ? null : title.slice(0, MAX_TITLE),
    summary: summary?.text ?? null,
    content: null,
    isoDate: published,
    pubDate: published,
    source: 'ICO',
  };
}

/** Reads an ICO news listing page. Throws FeedNotAFeed when it holds no news cards. */
export async function readIcoListing(text: string, where: string, url: string): Promise<SourcePage> {
  if (text.trim() === '') {
    throw new BreachwatchError(ErrorCode.FeedEmpty, `${where} returned an empty page; the site may be broken. It will be retried.`);
  }
  const collector = new CardCollector(url);
  const pause = turnTaker();
  let count = 0;
  for (const event of scanHtml(text)) {
    if (event.type === 'open') collector.open(event.name, event.attributes, event.selfClosing);
    else if (event.type === 'close') collector.close(event.name);
    else collector.text(event.text);
    const turn = ++count % 256 === 0 ? pause() : null;
    if (turn) await turn;
  }
  if (collector.cards.size === 0) {
    throw new BreachwatchError(
      ErrorCode.FeedNotAFeed,
      `${where} is not an ICO news listing: it links to no news pages (/about-the-ico/media-centre/news-and-blogs/YYYY/MM/…). ` +
        `Use the listing's address, ${ICO_NEWS_URL}, or give the feed's kind in the config.`,
    );
  }
  return { title: collector.pageTitle, items: [...collector.cards.values()].map(cardItem) };
}

export const icoNewsSource: Source = {
  fetch: (feed, validators, context) => fetchPage(feed, validators, context, readIcoListing),
  readPage: readIcoListing,
};
