// The source kinds, by the name a feed gives in `kind:` (config) or that `feed add` stores. Adding a
// kind is one file in this folder (it exports a Source), its test, and one line in SOURCES.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { Article } from '../domain/types.ts';
import { fetchPage } from './fetch-feed.ts';
import { icoNewsSource } from './ico-news.ts';
import { rssSource } from './rss.ts';
import type { FetchContext, SourceFeed, SourcePage, SourceResult, Source, Validators } from './source.ts';

const SOURCES = {
  rss: rssSource,
  'ico-news': icoNewsSource,
} as const satisfies Record<string, Source>;

export type SourceKind = keyof typeof SOURCES;
/** `auto`: the first kind, in SOURCES' order, that can read what the URL serves. */
export type KindChoice = SourceKind | 'auto';

export const SOURCE_KINDS = Object.keys(SOURCES) as SourceKind[];
export const KIND_CHOICES: readonly KindChoice[] = ['auto', ...SOURCE_KINDS];

export const isSourceKind = (value: unknown): value is SourceKind => typeof value === 'string' && Object.hasOwn(SOURCES, value);

/**
 * Reads one fetched page as the first kind that recognises it, rss first. When none does, the rss
 * kind's error stands (it says what the page is and what to do), so feeds fail exactly as before kinds.
 */
async function readAnyPage(text: string, where: string, url: string): Promise<SourcePage & { kind: SourceKind }> {
  let firstError: unknown = null;
  for (const kind of SOURCE_KINDS) {
    const read = (SOURCES[kind] as Source).readPage;
    if (read === undefined) continue;
    try {
      return { kind, ...(await read(text, where, url)) };
    } catch (error) {
      // Only "this is not my kind of page" moves on: a broken feed is a broken feed.
      if (!(error instanceof BreachwatchError) || error.code !== ErrorCode.FeedNotAFeed) throw error;
      firstError ??= error;
    }
  }
  throw firstError ?? new BreachwatchError(ErrorCode.FeedNotAFeed, `${where} is of no kind breachwatch reads.`);
}

/**
 * Fetches a URL once and tells which kind it is, with what it holds: a body that parses as a feed is
 * `rss`, an ICO news listing is `ico-news`. For `feed add` and `feed test`; throws BreachwatchError.
 */
export async function detectSource(
  feed: SourceFeed,
  context: FetchContext,
): Promise<{ kind: SourceKind; result: Extract<SourceResult, { kind: 'ok' }> }> {
  let kind: SourceKind = 'rss';
  const result = await fetchPage(feed, null, context, async (text, where, url) => {
    const page = await readAnyPage(text, where, url);
    kind = page.kind;
    return page;
  });
  if (result.kind !== 'ok') {
    throw new BreachwatchError(ErrorCode.FeedUnreachable, `${feed.url} answered 304 Not Modified to a request without validators.`);
  }
  return { kind, result };
}

/** `feed add`, `feed test` and `replay <url>`: a URL read now as the kind it is detected to be. */
export async function readSourceNow(
  url: string,
  context: FetchContext,
): Promise<{ feedTitle: string | null; articles: Article[]; kind: SourceKind }> {
  const { kind, result } = await detectSource({ id: 'feed-test', name: url, url }, context);
  return { feedTitle: result.feedTitle, articles: await result.items.articles(), kind };
}

/** Fetches a feed as its kind says; `auto` (or none) reads the page as whichever kind it is. */
export function fetchSource(
  feed: SourceFeed & { kind?: KindChoice | undefined },
  validators: Validators | null,
  context: FetchContext,
): Promise<SourceResult> {
  const kind = feed.kind ?? 'auto';
  if (kind === 'auto') return fetchPage(feed, validators, context, readAnyPage);
  return SOURCES[kind].fetch(feed, validators, context);
}
