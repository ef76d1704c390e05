// Google News searches as feeds: the UK edition's RSS search URL for a query, and the feed's name.
// The items' quirks (publisher in <source>, " - Publisher" title suffix, opaque links) are handled in
// src/domain/normalise.ts; the same story from several searches is one article (src/domain/item-key.ts).

/** The longest search accepted: Google's own limit is higher, but a feed's query is a few words. */
export const MAX_GOOGLE_QUERY = 200;

/** The UK-edition Google News RSS search for `query` (words as typed; Google reads quotes and OR itself). */
export function googleNewsSearchUrl(query: string): string {
  const q = encodeURIComponent(query.trim().replace(/\s+/g, ' '));
  return `https://news.google.com/rss/search?q=${q}&hl=en-GB&gl=GB&ceid=GB:en`;
}

/** "Google News — council data breach": the feed's name, and so its id (google-news-council-data-breach). */
export function googleNewsFeedName(query: string): string {
  return `Google News — ${query.trim().replace(/\s+/g, ' ')}`;
}

/**
 * The search words of a Google News web search page pasted as a feed ("https://news.google.com/search?q=…"),
 * or null for any other address: that page is HTML, and its RSS twin is the feed.
 */
export function googleNewsWebSearchQuery(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname !== 'news.google.com' || !/^\/search\/?$/.test(parsed.pathname)) return null;
  const q = parsed.searchParams.get('q')?.trim() ?? '';
  return q === '' ? null : q;
}
