// reliability.md "Feeds", second bullet: each way a publisher's server can misbehave fails the poll
// with its OWN named reason (through the real httpGet → decode → parse path on 127.0.0.1), and a failing
// feed backs off exponentially, keeps its seen-state, and warns once per failure streak.
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { pollFeed, type FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { httpGet } from '../../src/sources/http-get.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { loopbackServers } from '../helpers/loopback-server.ts';

const { serve, closeAll } = loopbackServers();
afterEach(closeAll);

const feedXml = (n: number): string =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>${Array.from(
    { length: n },
    (_, i) => `<item><guid>g${i}</guid><title>Item ${i}</title><link>https://news.example/${i}</link></item>`,
  ).join('')}</channel></rss>`;

type Mode = (res: ServerResponse, url: string) => void;
const MAX_BYTES = 200_000;
// 10 MB of spaces: ~10 KB compressed. Built once, outside the timed requests.
const GZIP_BOMB = gzipSync(Buffer.alloc(10_000_000, 0x20));
const BROTLI_BOMB = brotliCompressSync(Buffer.alloc(10_000_000, 0x20), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });

const MODES: Array<[string, Mode, string, string]> = [
  ['body over the cap (Content-Length)', (res) => res.writeHead(200, { 'Content-Length': '300000' }).end(Buffer.alloc(300_000, 0x20)), ErrorCode.FeedTooLarge, 'larger than'],
  ['body over the cap (chunked)', (res) => { res.writeHead(200); res.write(Buffer.alloc(150_000, 0x20)); res.end(Buffer.alloc(150_000, 0x20)); }, ErrorCode.FeedTooLarge, 'after decompression'],
  ['gzip bomb', (res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(GZIP_BOMB), ErrorCode.FeedTooLarge, 'after decompression'],
  ['brotli bomb', (res) => res.writeHead(200, { 'Content-Encoding': 'br' }).end(BROTLI_BOMB), ErrorCode.FeedTooLarge, 'after decompression'],
  ['corrupt gzip', (res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(Buffer.from('not gzip at all')), ErrorCode.FeedUnreachable, 'decompressed'],
  ['unknown Content-Encoding', (res) => res.writeHead(200, { 'Content-Encoding': 'zstd-ish' }).end('x'), ErrorCode.FeedUnreachable, 'unsupported Content-Encoding'],
  ['slow trickle', (res) => { res.writeHead(200); const t = setInterval(() => res.write(' '), 40); res.on('close', () => clearInterval(t)); }, ErrorCode.FeedTimeout, 'did not finish within'],
  ['stall after headers', (res) => { res.writeHead(200); res.write('<rss>'); }, ErrorCode.FeedTimeout, 'went silent'],
  ['connection cut mid-body', (res) => { res.writeHead(200, { 'Content-Length': '1000' }); res.write('<rss'); setTimeout(() => res.socket?.destroy(), 20); }, ErrorCode.FeedUnreachable, 'closed the connection'],
  ['redirect loop', (res, url) => res.writeHead(302, { Location: url === '/a' ? '/b' : '/a' }).end(), ErrorCode.FeedTooManyRedirects, 'loop'],
  ['too many redirects', (res, url) => res.writeHead(301, { Location: `${url}x` }).end(), ErrorCode.FeedTooManyRedirects, 'more than 5'],
  ['HTML page', (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body>Accept cookies</body></html>'), ErrorCode.FeedNotAFeed, 'HTML page'],
  ['HTML served as application/rss+xml', (res) => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end('<html><head><title>404</title></head></html>'), ErrorCode.FeedNotAFeed, 'HTML page'],
  ['JSON', (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":"https://jsonfeed.org/version/1","items":[]}'), ErrorCode.FeedNotAFeed, 'JSON'],
  ['empty body', (res) => res.writeHead(200).end(), ErrorCode.FeedEmpty, 'empty body'],
  ['whitespace body', (res) => res.writeHead(200).end('  \n\t '), ErrorCode.FeedEmpty, 'empty body'],
  ['other XML', (res) => res.writeHead(200).end('<?xml version="1.0"?><sitemap/>'), ErrorCode.FeedNotAFeed, '<sitemap> root'],
  ['truncated XML', (res) => res.writeHead(200).end('<rss version="2.0"><channel><item><title>x</ti'), ErrorCode.FeedParseFailed, 'not well-formed'],
  ['HTTP 404', (res) => res.writeHead(404).end('nope'), ErrorCode.FeedHttpStatus, 'HTTP 404 (not found)'],
  ['HTTP 410', (res) => res.writeHead(410).end(), ErrorCode.FeedHttpStatus, 'HTTP 410'],
  ['HTTP 403', (res) => res.writeHead(403).end(), ErrorCode.FeedHttpStatus, 'access refused'],
  ['HTTP 429', (res) => res.writeHead(429).end(), ErrorCode.FeedHttpStatus, 'too many requests'],
  ['HTTP 500', (res) => res.writeHead(500).end(), ErrorCode.FeedHttpStatus, 'server error'],
  ['HTTP 503', (res) => res.writeHead(503).end(), ErrorCode.FeedHttpStatus, 'HTTP 503'],
];

const deps = { httpGet, now: () => new Date('2026-03-10T12:00:00Z'), allowPrivateAddresses: true, maxBytes: MAX_BYTES, timeoutMs: 400, idleTimeoutMs: 200 };

describe('each failure has its own named reason', () => {
  it.each(MODES)('%s', async (_name, mode, code, words) => {
    const server = await serve((req, res) => mode(res, req.url ?? '/'));
    const started = Date.now();
    const error = await fetchFeed({ id: 'f', name: 'F', url: `${server.base}/a` }, null, deps).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BreachwatchError);
    expect((error as BreachwatchError).code).toBe(code);
    expect((error as BreachwatchError).message).toContain(words);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('nothing listening: unreachable, with a hint', async () => {
    const server = await serve((_req, res) => res.end());
    const url = `${server.base}/feed`;
    await closeAll();
    const error = await fetchFeed({ id: 'f', name: 'F', url }, null, deps).catch((e: unknown) => e);
    expect((error as BreachwatchError).code).toBe(ErrorCode.FeedUnreachable);
    expect((error as BreachwatchError).message).toContain('ECONNREFUSED');
  });
});

describe('a failing feed through pollFeed', () => {
  it('backs off exponentially, keeps seen-state, warns once per streak, and reports recovery once', async () => {
    let mode: Mode = (res) => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feedXml(3));
    const server = await serve((req, res) => mode(res, req.url ?? '/'));
    const store = openSqliteStore(':memory:');
    let now = new Date('2026-03-10T12:00:00Z');
    const fetch: FetchFeed = (feed, validators, signal) => fetchFeed(feed, validators, { ...deps, now: () => now, signal });
    const feed = { id: 'f1', name: 'Feed', url: `${server.base}/feed`, intervalMinutes: 10 };
    const poll = () => pollFeed(feed, { store, fetchFeed: fetch, now: () => now, signal: new AbortController().signal, options: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60 } });

    expect(await poll()).toMatchObject({ kind: 'first_poll', items: 3 });
    const failing: Mode[] = [MODES[2]![1], MODES[11]![1], MODES[14]![1], MODES[22]![1], MODES[9]![1]];
    const gaps: number[] = [];
    const warns: boolean[] = [];
    for (const bad of failing) {
      mode = bad;
      const outcome = await poll();
      expect(outcome.kind).toBe('failed');
      if (outcome.kind !== 'failed') return;
      gaps.push((Date.parse(outcome.nextPollAt) - now.getTime()) / 60_000);
      warns.push(outcome.warn);
      now = new Date(Date.parse(outcome.nextPollAt));
    }
    expect(gaps).toEqual([10, 20, 40, 60, 60]);
    expect(warns).toEqual([false, false, true, false, false]);
    // The first poll's items wait in the backlog (their keys seen by it, ADR 028): still there after the failures.
    expect((await store.backlogSlice(10, 'f1')).map((r) => r.key)).toEqual(['guid:g0', 'guid:g1', 'guid:g2']);
    expect(await store.getFeedState('f1')).toMatchObject({ consecutiveFailures: 5, initialised: true });

    mode = (res) => res.writeHead(200).end(feedXml(4));
    const back = await poll();
    expect(back).toMatchObject({ kind: 'new_items', recovered: { failures: 5 } });
    if (back.kind === 'new_items') expect(back.articles.map((a) => a.key)).toEqual(['guid:g3']);
    const again = await poll();
    expect(again.kind === 'failed' || 'recovered' in again).toBe(false);
    await store.close();
  });
});
