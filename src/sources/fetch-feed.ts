// One feed, one poll: conditional GET → decode → parse → normalise. The HTTP client is passed in,
// so tests hand over a fake function and nothing global is patched.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { feedOutlet, keyItems, prepareItem } from '../domain/normalise.ts';
import type { NormaliseContext, PreparedItem, RawItem } from '../domain/normalise.ts';
import type { Article } from '../domain/types.ts';
import { decodeFeedBody } from './decode.ts';
import type { HttpGet, HttpGetOptions } from './http-get.ts';
import { parseFeed } from './parse-feed.ts';
import { turnTaker } from './turns.ts';

export interface FeedSource {
  id: string;
  url: string;
  name: string;
}

export interface ConditionalState {
  etag: string | null;
  lastModified: string | null;
}

export interface FetchFeedDeps {
  httpGet: HttpGet;
  now: () => Date;
  signal?: AbortSignal;
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  userAgent?: string;
}

export type FetchFeedResult =
  | { kind: 'not_modified' }
  | {
      kind: 'ok';
      articles: Article[];
      etag: string | null;
      lastModified: string | null;
      feedTitle: string | null;
      /** The URL the feed was finally read from (after redirects). */
      finalUrl: string;
    };

/** Fetches and normalises one feed. Throws BreachwatchError (Feed* codes) on failure. */
export async function fetchFeed(
  feed: FeedSource,
  state: ConditionalState | null,
  deps: FetchFeedDeps,
): Promise<FetchFeedResult> {
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
  const parsed = await parseFeed(decoded.text, where);
  const feedTitle = parsed.title?.trim() || null;
  const articles = await normaliseInTurns(parsed.items, {
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
