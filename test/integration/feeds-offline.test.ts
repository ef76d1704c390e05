// Every feed failing the same way below HTTP (no DNS, no network) is this machine being offline: one
// log line says so, instead of one "check the spelling of the feed URL" per feed, and no feed is
// reported to admins as broken (issue 18 point 5). One feed failing alone is still that feed's problem.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import type { FeedSource, FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { httpGet, networkFailure } from '../../src/sources/http-get.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeClassification } from '../helpers/articles.ts';
import { fakeResolver, loopbackServers } from '../helpers/loopback-server.ts';

const { serve, closeAll } = loopbackServers();
afterEach(closeAll);

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>g1</guid><title>Item</title></item></channel></rss>';

async function cycles(feeds: FeedSource[], resolver: Record<string, string[]>, rounds: number) {
  const store = openSqliteStore(':memory:');
  const lines: Array<{ level: string; event: string; message: string }> = [];
  const warned: string[] = [];
  let now = new Date('2026-11-23T12:00:00Z');
  const lookup = fakeResolver(resolver);
  const fetch: FetchFeed = (feed, validators, signal) =>
    fetchFeed(feed, validators, { httpGet: (url, options) => httpGet(url, { ...options, lookup }), now: () => now, signal, allowPrivateAddresses: true, maxBytes: 100_000, timeoutMs: 2000 });
  const deps: CycleDeps = {
    store,
    classify: () => makeClassification({ alert: false, organisation: null, sector: null }),
    fetchFeed: fetch,
    routes: () => [],
    sinks: new Map(),
    log: createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(JSON.parse(line)) }),
    now: () => now,
    signal: new AbortController().signal,
    maxArticleAgeDays: 0,
    poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 3 },
    owner: 'test#1',
    onFeedWarning: (feed) => void warned.push(feed.id),
  };
  for (let i = 0; i < rounds; i += 1) {
    await runCycle(feeds, deps);
    now = new Date(now.getTime() + 61 * 60_000);
  }
  const states = await Promise.all(feeds.map((f) => store.getFeedState(f.id)));
  await store.close();
  return { lines, warned, states };
}

const feed = (id: string, url: string): FeedSource => ({ id, name: `Feed ${id}`, url, intervalMinutes: 10 });

describe('all feeds failing the same way', () => {
  it('says once per cycle that DNS is down, warns about no feed, and names no spelling', async () => {
    const feeds = [feed('a', 'https://a.example/rss'), feed('b', 'https://b.example/rss'), feed('c', 'https://c.example/rss')];
    const { lines, warned, states } = await cycles(feeds, {}, 4);
    const loud = lines.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(loud.map((l) => l.event)).toEqual(['poll:offline', 'poll:offline', 'poll:offline', 'poll:offline']);
    expect(loud[0]?.message).toMatch(/^All 3 feeds failed the same way \(no feed's host name resolves: DNS is not answering\)/);
    expect(loud.map((l) => l.message).join('\n')).not.toMatch(/spelling|breachwatch_/);
    expect(lines.filter((l) => l.event === 'poll:error' && l.level === 'debug')).toHaveLength(12); // kept for debugging
    expect(warned).toEqual([]);
    expect(states.map((s) => [s?.consecutiveFailures, s?.warnedAt])).toEqual([[4, null], [4, null], [4, null]]);
  });

  it('still blames one feed that fails alone, with its own hint and one warning', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(RSS));
    const feeds = [feed('good', `http://good.example:${server.port}/rss`), feed('typo', 'https://tpyo.example/rss')];
    const { lines, warned } = await cycles(feeds, { 'good.example': ['127.0.0.1'] }, 4);
    expect(lines.some((l) => l.event === 'poll:offline')).toBe(false);
    expect(lines.filter((l) => l.event === 'poll:error' && l.level === 'warn').map((l) => l.message)).toEqual(
      Array(4).fill(expect.stringMatching(/Feed typo.*check the spelling of the feed URL/)),
    );
    expect(warned).toEqual(['typo']);
  });

  it('tells DNS failures from connection failures and from answers', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' });
    expect(networkFailure(new Error('wrapped', { cause: dns }))).toBe('dns');
    expect(networkFailure(Object.assign(new Error('x'), { code: 'ENETUNREACH' }))).toBe('network');
    expect(networkFailure(new Error('HTTP 500'))).toBeNull();
  });
});
