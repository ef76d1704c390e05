// One page-based source, one poll: conditional GET → decode → read (a feed parser, a listing reader) →
// normalise. The HTTP client is passed in, so tests hand over a fake function and nothing global is patched.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { feedOutlet, keyItems, prepareItem } from '../domain/normalise.ts';
import type { NormaliseContext, PreparedItem, RawItem } from '../domain/normalise.ts';
import type { Article } from '../domain/types.ts';
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
  const articles = await normaliseInTurns(page.items, {
    feedId: feed.id,
    feedTitle: feedTitle ?? feed.name,
    fetchedAt,
    feedUrl: response.url,
  });
  return {
    kind: 'ok',
    articles,
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

/** normaliseItems, giving the event loop turns between items so that a 5 MB feed never blocks it. */
async function normaliseInTurns(items: readonly RawItem[], context: NormaliseContext): Promise<Article[]> {
  const outlet = feedOutlet(context);
  const prepared: PreparedItem[] = [];
  const pause = turnTaker();
  for (const raw of items) {
    const item = prepareItem(raw, context, outlet);
    if (item !== null) prepared.push(item);
    await pause();
  }
  return keyItems(prepared, context);
}
