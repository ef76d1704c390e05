// A loopback HTTP server that publishes the demo's bundled feeds round by round, like live feeds
// gaining items between polls. Supports conditional GET (ETag / If-None-Match, Last-Modified /
// If-Modified-Since) so the bot's fetcher sees 304s when nothing changed.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { loadDemoFeedData } from './demo-feed-data.ts';
import type { DemoFeedData, DemoFeedFormat } from './demo-feed-data.ts';
import { renderFeed } from './render-feed.ts';

export interface DemoFeedServerOptions {
  /** config/demo/articles.yaml */
  articlesPath: string;
  /** config/demo/schedule.yaml */
  schedulePath: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Round served at start; 0 by default. */
  initialRound?: number;
}

export interface DemoFeed {
  id: string;
  name: string;
  url: string;
  format: DemoFeedFormat;
}

export interface DemoFeedServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  readonly feeds: DemoFeed[];
  /** The round now being served. */
  readonly round: number;
  /** Number of rounds in the schedule: valid rounds are 0 .. roundCount - 1. */
  readonly roundCount: number;
  /** Serve round n from the next request on. Throws for a round the schedule does not have. */
  setRound(n: number): void;
  close(): Promise<void>;
}

interface Snapshot {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
  lastModifiedMs: number;
}

function feedPath(id: string, format: DemoFeedFormat): string {
  return `/feeds/${id}.${format === 'atom' ? 'atom' : 'xml'}`;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Renders every feed at every round up front: the data is small and responses become trivial. */
function renderAll(data: DemoFeedData, baseUrl: string): Map<string, Snapshot[]> {
  const byPath = new Map<string, Snapshot[]>();
  for (const feed of data.feeds) {
    const path = feedPath(feed.id, feed.format);
    const perRound: Snapshot[] = [];
    for (let round = 0; round < data.roundCount; round++) {
      const rendered = renderFeed(feed, data.itemsAt(feed.id, round), `${baseUrl}${path}`);
      const body = Buffer.from(rendered.xml, 'utf8');
      const lastModifiedMs = Math.floor(rendered.lastModified.getTime() / 1000) * 1000;
      perRound.push({
        body,
        contentType: rendered.contentType,
        etag: etagOf(body),
        lastModified: new Date(lastModifiedMs).toUTCString(),
        lastModifiedMs,
      });
    }
    byPath.set(path, perRound);
  }
  return byPath;
}

/** RFC 9110 weak comparison: any listed tag (W/ or not) equal to ours, or `*`. */
function ifNoneMatchHits(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function notModified(req: IncomingMessage, snapshot: Snapshot): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatchHits(ifNoneMatch, snapshot.etag);
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && snapshot.lastModifiedMs <= since;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

function handle(req: IncomingMessage, res: ServerResponse, snapshots: Map<string, Snapshot[]>, round: number): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const perRound = snapshots.get(path);
  if (perRound === undefined) {
    sendText(res, 404, `No demo feed at ${path}.\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Only GET and HEAD are supported.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const snapshot = perRound[round];
  if (snapshot === undefined) {
    sendText(res, 500, `Round ${round} was not rendered.\n`);
    return;
  }
  const headers = {
    ETag: snapshot.etag,
    'Last-Modified': snapshot.lastModified,
    'Cache-Control': 'no-cache',
  };
  if (notModified(req, snapshot)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': snapshot.contentType, 'Content-Length': snapshot.body.length });
  res.end(req.method === 'HEAD' ? undefined : snapshot.body);
}

function checkRound(n: number, roundCount: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= roundCount) {
    throw new BreachwatchError(
      ErrorCode.InputInvalid,
      `Round ${n} does not exist: the demo schedule has rounds 0 to ${roundCount - 1}.`,
    );
  }
  return n;
}

export async function startDemoFeedServer(options: DemoFeedServerOptions): Promise<DemoFeedServer> {
  const data = await loadDemoFeedData(options.articlesPath, options.schedulePath);
  let round = checkRound(options.initialRound ?? 0, data.roundCount);
  let snapshots = new Map<string, Snapshot[]>();

  const server = createServer((req, res) => handle(req, res, snapshots, round));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  snapshots = renderAll(data, baseUrl);

  return {
    baseUrl,
    feeds: data.feeds.map((f) => ({ id: f.id, name: f.name, format: f.format, url: `${baseUrl}${feedPath(f.id, f.format)}` })),
    get round() {
      return round;
    },
    roundCount: data.roundCount,
    setRound(n: number) {
      round = checkRound(n, data.roundCount);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}
