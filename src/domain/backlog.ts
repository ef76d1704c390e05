// The backlog of first polls (docs/adr/024-first-poll-backlog.md): what a feed's first poll keeps of each item
// so that it can be classified, clustered and stored later, between polls, without fetching it again. Pure.
// A feed's item is kept as parsed (its raw fields, cut as normalise.ts would cut them, and the context it was
// read in): making it an Article (its text read, the costly part) is left to the worker, so a first poll costs
// little more than fetching and parsing. Items a source already made into Articles are kept as they are.
import { FIELD_LIMITS, feedOutlet, itemBody, itemHead, keyedArticles, type NormaliseContext, type RawItem } from './normalise.ts';
import type { Article } from './types.ts';
import { compareText, formatCount } from './text-order.ts';

export type BacklogItem =
  /** `key`: its key, chosen across the whole feed at the first poll (item-key.ts). */
  | { kind: 'raw'; key: string; raw: RawItem; context: NormaliseContext }
  | { kind: 'article'; article: Article };

/** A backlog row as the store gives it back. */
export interface BacklogRow {
  feedId: string;
  key: string;
  item: BacklogItem;
}

/** How much the backlog holds: rows waiting and the feeds they come from, and when the oldest was queued. */
export interface BacklogStatus {
  items: number;
  feeds: number;
  oldestQueuedAt: string | null;
}

const cut = (value: unknown, limit: number): string | null =>
  typeof value !== 'string' ? null : value.length > limit ? value.slice(0, limit) : value;

/**
 * A raw item with only what normalising reads: each field cut where normalise.ts cuts it (so the Article made
 * later is the one a first poll would have made), empty fields left out. A link longer than any real one is
 * not used by normalise.ts (it is not cut), so it is dropped here.
 */
export function compactRawItem(raw: RawItem): RawItem {
  const fields: Array<[keyof RawItem, string | null]> = [
    ['guid', cut(raw.guid, Number.POSITIVE_INFINITY)],
    ['link', typeof raw.link === 'string' && raw.link.length <= FIELD_LIMITS.link ? raw.link : null],
    ['title', cut(raw.title, FIELD_LIMITS.title)],
    ['summary', cut(raw.summary, FIELD_LIMITS.html)],
    ['content', cut(raw.content, FIELD_LIMITS.html)],
    ['isoDate', cut(raw.isoDate, FIELD_LIMITS.date + 1)],
    ['pubDate', cut(raw.pubDate, FIELD_LIMITS.date + 1)],
    ['source', cut(raw.source, FIELD_LIMITS.source)],
    ['sourceUrl', cut(raw.sourceUrl, FIELD_LIMITS.link)],
  ];
  return Object.fromEntries(fields.filter(([, value]) => value !== null && value !== '')) as RawItem;
}

/** The item's key in its feed. */
export function backlogKey(item: BacklogItem): string {
  return item.kind === 'raw' ? item.key : item.article.key;
}

/** The seen-state keys a first poll writes for an item: its key only (its content fingerprint needs its text read). */
export function firstPollSeenKeys(items: readonly BacklogItem[]): string[] {
  return items.map(backlogKey);
}

/**
 * The Articles of one feed's backlog rows, oldest first (by publication, else fetch time), as the first poll
 * would have made them. A row whose item no longer makes an Article (none should) is left out; rows that share
 * a content fingerprint collapse into the first, as within one poll (normalise.ts keyedArticles).
 */
export function backlogArticles(rows: readonly BacklogRow[]): Article[] {
  const articles: Article[] = [];
  const outlets = new Map<string, string | null>();
  const fingerprints = new Set<string>();
  for (const { item } of rows) {
    const article = item.kind === 'article' ? item.article : rawArticle(item, outlets);
    if (article === null) continue;
    if (article.fingerprint !== undefined) {
      if (fingerprints.has(article.fingerprint)) continue;
      fingerprints.add(article.fingerprint);
    }
    articles.push(article);
  }
  return articles.sort((a, b) => compareText(a.published ?? a.fetchedAt, b.published ?? b.fetchedAt));
}

/** `outlets`: the feed outlet by feed title (the same for every row of a poll, read once). */
function rawArticle(item: Extract<BacklogItem, { kind: 'raw' }>, outlets: Map<string, string | null>): Article | null {
  const head = itemHead(item.raw, item.context);
  if (head === null) return null;
  const title = item.context.feedTitle ?? '';
  let outlet = outlets.get(title);
  if (outlet === undefined) {
    outlet = feedOutlet(item.context);
    outlets.set(title, outlet);
  }
  return keyedArticles([{ key: item.key, item: itemBody(head, item.context, outlet) }], item.context)[0] ?? null;
}

/** The content fingerprints of a feed's waiting rows: seen-state that is not written until they are recorded. */
export function backlogFingerprints(rows: readonly BacklogRow[]): Set<string> {
  return new Set(backlogArticles(rows).flatMap((a) => (a.fingerprint === undefined ? [] : [a.fingerprint])));
}

/** One line for logs and `/breach stats`: what is still waiting, or null when nothing is. */
export function describeBacklog(status: BacklogStatus): string | null {
  if (status.items === 0) return null;
  const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(status.items, 'past item')} from the first polls of ${plural(status.feeds, 'feed')} are still being recorded`;
}
