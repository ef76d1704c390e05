// The loopback feed server of `npm run bench:pipeline`, run as a child process (so that its CPU is not
// counted with the pollers'): N feeds at http://127.0.0.1:<port>/feed/<n>, each with an ETag and a
// Last-Modified, answering 304 to a request whose validators match (serve-feed.ts). Every tenth feed is one of
// the real-world peer feeds (they never change); the others are generated news feeds of 50 items
// (news-feeds.ts). The parent drives it over IPC: `advance` gives a share of the generated feeds a few new
// items, as a steady cycle sees.
import * as news from './news-feeds.ts';
import { listenFeeds, type ServedFeed } from './serve-feed.ts';

export type ServerRequest = { type: 'advance'; at: string; fraction: number; newItems: number } | { type: 'stop' };
export type ServerReply = { type: 'ready'; port: number; peerFeeds: number } | { type: 'advanced'; changed: number };

interface Feed extends ServedFeed {
  lastModified: string;
  version: number;
  /** Generated feeds only: their items, newest first. */
  items: news.NewsItem[] | null;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const start = new Date(process.argv[3] ?? Date.now());
  if (!(count > 0) || typeof process.send !== 'function') {
    throw new Error('usage: forked by bench-pipeline.ts with <feeds> <start ISO time>');
  }
  process.on('disconnect', () => process.exit(0));
  const pool = news.loadStoryPool();
  const peers = news.loadPeerFeeds();
  let nextSeq = 1;
  const stamp = (feed: number, version: number, at: Date): Pick<Feed, 'etag' | 'lastModified' | 'version'> => ({
    etag: `"f${feed}-v${version}"`,
    lastModified: at.toUTCString(),
    version,
  });
  const feeds: Feed[] = Array.from({ length: count }, (_, feed) => {
    const peer = news.peerFeedAt(peers, feed);
    if (peer !== undefined) return { body: peer.body, type: peer.type, items: null, ...stamp(feed, 1, start) };
    const items = Array.from({ length: news.ITEMS_PER_FEED }, (_, k) =>
      news.newsItem(pool, nextSeq++, new Date(start.getTime() - (k + 1) * 37 * 60_000)));
    const body = Buffer.from(news.renderNewsFeed(feed, items));
    return { body, type: news.NEWS_FEED_TYPE, items, ...stamp(feed, 1, start) };
  });
  const generated = feeds.flatMap((f, i) => (f.items === null ? [] : [i]));
  let cursor = 0;

  function advance(request: Extract<ServerRequest, { type: 'advance' }>): number {
    const at = new Date(request.at);
    const changed = Math.max(1, Math.round(request.fraction * count));
    for (let n = 0; n < changed; n++) {
      const index = generated[cursor++ % generated.length]!;
      const feed = feeds[index]!;
      const fresh = Array.from({ length: request.newItems }, (_, k) =>
        news.newsItem(pool, nextSeq++, new Date(at.getTime() - k * 60_000)));
      feed.items = [...fresh.reverse(), ...(feed.items ?? [])].slice(0, news.ITEMS_PER_FEED);
      feed.body = Buffer.from(news.renderNewsFeed(index, feed.items));
      Object.assign(feed, stamp(index, feed.version + 1, at));
    }
    return changed;
  }

  const server = await listenFeeds((n) => feeds[n], { keepAliveMs: 5_000 });
  const ready: ServerReply = { type: 'ready', port: server.port, peerFeeds: count - generated.length };
  process.send?.(ready);
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'stop') {
      void server.close().then(() => process.exit(0));
      return;
    }
    const reply: ServerReply = { type: 'advanced', changed: advance(message) };
    process.send?.(reply);
  });
}

await main();
