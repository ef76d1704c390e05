// One page-based source, one poll: conditional GET → decode → read (a feed parser, a listing reader) →
// normalise. The HTTP client is passed in, so tests hand over a fake function and nothing global is patched.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { compactRawItem } from '../domain/backlog.ts';
import { chooseKeys, titleIdentity } from '../domain/item-key.ts';
import { feedOutlet, itemBody, itemHead, keyedArticles } from '../domain/normalise.ts';
import type { FeedItems, ItemHead, NormaliseContext, PreparedItem, RawItem } from '../domain/normalise.ts';
import { decodeFeedBody } from './decode.ts';
import type { HttpGetOptions } from './http-get.ts';
import { parseFeed } from './parse-feed.ts';
import type { FetchContext, ReadPage, SourceFeed, SourceResult, Validators } from './source.ts';
import { turnTaker } from './turns.ts';

/** The names this module had before source kinds (docs/adr/015-source-kinds.md): same types. */
export type FeedSource = SourceFeed;
export type ConditionalState = Validators;
export type FetchFeedDeps = FetchContext;
export type FetchFeedResult = SourceResult;

/** Fetches one page with the validators, reads it with `read` and normalises its items. Throws BreachwatchError. */
export async function fetchPage(
  feed: SourceFeed,
  state: Validators | null,
  deps: FetchContext,
  read: ReadPage,
): Promise<SourceResult> {
  const options: HttpGetOptions = {
    allowPrivateAddresses: deps.allowPrivateAddresses,
    maxBytes: deps.maxBytes,
    etag: state?.etag ?? null,
    lastModified: state?.lastModified ?? null,
  };
  if (deps.signal) options.signal = deps.signal;
  if (deps.timeoutMs !== undefined) options.timeoutMs = deps.timeoutMs;
  if (deps.idleTimeoutMs !== undefined) options.idleTimeoutMs = deps.idleTimeoutMs;
  if (deps.userAgent !== undefined) options.userAgent = deps.userAgent;

  const where = `feed "${feed.name}" (${feed.url})`;
  let response;
  try {
    response = await deps.httpGet(feed.url, options);
  } catch (error) {
    if (error instanceof BreachwatchError) throw error;
    throw new BreachwatchError(ErrorCode.FeedUnreachable, `${where} could not be fetched: ${String(error)}`, { cause: error });
  }
  if (response.notModified || response.status === 304) return { kind: 'not_modified' };

  const fetchedAt = deps.now().toISOString();
  const decoded = decodeFeedBody(response.body, response.headers['content-type'] ?? null);
  const page = await read(decoded.text, where, response.url);
  const feedTitle = page.title?.trim() || null;
  const items = await readFeedItems(page.items, {
    feedId: feed.id,
    feedTitle: feedTitle ?? feed.name,
    fetchedAt,
    feedUrl: response.url,
  });
  return {
    kind: 'ok',
    items,
    etag: response.etag,
    lastModified: response.lastModified,
    feedTitle,
    finalUrl: response.url,
  };
}

/** Fetches and normalises one RSS/Atom/RDF feed (the `rss` kind). Throws BreachwatchError (Feed* codes) on failure. */
export function fetchFeed(feed: SourceFeed, state: Validators | null, deps: FetchContext): Promise<SourceResult> {
  return fetchPage(feed, state, deps, (text, where) => parseFeed(text, where));
}

/**
 * A feed's items keyed from their heads (guid, link, title); an item's summary and content are read only
 * when its Article is asked for (poll-feed.ts asks for the unseen ones). Gives the event loop turns between
 * items, so that a 5 MB feed never blocks it.
 */
export async function readFeedItems(rawItems: readonly RawItem[], context: NormaliseContext): Promise<FeedItems> {
  const outlet = feedOutlet(context);
  const pause = turnTaker();
  const heads: Array<{ head: ItemHead; body: PreparedItem | null }> = [];
  for (const raw of rawItems) {
    const head = itemHead(raw, context);
    // An item without a title takes one from its text, and its key with it: its body is read now.
    if (head !== null) heads.push({ head, body: head.title === '' ? itemBody(head, context, outlet) : null });
    const turn = pause();
    if (turn) await turn;
  }
  // A title is folded for its key only when the item's GUID and link do not tell it apart (item-key.ts chooseKeys).
  const identities = heads.map(({ head, body }) => ({ guid: (body ?? head).guid, link: (body ?? head).identity }));
  const titleOf = (index: number): string | null => {
    const entry = heads[index];
    return entry === undefined ? null : titleIdentity((entry.body ?? entry.head).title);
  };
  const keyed = chooseKeys(identities, titleOf).flatMap(({ key, index }) => {
    const entry = heads[index];
    return entry === undefined ? [] : [{ key, ...entry }];
  });
  return {
    keys: keyed.map(({ key }) => key),
    async articles(wanted = () => true) {
      const items: Array<{ key: string; item: PreparedItem }> = [];
      for (const { key, head, body } of keyed) {
        if (!wanted(key)) continue;
        items.push({ key, item: body ?? itemBody(head, context, outlet) });
        const turn = pause();
        if (turn) await turn;
      }
      return keyedArticles(items, context);
    },
    backlog(wanted = () => true) {
      return keyed.filter(({ key }) => wanted(key)).map(({ key, head }) => ({ kind: 'raw', key, raw: compactRawItem(head.raw), context }));
    },
  };
}
