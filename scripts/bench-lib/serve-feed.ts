// The HTTP side of the benches' loopback feed servers (feed-farm.ts in process, feed-server.ts as a child):
// feeds at http://127.0.0.1:<port>/feed/<n>, each answered with its validators, and 304 to a conditional GET
// whose validators match.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFeed {
  body: string | Buffer;
  type: string;
  etag: string;
  /** An HTTP date; a feed without one is served without Last-Modified. */
  lastModified?: string;
}

export interface FeedListener {
  port: number;
  close(): Promise<void>;
}

/** 304 when If-None-Match (or, without it, If-Modified-Since) matches the feed, else 200; 404 for no feed. */
function serveFeed(req: IncomingMessage, res: ServerResponse, feed: ServedFeed | undefined): number {
  if (feed === undefined) {
    res.writeHead(404).end();
    return 404;
  }
  const validators: Record<string, string> = { etag: feed.etag };
  if (feed.lastModified !== undefined) validators['last-modified'] = feed.lastModified;
  const etag = req.headers['if-none-match'];
  const since = req.headers['if-modified-since'];
  const fresh = etag !== undefined
    ? etag === feed.etag
    : since !== undefined && feed.lastModified !== undefined && Date.parse(since) >= Date.parse(feed.lastModified);
  if (fresh) {
    res.writeHead(304, validators).end();
    return 304;
  }
  res.writeHead(200, { 'content-type': feed.type, 'content-length': Buffer.byteLength(feed.body), ...validators });
  res.end(feed.body);
  return 200;
}

/**
 * A loopback server answering GET /feed/<n> with `feedAt(n)` (undefined: 404), listening. `onServed` hears the
 * status of each request answered.
 */
export async function listenFeeds(
  feedAt: (n: number) => ServedFeed | undefined,
  options: { keepAliveMs: number; onServed?: (status: number) => void },
): Promise<FeedListener> {
  const server = createServer((req, res) => {
    const n = Number(/^\/feed\/(\d+)$/.exec(req.url ?? '')?.[1] ?? NaN);
    const status = serveFeed(req, res, Number.isInteger(n) ? feedAt(n) : undefined);
    options.onServed?.(status);
  });
  server.keepAliveTimeout = options.keepAliveMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
