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
