// The loopback feed server of `npm run bench:pipeline`, run as a child process (so that its CPU is not
// counted with the pollers'): N feeds at http://127.0.0.1:<port>/feed/<n>, each with an ETag and a
// Last-Modified, answering 304 to a request whose validators match. Every tenth feed is one of the real-world
// peer feeds (they never change); the others are generated news feeds of 50 items (news-feeds.ts). The parent
// drives it over IPC: `advance` gives a share of the generated feeds a few new items, as a steady cycle sees.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ITEMS_PER_FEED, loadPeerFeeds, loadStoryPool, newsItem, renderNewsFeed, type NewsItem } from './news-feeds.ts';

export type ServerRequest = { type: 'advance'; at: string; fraction: number; newItems: number } | { type: 'stop' };
export type ServerReply = { type: 'ready'; port: number; peerFeeds: number } | { type: 'advanced'; changed: number };

interface ServedFeed {
  body: Buffer;
  type: string;
  etag: string;
  lastModified: string;
  version: number;
  /** Generated feeds only: their items, newest first. */
  items: NewsItem[] | null;
}

const PEER_EVERY = 10;

function main(): void {
  const count = Number(process.argv[2]);
  const start = new Date(process.argv[3] ?? Date.now());
  if (!(count > 0) || typeof process.send !== 'function') throw new Error('usage: forked by bench-pipeline.ts with <feeds> <start ISO time>');
  const pool = loadStoryPool();
  const peers = loadPeerFeeds();
  let nextSeq = 1;
  const stamp = (feed: number, version: number, at: Date): Pick<ServedFeed, 'etag' | 'lastModified' | 'version'> => ({
    etag: `"f${feed}-v${version}"`,
    lastModified: at.toUTCString(),
    version,
  });
  const feeds: ServedFeed[] = Array.from({ length: count }, (_, feed) => {
    if (feed % PEER_EVERY === PEER_EVERY - 1) {
      const peer = peers[Math.floor(feed / PEER_EVERY) % peers.length]!;
      return { body: peer.body, type: peer.type, items: null, ...stamp(feed, 1, start) };
    }
    const items = Array.from({ length: ITEMS_PER_FEED }, (_, k) => newsItem(pool, nextSeq++, new Date(start.getTime() - (k + 1) * 37 * 60_000)));
    return { body: Buffer.from(renderNewsFeed(feed, items)), type: 'application/rss+xml; charset=utf-8', items, ...stamp(feed, 1, start) };
  });
  const generated = feeds.flatMap((f, i) => (f.items === null ? [] : [i]));
  let cursor = 0;

  function advance(request: Extract<ServerRequest, { type: 'advance' }>): number {
    const at = new Date(request.at);
    const changed = Math.max(1, Math.round(request.fraction * count));
    for (let n = 0; n < changed; n++) {
      const index = generated[cursor++ % generated.length]!;
      const feed = feeds[index]!;
      const fresh = Array.from({ length: request.newItems }, (_, k) => newsItem(pool, nextSeq++, new Date(at.getTime() - k * 60_000)));
      feed.items = [...fresh.reverse(), ...(feed.items ?? [])].slice(0, ITEMS_PER_FEED);
      feed.body = Buffer.from(renderNewsFeed(index, feed.items));
      Object.assign(feed, stamp(index, feed.version + 1, at));
    }
    return changed;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const feed = feeds[Number(/^\/feed\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1)];
    if (feed === undefined) {
      res.writeHead(404).end();
      return;
    }
    const etag = req.headers['if-none-match'];
    const since = req.headers['if-modified-since'];
    const fresh = etag !== undefined ? etag === feed.etag : since !== undefined && Date.parse(since) >= Date.parse(feed.lastModified);
    if (fresh) {
      res.writeHead(304, { etag: feed.etag, 'last-modified': feed.lastModified }).end();
      return;
    }
    res.writeHead(200, { 'content-type': feed.type, 'content-length': feed.body.length, etag: feed.etag, 'last-modified': feed.lastModified });
    res.end(feed.body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => {
    const reply: ServerReply = { type: 'ready', port: (server.address() as AddressInfo).port, peerFeeds: count - generated.length };
    process.send?.(reply);
  });
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'stop') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
      return;
    }
    const reply: ServerReply = { type: 'advanced', changed: advance(message) };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
}

main();
