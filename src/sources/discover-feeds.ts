// Finding a site's feeds when `feed add` is given a web page instead of a feed: the page's
// <link rel="alternate" type="application/rss+xml|atom+xml"> links first, then a few common paths. Each
// candidate is fetched through the same safe client (its address policy refuses private and local
// addresses, on every hop) and counts only if it parses as a feed. Bounded: one page, at most
// MAX_ALTERNATES + COMMON_FEED_PATHS.length probes, PROBES_AT_ONCE at a time, the page scanned linearly.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { collapseWhitespace, decodeEntities, htmlToText } from '../domain/html-text.ts';
import { decodeFeedBody } from './decode.ts';
import type { HttpResponse } from './http-get.ts';
import { parseFeed } from './parse-feed.ts';
import { tagAttributes } from '../domain/html-scan.ts';

/** Where sites commonly serve their feed (WordPress, Ghost, Blogger, Hugo, Jekyll…), tried when the page links none. */
export const COMMON_FEED_PATHS = ['/feed', '/rss', '/rss.xml', '/feed.xml', '/atom.xml', '/feeds/posts/default', '/index.xml'] as const;
/** The most alternate links of one page that are tried. */
export const MAX_ALTERNATES = 5;
/** How much of the page is read for links: they are in its <head>, near the top. */
export const PAGE_SCAN_CHARS = 256 * 1024;
const PROBES_AT_ONCE = 3;
const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml']);

export interface FoundFeed {
  /** The feed's address (after redirects): what to give `feed add`. */
  url: string;
  /** The feed's own title, as plain text. */
  title: string | null;
  items: number;
}

export interface Discovery {
  /** The page's address after redirects. */
  page: string;
  feeds: FoundFeed[];
  /** Candidate links the address policy refused (a private or local address): never fetched. */
  refused: string[];
  /** How many candidate addresses were tried (fetched or refused). */
  tried: number;
}

export interface DiscoverDeps {
  /** A GET through the safe client and the configured address policy (http-get.ts); throws BreachwatchError. */
  get: (url: string, signal: AbortSignal) => Promise<HttpResponse>;
  signal: AbortSignal;
}

export interface FeedLink {
  url: string;
  title: string | null;
}

/** Fetches the page at `pageUrl` and looks for its site's feeds. Throws when the page itself cannot be had. */
export async function discoverFeeds(pageUrl: string, deps: DiscoverDeps): Promise<Discovery> {
  const page = await deps.get(pageUrl, deps.signal);
  const html = decodeFeedBody(page.body, page.headers['content-type'] ?? null).text;
  const alternates = feedLinks(html, page.url).map((link) => link.url);
  const discovery: Discovery = { page: page.url, feeds: [], refused: [], tried: 0 };
  await probeAll(alternates, discovery, deps);
  if (discovery.feeds.length === 0) {
    const origin = new URL(page.url).origin;
    await probeAll(COMMON_FEED_PATHS.map((path) => `${origin}${path}`).filter((url) => !alternates.includes(url)), discovery, deps);
  }
  return discovery;
}

async function probeAll(urls: readonly string[], discovery: Discovery, deps: DiscoverDeps): Promise<void> {
  for (let at = 0; at < urls.length && !deps.signal.aborted; at += PROBES_AT_ONCE) {
    const batch = urls.slice(at, at + PROBES_AT_ONCE);
    const results = await Promise.all(batch.map((url) => probe(url, deps)));
    discovery.tried += batch.length;
    for (const [index, result] of results.entries()) {
      if (result === 'refused') discovery.refused.push(batch[index] as string);
      else if (result !== null && !discovery.feeds.some((f) => f.url === result.url)) discovery.feeds.push(result);
    }
  }
}

/** One candidate: a feed, 'refused' by the address policy, or null (missing, not a feed, failing). */
async function probe(url: string, deps: DiscoverDeps): Promise<FoundFeed | 'refused' | null> {
  try {
    const response = await deps.get(url, deps.signal);
    const feed = await parseFeed(decodeFeedBody(response.body, response.headers['content-type'] ?? null).text, url);
    return { url: response.url, title: collapseWhitespace(htmlToText(feed.title ?? '')) || null, items: feed.items.length };
  } catch (error) {
    if (error instanceof BreachwatchError && error.code === ErrorCode.FeedUrlRefused) return 'refused';
    return null;
  }
}

/**
 * The RSS/Atom links a page declares (`<link rel="alternate" type="application/rss+xml" href>`), made
 * absolute against the page (or its <base href>), http(s) only, at most MAX_ALTERNATES, first wins.
 * A hand-written scan over the first PAGE_SCAN_CHARS: each character is looked at a bounded number of times.
 */
export function feedLinks(html: string, pageUrl: string): FeedLink[] {
  const text = html.length > PAGE_SCAN_CHARS ? html.slice(0, PAGE_SCAN_CHARS) : html;
  let base = pageUrl;
  const links: FeedLink[] = [];
  for (let at = text.indexOf('<'); at !== -1 && links.length < MAX_ALTERNATES; at = text.indexOf('<', at + 1)) {
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end === -1) break;
      at = end + 2;
      continue;
    }
    const name = tagAt(text, at, ['link', 'base']);
    if (name === null) continue;
    const end = text.indexOf('>', at);
    if (end === -1) break;
    const attributes = readAttributes(text.slice(at + 1 + name.length, end));
    at = end;
    const href = attributes.get('href');
    if (href === undefined) continue;
    if (name === 'base') {
      base = absoluteHttpUrl(href, pageUrl) ?? base;
      continue;
    }
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attributes.get('type') ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
    if (!rel.includes('alternate') || !FEED_TYPES.has(type)) continue;
    const url = absoluteHttpUrl(href, base);
    if (url === null || links.some((l) => l.url === url)) continue;
    links.push({ url, title: collapseWhitespace(attributes.get('title') ?? '') || null });
  }
  return links;
}

/** Which of `names` (lower-case) the tag opening at `at` is, in any case, or null. */
function tagAt(text: string, at: number, names: readonly string[]): string | null {
  for (const name of names) {
    const after = text.charAt(at + 1 + name.length);
    if (text.slice(at + 1, at + 1 + name.length).toLowerCase() === name && (after === '' || /[\s/>]/.test(after))) return name;
  }
  return null;
}

/** A tag's attributes (names lower-cased, values entity-decoded; the first of a repeated name wins). */
function readAttributes(source: string): Map<string, string> {
  return new Map(Object.entries(tagAttributes(source)).map(([name, value]) => [name, decodeEntities(value)]));
}

function absoluteHttpUrl(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    url.hash = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
