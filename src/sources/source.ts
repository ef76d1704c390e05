// The one interface every source kind implements (docs/adr/015-source-kinds.md): given a feed, the
// validators of its last fetch and the fetch context, it answers `not_modified` or the feed's items as
// Articles with the new validators and the source's title. Kinds are listed in source-kinds.ts.
import type { FeedItems, RawItem } from '../domain/normalise.ts';
import type { HttpGet } from './http-get.ts';

/** What a source needs to know about the feed it reads. */
export interface SourceFeed {
  id: string;
  url: string;
  name: string;
}

/** The conditional-request validators of the last successful fetch (ETag, Last-Modified). */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** How a source fetches: the safe HTTP client (passed in, so tests hand over the real one on loopback). */
export interface FetchContext {
  httpGet: HttpGet;
  now: () => Date;
  signal?: AbortSignal;
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  userAgent?: string;
}

export type SourceResult =
  | { kind: 'not_modified' }
  | {
      kind: 'ok';
      /** The items: keys at once, Articles when asked for (only the unseen ones are normalised). */
      items: FeedItems;
      etag: string | null;
      lastModified: string | null;
      /** The source's own title (a feed's <title>, a page's <title>), or null. */
      feedTitle: string | null;
      /** The URL the source was finally read from (after redirects). */
      finalUrl: string;
    };

/** One fetched page read into raw items: what a page-based kind (a feed, a listing page) gives. */
export interface SourcePage {
  title: string | null;
  items: RawItem[];
}

/**
 * Reads one fetched, decoded page. Throws BreachwatchError; FeedNotAFeed when the page is not of this
 * kind at all (so that `auto` can try the next kind on the same page).
 */
export type ReadPage = (text: string, where: string, url: string) => Promise<SourcePage>;

export interface Source {
  /** Fetches the feed; throws BreachwatchError (Feed* codes) on failure. */
  fetch(feed: SourceFeed, validators: Validators | null, context: FetchContext): Promise<SourceResult>;
  /** For kinds read from one page: how to read it, so one download can be tried against every kind. */
  readPage?: ReadPage;
}
