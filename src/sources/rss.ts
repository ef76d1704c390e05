// The `rss` source kind: RSS 2.0, RSS 1.0 (RDF) and Atom feeds, Google News search feeds included.
import { fetchFeed } from './fetch-feed.ts';
import { parseFeed } from './parse-feed.ts';
import type { Source } from './source.ts';

export const rssSource: Source = {
  fetch: fetchFeed,
  readPage: (text, where) => parseFeed(text, where),
};
