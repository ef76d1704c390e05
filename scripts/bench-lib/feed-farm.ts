// A loopback feed server for `npm run bench:startup` and `npm run soak`, in process: N feeds at /feed/<i>,
// every tenth one a real-world peer feed, the rest generated UK news feeds of 30 items (the stories and RSS of
// bench:pipeline's feeds, news-feeds.ts), each with an ETag and 304 to a matching If-None-Match (serve-feed.ts).
// `advance()` adds one new item to a share of the generated feeds (their ETag changes), as a news cycle does.
import * as news from './news-feeds.ts';
import { listenFeeds, type ServedFeed } from './serve-feed.ts';

/** The items of a generated farm feed (bench:pipeline's have news.ITEMS_PER_FEED). */
const ITEMS_PER_FEED = 30;
const EPOCH = Date.UTC(2026, 0, 1);
const HOUR_MS = 3_600_000;

export interface FeedFarm {
  /** The feeds' URLs, /feed/0 … /feed/N-1. */
  urls: readonly string[];
  /** The generated news feeds' URLs (the others serve peer fixtures). */
  generatedUrls: readonly string[];
  /** Requests answered so far, and how many of them were 304. */
  stats(): { requests: number; notModified: number };
  /** Resolves when the server has answered its first request (performance.now() of this process). */
  firstRequest(): Promise<number>;
  /** Adds one new item to `share` (0-1) of the generated feeds. */
  advance(share: number): void;
  close(): Promise<void>;
}

/** Generated feed `feed` when its newest item is number `top`: items `top` downwards, an hour apart. */
function newsFeed(pool: news.StoryPool, feed: number, top: number): ServedFeed {
  const items: news.NewsItem[] = [];
  for (let n = top; n > top - ITEMS_PER_FEED && n >= 0; n--) {
    items.push(news.newsItem(pool, feed * 1_000_000 + n, new Date(EPOCH + n * HOUR_MS)));
  }
  return { body: news.renderNewsFeed(feed, items), type: news.NEWS_FEED_TYPE, etag: `"${feed}-${top}"` };
}

export async function startFeedFarm(count: number): Promise<FeedFarm> {
  const pool = news.loadStoryPool();
  const peers = news.loadPeerFeeds();
  const feeds: ServedFeed[] = Array.from({ length: count }, (_, i) => {
    const peer = news.peerFeedAt(peers, i);
    if (peer === undefined) return newsFeed(pool, i, ITEMS_PER_FEED - 1);
    return { body: peer.body, type: peer.type, etag: `"${i}-peer"` };
  });
  // Generated feeds: the number of their newest item (one more per advance() that picked them).
  const tops = new Map<number, number>();
  for (let i = 0; i < count; i++) if (news.peerFeedAt(peers, i) === undefined) tops.set(i, ITEMS_PER_FEED - 1);
  const generated = [...tops.keys()];
  let requests = 0;
  let notModified = 0;
  let cycle = 0;
  let markFirst: (at: number) => void = () => undefined;
  const first = new Promise<number>((resolve) => (markFirst = resolve));
  const server = await listenFeeds((i) => feeds[i], {
    keepAliveMs: 60_000,
    onServed: (status) => {
      requests += 1;
      if (requests === 1) markFirst(performance.now());
      if (status === 304) notModified += 1;
    },
  });
  const url = (i: number): string => `http://127.0.0.1:${server.port}/feed/${i}`;
  return {
    urls: Array.from({ length: count }, (_, i) => url(i)),
    generatedUrls: generated.map(url),
    stats: () => ({ requests, notModified }),
    firstRequest: () => first,
    advance: (share) => {
      cycle += 1;
      const every = Math.max(1, Math.round(1 / share));
      for (const [k, feed] of generated.entries()) {
        if ((k + cycle) % every !== 0) continue;
        const top = (tops.get(feed) ?? 0) + 1;
        tops.set(feed, top);
        feeds[feed] = newsFeed(pool, feed, top);
      }
    },
    close: () => server.close(),
  };
}
