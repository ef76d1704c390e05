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

/**
 * A row as a slice reads it: where it is kept. A first poll is kept as ONE store row (`poll`) holding its items
 * in order; `index` is the item's place among them. The worker records them in order, so what is done with is
 * a count from the start (BacklogDrain).
 */
export interface BacklogSliceRow extends BacklogRow {
  poll: number;
  index: number;
}

/** A slice's rows done with: `count` items of first poll `poll` from `from` (the first not yet recorded). */
export interface BacklogDrain {
  poll: number;
  from: number;
  count: number;
}

/** The drains of a slice's rows: one per first poll, each a run of items in order. */
export function backlogDrains(rows: readonly BacklogSliceRow[]): BacklogDrain[] {
  const drains: BacklogDrain[] = [];
  for (const { poll, index } of rows) {
    const last = drains.at(-1);
    if (last !== undefined && last.poll === poll && last.from + last.count === index) last.count += 1;
    else drains.push({ poll, from: index, count: 1 });
  }
  return drains;
}

/** What a stored first poll holds: the context its items were read in (once), and its items in order. */
interface StoredPoll {
  context?: NormaliseContext;
  /** An item of a store from before (one row per item, migration 013) carries its own `kind` and context. */
  items: Array<{ key?: string; raw?: RawItem; context?: NormaliseContext; article?: Article }>;
}

/**
 * One first poll's items as the store keeps them: ONE text for the whole poll, the context written once (every
 * raw item of a poll shares it), so that a first poll writes one row, not one per item.
 */
export function encodeBacklogPoll(items: readonly BacklogItem[]): string {
  const context = items.find((item) => item.kind === 'raw')?.context;
  const stored: StoredPoll = {
    ...(context !== undefined ? { context } : {}),
    items: items.map((item) =>
      item.kind === 'article' ? { article: item.article }
      : item.context === context ? { key: item.key, raw: item.raw }
      : { key: item.key, raw: item.raw, context: item.context }),
  };
  return JSON.stringify(stored);
}

/** A stored first poll's items, in order (encodeBacklogPoll, or migration 014's rows from before). Throws if it is not one. */
export function decodeBacklogPoll(text: string): BacklogItem[] {
  const stored = JSON.parse(text) as Partial<StoredPoll> | null;
  if (stored === null || typeof stored !== 'object' || !Array.isArray(stored.items)) {
    throw new TypeError('A backlog row does not hold a first poll\'s items.');
  }
  return stored.items.map((item, index): BacklogItem => {
    if (item.article !== undefined) return { kind: 'article', article: item.article };
    const context = item.context ?? stored.context;
    if (typeof item.key !== 'string' || item.raw === undefined || context === undefined) {
      throw new TypeError(`Item ${index} of a backlog row is neither an article nor a raw item with its key and context.`);
    }
    return { kind: 'raw', key: item.key, raw: item.raw, context };
  });
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
  const compact: Record<string, string> = {};
  const keep = (field: keyof RawItem, value: string | null): void => {
    if (value !== null && value !== '') compact[field] = value;
  };
  keep('guid', cut(raw.guid, Number.POSITIVE_INFINITY));
  keep('link', typeof raw.link === 'string' && raw.link.length <= FIELD_LIMITS.link ? raw.link : null);
  keep('title', cut(raw.title, FIELD_LIMITS.title));
  keep('summary', cut(raw.summary, FIELD_LIMITS.html));
  keep('content', cut(raw.content, FIELD_LIMITS.html));
  keep('isoDate', cut(raw.isoDate, FIELD_LIMITS.date + 1));
  keep('pubDate', cut(raw.pubDate, FIELD_LIMITS.date + 1));
  keep('source', cut(raw.source, FIELD_LIMITS.source));
  keep('sourceUrl', cut(raw.sourceUrl, FIELD_LIMITS.link));
  return compact as RawItem;
}

/** The item's key in its feed. */
export function backlogKey(item: BacklogItem): string {
  return item.kind === 'raw' ? item.key : item.article.key;
}

/**
 * The Articles of one feed's backlog rows, oldest first (by publication, else fetch time), as the first poll
 * would have made them. A row whose item no longer makes an Article (none should) is left out; rows that share
 * a content fingerprint collapse into the first, as within one poll (normalise.ts keyedArticles).
 */
export function backlogArticles(rows: ReadonlyArray<Pick<BacklogRow, 'item'>>): Article[] {
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
export function backlogFingerprints(rows: ReadonlyArray<Pick<BacklogRow, 'item'>>): Set<string> {
  return new Set(backlogArticles(rows).flatMap((a) => (a.fingerprint === undefined ? [] : [a.fingerprint])));
}

/** One line for logs and `/breach stats`: what is still waiting, or null when nothing is. */
export function describeBacklog(status: BacklogStatus): string | null {
  if (status.items === 0) return null;
  const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(status.items, 'past item')} from the first polls of ${plural(status.feeds, 'feed')} are still being recorded`;
}
