// Raw feed items → Articles: plain text, canonical links, ISO dates, an outlet name and a stable key.
// Pure: one bad item is skipped or repaired, never a reason to fail the feed.
import { canonicalLink, canonicalUrl } from './canonical-url.ts';
import { collapseWhitespace, htmlToText } from './html-text.ts';
import { chooseItemKeys, cleanGuid, itemIdentities, titleIdentity, type KeyCandidates } from './item-key.ts';
import type { BacklogItem } from './backlog.ts';
import type { Article } from './types.ts';

/** One item as the parser found it: strings or null, nothing cleaned yet. */
export interface RawItem {
  /** RSS <guid> or Atom <id>. Non-strings are ignored. */
  guid?: unknown;
  link?: string | null;
  title?: string | null;
  /** Description / summary: HTML or text. */
  summary?: string | null;
  /** Full content (content:encoded, Atom content): HTML or text. */
  content?: string | null;
  /** The parser's ISO date, when it could make one. */
  isoDate?: string | null;
  /** The date as written in the feed (pubDate, dc:date, published, updated). */
  pubDate?: string | null;
  /** Text of the item's <source> element (Google News: the outlet). */
  source?: string | null;
  /** The url attribute of the item's <source> element (Google News: the outlet's site). */
  sourceUrl?: string | null;
}

export interface NormaliseContext {
  feedId: string;
  /** The feed's own title: the outlet when an item names none. */
  feedTitle?: string | null;
  /** ISO time of this fetch. */
  fetchedAt: string;
  /** The feed's URL, to resolve relative links. */
  feedUrl?: string | null;
}

/** How far into the future a publication date may be before it is treated as "now". */
export const FUTURE_TOLERANCE_MS = 15 * 60 * 1000;
/** Dates before this are placeholders (1970, 1900…), not publication dates. */
const EARLIEST_PLAUSIBLE = Date.UTC(1990, 0, 1);
const SUMMARY_FROM_CONTENT_MAX = 600;
const TITLE_FROM_SUMMARY_MAX = 140;

/**
 * How much of each raw field is read (UTF-16 units). Far above any real article (long reads are
 * ~100 KB of HTML), and small enough that one item never holds the event loop for long: a hostile feed
 * may put megabytes in one field (issue 16 point 1).
 */
export const FIELD_LIMITS = { html: 256 * 1024, title: 16 * 1024, source: 4 * 1024, link: 64 * 1024, date: 256 } as const;

/** Zone names that Date.parse does not know but UK-facing feeds use. */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  BST: '+0100', IST: '+0100', CET: '+0100', CEST: '+0200', EET: '+0200', EEST: '+0300', WET: '+0000',
  WEST: '+0100', UTC: '+0000', AEST: '+1000', AEDT: '+1100', IDT: '+0300', JST: '+0900',
};

function parseDateText(raw: string): number {
  let text = collapseWhitespace(raw);
  if (text === '') return Number.NaN;
  // ISO 8601 without a zone means UTC here: never the server's local time.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  const zone = /\s([A-Z]{3,4})$/.exec(text);
  const offset = zone?.[1] !== undefined ? ZONE_OFFSETS[zone[1]] : undefined;
  if (zone && offset !== undefined) text = `${text.slice(0, zone.index)} ${offset}`;
  // RFC 822 without a zone: read as GMT.
  if (/^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?$/.test(text)) text = `${text} GMT`;
  return Date.parse(text);
}

/**
 * A publication date as ISO 8601, or null when missing or unparseable. A date later than
 * fetchedAt + tolerance is clamped to fetchedAt (publishers with broken clocks or zones).
 */
export function normaliseDate(raw: string | null | undefined, fetchedAt: string, toleranceMs = FUTURE_TOLERANCE_MS): string | null {
  if (typeof raw !== 'string' || raw.length > FIELD_LIMITS.date) return null;
  const time = parseDateText(raw);
  if (!Number.isFinite(time) || time < EARLIEST_PLAUSIBLE) return null;
  const fetched = Date.parse(fetchedAt);
  if (Number.isFinite(fetched) && time > fetched + toleranceMs) return new Date(fetched).toISOString();
  return new Date(time).toISOString();
}

/**
 * Google News titles end with " - Outlet". When the outlet is known (from <source>), that suffix is
 * removed, also when it names the outlet a little differently ("BBC" for "BBC News"); when it is not
 * known, the last " - " part is taken as the outlet if it looks like a name (short, capitalised), so that
 * "Data breach - what we know" keeps its title.
 */
export function splitGoogleNewsTitle(title: string, source: string | null): { title: string; outlet: string | null } {
  const separators = [' - ', ' – ', ' — ', ' | '];
  const at = title.lastIndexOf(' - ');
  const tail = at > 0 ? title.slice(at + 3).trim() : '';
  const rest = at > 0 ? title.slice(0, at).trim() : '';
  if (source) {
    const lowerTitle = title.toLowerCase();
    for (const sep of separators) {
      const suffix = `${sep}${source}`.toLowerCase();
      if (lowerTitle.endsWith(suffix) && title.length > suffix.length) {
        return { title: title.slice(0, title.length - suffix.length).trim(), outlet: source };
      }
    }
    const [shortName, longName] = [tail.toLowerCase(), source.toLowerCase()].sort((a, b) => a.length - b.length) as [string, string];
    if (rest !== '' && shortName.length >= 3 && longName.includes(shortName)) return { title: rest, outlet: source };
    return { title, outlet: source };
  }
  if (rest !== '' && tail.length <= 60 && tail.split(' ').length <= 8 && /^[\p{Lu}\d]/u.test(tail)) return { title: rest, outlet: tail };
  return { title, outlet: null };
}

/** At most `max` code points, the last one "…" when cut. Reads only as far as it needs to. */
function truncate(text: string, max: number): string {
  let points = 0;
  let cut = 0;
  for (let at = 0; at < text.length; ) {
    if (points === max - 1) cut = at;
    if (++points > max) return `${text.slice(0, cut).trimEnd()}…`;
    at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
  }
  return text;
}

/** A string field, cut at `limit` units; null when it is not a string. */
function str(value: unknown, limit = Infinity): string | null {
  if (typeof value !== 'string') return null;
  return value.length > limit ? value.slice(0, limit) : value;
}

/** One item cleaned, before keys are chosen across the batch. */
export interface PreparedItem {
  guid: string | null;
  /** The link as shown to people: cleaned, original scheme. */
  url: string | null;
  /** The link as identity: canonical, https. */
  identity: string | null;
  title: string;
  summary: string;
  content: string;
  outlet: string | null;
  /** The publisher's site (host name without "www."): from <source url>, else from a link that is not Google's. */
  publisher: string | null;
  published: string | null;
}

/** The outlet an item falls back on: the feed's own title as plain text. Computed once per batch. */
export function feedOutlet(context: NormaliseContext): string | null {
  return collapseWhitespace(htmlToText(str(context.feedTitle, FIELD_LIMITS.source) ?? '')) || null;
}

/**
 * The cheap part of an item: what its key is made of (guid, link, title; see item-key.ts) and its outlet,
 * without reading its summary or content (the costly part, done by itemBody only for items that are new).
 */
export interface ItemHead {
  raw: RawItem;
  guid: string | null;
  url: string | null;
  identity: string | null;
  /** The title as shown; '' when the item has none (its title, and so its key, then come from its body). */
  title: string;
  outlet: string | null;
  googleNews: boolean;
}

/** An item's head; null when it has neither a title nor a usable link. */
export function itemHead(raw: RawItem, context: NormaliseContext): ItemHead | null {
  // A link longer than any real one is not cut (that would make a different link): it is not used.
  const rawLink = typeof raw.link === 'string' && raw.link.length <= FIELD_LIMITS.link ? raw.link.trim() : '';
  // Both forms of the link and whether it is Google's from one parse of it.
  const link = canonicalLink(rawLink, context.feedUrl ?? null);
  const url = link?.shown ?? null;
  const identity = link?.identity ?? null;
  const source = collapseWhitespace(htmlToText(str(raw.source, FIELD_LIMITS.source))) || null;
  let title = htmlToText(str(raw.title, FIELD_LIMITS.title));
  let outlet: string | null = source;
  const googleNews = link?.googleNews ?? false;
  if (title !== '' && (googleNews || source !== null)) {
    const split = splitGoogleNewsTitle(title, source);
    title = split.title;
    if (googleNews) outlet = split.outlet ?? outlet;
  }
  if (title === '' && url === null) return null;
  return { raw, guid: cleanGuid(raw.guid), url, identity, title, outlet, googleNews };
}

/** The rest of an item: its text, a title from it when the item has none, its date and publisher. */
export function itemBody(head: ItemHead, context: NormaliseContext, fallbackOutlet: string | null): PreparedItem {
  const { raw, url } = head;
  const summaryText = htmlToText(str(raw.summary, FIELD_LIMITS.html));
  const content = htmlToText(str(raw.content, FIELD_LIMITS.html));
  const summary = summaryText !== '' ? summaryText : truncate(content, SUMMARY_FROM_CONTENT_MAX);
  const title = head.title !== '' ? head.title : summary !== '' ? truncate(summary, TITLE_FROM_SUMMARY_MAX) : (url ?? '');
  const published =
    normaliseDate(str(raw.isoDate), context.fetchedAt) ?? normaliseDate(str(raw.pubDate), context.fetchedAt);
  return {
    guid: head.guid,
    url,
    identity: head.identity,
    title,
    summary,
    content: content === summary ? '' : content,
    outlet: head.outlet ?? fallbackOutlet,
    publisher: siteOf(typeof raw.sourceUrl === 'string' ? raw.sourceUrl.slice(0, FIELD_LIMITS.link) : null) ?? (head.googleNews ? null : siteOf(url)),
    published,
  };
}

/** Cleans one raw item; null when it has neither a title nor a usable link. */
export function prepareItem(raw: RawItem, context: NormaliseContext, fallbackOutlet: string | null): PreparedItem | null {
  const head = itemHead(raw, context);
  return head === null ? null : itemBody(head, context, fallbackOutlet);
}

/** "https://www.example-gazette.co.uk/news/1" → "example-gazette.co.uk"; null when it is not an http(s) URL. */
function siteOf(url: string | null): string | null {
  const canonical = canonicalUrl(url);
  return canonical === null ? null : new URL(canonical).hostname.replace(/^www\./, '');
}

/** What chooseItemKeys reads of an item: its guid, link identity and folded title. */
export function keyCandidates(item: Pick<PreparedItem, 'guid' | 'identity' | 'title'>): KeyCandidates {
  return { guid: item.guid, link: item.identity, title: titleIdentity(item.title) };
}

/**
 * Keyed items as Articles, in order. An item whose content fingerprint an earlier one of them has (the same
 * title and text under another GUID and link) collapses into it.
 */
export function keyedArticles(items: ReadonlyArray<{ key: string; item: PreparedItem }>, context: NormaliseContext): Article[] {
  const articles: Article[] = [];
  const fingerprints = new Set<string>();
  for (const { key, item } of items) {
    const { fingerprint, story, syndication } = itemIdentities(item);
    if (fingerprint !== null && fingerprints.has(fingerprint)) continue;
    if (fingerprint !== null) fingerprints.add(fingerprint);
    articles.push({
      key,
      feedId: context.feedId,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content: item.content,
      outlet: item.outlet,
      published: item.published,
      fetchedAt: context.fetchedAt,
      ...(fingerprint !== null ? { fingerprint } : {}),
      ...(story !== null ? { story } : {}),
      ...(syndication !== null ? { syndication } : {}),
    });
  }
  return articles;
}

/**
 * Chooses the batch's keys (see item-key.ts) and makes Articles. Repeated items collapse to the first:
 * by key, and by content fingerprint (the same title and text under another GUID and link).
 */
export function keyItems(prepared: readonly PreparedItem[], context: NormaliseContext): Article[] {
  const choices = chooseItemKeys(prepared.map(keyCandidates));
  return keyedArticles(
    choices.flatMap(({ key, index }) => (prepared[index] === undefined ? [] : [{ key, item: prepared[index] }])),
    context,
  );
}

/** A fetched feed's items: their keys at once, their Articles (the costly part) only for the items asked for. */
export interface FeedItems {
  /** Each item's key, in the feed's order; repeats collapsed. */
  readonly keys: readonly string[];
  /** The Articles of the items whose key `wanted` keeps (every item by default), in the feed's order. */
  articles(wanted?: (key: string) => boolean): Promise<Article[]>;
  /**
   * The items `wanted` keeps as a first poll's backlog keeps them (domain/backlog.ts): as parsed, their text
   * not read yet.
   */
  backlog(wanted?: (key: string) => boolean): BacklogItem[];
}

/** Items already made into Articles, as FeedItems. */
export function feedItemsOf(articles: readonly Article[]): FeedItems {
  return {
    keys: articles.map((a) => a.key),
    articles: async (wanted = () => true) => articles.filter((a) => wanted(a.key)),
    backlog: (wanted = () => true) => articles.filter((a) => wanted(a.key)).map((article) => ({ kind: 'article', article })),
  };
}

/**
 * Cleans a feed's raw items into Articles with stable keys (see item-key.ts). Items with neither a
 * title nor a link are skipped; repeated items collapse to the first.
 */
export function normaliseItems(rawItems: readonly RawItem[], context: NormaliseContext): Article[] {
  const outlet = feedOutlet(context);
  const prepared: PreparedItem[] = [];
  for (const raw of rawItems) {
    const item = prepareItem(raw, context, outlet);
    if (item !== null) prepared.push(item);
  }
  return keyItems(prepared, context);
}
