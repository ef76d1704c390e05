// What a poll cycle writes to the store per feed (issue 21 point 1): a feed's outcome goes with the next
// feed's start mark in one transaction (src/pipeline/feed-state-writes.ts), the state read to find the due
// feeds is the one pollFeed uses, and the lease is renewed between feeds only when its renewal is not
// recent; with the crash guarantees of ADR 008 kept: a start mark is on disk before its fetch, and a cycle
// whose lease was taken while it ran writes nothing more.
import { describe, expect, it } from 'vitest';
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { chainedFeedStates } from '../../src/pipeline/feed-state-writes.ts';
import { emptyFeedState, UNFINISHED_POLL, type FetchFeed, type FetchResult } from '../../src/pipeline/poll-feed.ts';
import { LEASE_TTL_MS, recordWholeBacklog, runCycle } from '../../src/pipeline/run-cycle.ts';
import type { ArticlesCommit, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';
import { consoleCycle } from '../helpers/cycle.ts';

/** The real store, counting its write calls by name. */
function countingStore(): { store: Store; real: Store; calls: Record<string, number> } {
  const real = openSqliteStore(':memory:');
  const calls: Record<string, number> = {};
  const counted = <K extends 'saveFeedState' | 'saveFeedStates' | 'tryAcquireLease' | 'getFeedState' | 'queueBacklog'>(name: K): Store[K] =>
    ((...args: unknown[]) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return (real[name] as (...a: unknown[]) => unknown)(...args);
    }) as Store[K];
  const store: Store = {
    ...real,
    saveFeedState: counted('saveFeedState'),
    saveFeedStates: counted('saveFeedStates'),
    tryAcquireLease: counted('tryAcquireLease'),
    getFeedState: counted('getFeedState'),
    queueBacklog: counted('queueBacklog'),
  };
  return { store, real, calls };
}

const feeds = Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, name: `Feed ${i}`, url: `https://feed${i}.example/rss`, intervalMinutes: 1 }));

describe('chainedFeedStates (one poller)', () => {
  it('writes a start mark at once, with the outcome held before it; the last outcome on flush', async () => {
    const { store, real, calls } = countingStore();
    const chain = chainedFeedStates(store);
    const started = (id: string) => ({ ...emptyFeedState(id), lastError: UNFINISHED_POLL, consecutiveFailures: 1 });
    const done = (id: string) => ({ ...emptyFeedState(id), lastSuccessAt: '2026-12-07T10:00:00.000Z' });
    await chain.store.saveFeedState(started('a'));
    expect((await real.getFeedState('a'))?.lastError).toBe(UNFINISHED_POLL);
    await chain.store.saveFeedState(done('a'));
    expect((await real.getFeedState('a'))?.lastError).toBe(UNFINISHED_POLL); // held
    expect((await chain.store.getFeedState('a'))?.lastSuccessAt).toBe('2026-12-07T10:00:00.000Z'); // the poller sees it
    await chain.store.saveFeedState(started('b'));
    expect((await real.getFeedState('a'))?.lastSuccessAt).toBe('2026-12-07T10:00:00.000Z');
    expect((await real.getFeedState('b'))?.lastError).toBe(UNFINISHED_POLL);
    await chain.store.saveFeedState(done('b'));
    await chain.flush();
    expect((await real.getFeedState('b'))?.lastError).toBeNull();
    expect(calls).toEqual({ saveFeedStates: 3 });
  });
});

describe('a first cycle\'s writes', () => {
  it('writes each first poll (its backlog row and state) with its poller\'s next start mark: ONE transaction a feed (ADR 028)', async () => {
    const { store, real, calls } = countingStore();
    const now = new Date('2026-12-07T10:00:00Z');
    const fetchFeed: FetchFeed = async (feed): Promise<FetchResult> =>
      ({ kind: 'ok', items: feedItemsOf([makeArticle({ feedId: feed.id, key: 'k' })]), etag: '"1"', lastModified: null, feedTitle: null });
    const deps = consoleCycle({
      store,
      classify: () => makeClassification({ alert: false, organisation: null }),
      fetchFeed,
      now: () => now,
      sink: createRecordingSink('console'),
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 2 },
    });
    expect(await runCycle(feeds, deps)).toMatchObject({ polled: 6, firstPolls: { feeds: 6, items: 6 } });
    // Each poller's first start mark alone; every other start mark with the first poll before it; each last on flush.
    expect(calls.saveFeedStates).toBe(2);
    expect(calls.queueBacklog).toBe(6);
    expect(calls.saveFeedState ?? 0).toBe(0);
    expect(await real.backlogStatus()).toMatchObject({ items: 6, feeds: 6 });
    for (const feed of feeds) expect(await real.getFeedState(feed.id)).toMatchObject({ initialised: true, etag: '"1"', lastError: null });
  });
});

describe('a steady cycle\'s writes', () => {
  const steady = (store: Store, fetchFeed: FetchFeed, now: () => Date) =>
    consoleCycle({
      store,
      classify: () => makeClassification({ alert: false, organisation: null }),
      fetchFeed,
      now,
      sink: createRecordingSink('console'),
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 2 },
    });

  it('reads each feed\'s state once, and writes it once per feed and once per poller, with one lease renewal', async () => {
    const { store, calls } = countingStore();
    let now = new Date('2026-12-07T10:00:00Z');
    let first = true;
    const fetchFeed: FetchFeed = async (feed): Promise<FetchResult> =>
      first ? { kind: 'ok', items: feedItemsOf([makeArticle({ feedId: feed.id, key: 'k' })]), etag: '"1"', lastModified: null, feedTitle: null } : { kind: 'not_modified' };
    await runCycle(feeds, steady(store, fetchFeed, () => now));
    first = false;
    now = new Date(now.getTime() + 2 * 60_000);
    for (const name of Object.keys(calls)) delete calls[name];
    const report = await runCycle(feeds, steady(store, fetchFeed, () => now));
    expect(report).toMatchObject({ ran: true, polled: 6, failed: 0 });
    expect(calls.getFeedState).toBe(6);
    // Six start marks (the first of each poller alone, the others with an outcome), two last outcomes.
    expect(calls.saveFeedStates).toBe(6 + 2);
    expect(calls.saveFeedState ?? 0).toBe(0);
    // Taking the lease, and renewing it once before the delivery (the feeds' renewals were recent).
    expect(calls.tryAcquireLease).toBe(2);
    for (const feed of feeds) expect(await store.getFeedState(feed.id)).toMatchObject({ lastError: null, consecutiveFailures: 0, lastSuccessAt: now.toISOString() });
  });

  it('writes a known feed\'s new items, their incident and alert, and its new validators in ONE transaction (point 3)', async () => {
    const { store, real, calls } = countingStore();
    const commits: ArticlesCommit[] = [];
    const counted: Store = { ...store, commitArticles: (commit) => (commits.push(commit), real.commitArticles(commit)) };
    let now = new Date('2026-12-07T10:00:00Z');
    let listed = [makeArticle({ feedId: 'f0', key: 'old', title: 'Roadworks' })];
    const fetchFeed: FetchFeed = async (feed): Promise<FetchResult> =>
      feed.id === 'f0' ? { kind: 'ok', items: feedItemsOf(listed), etag: `"${listed.length}"`, lastModified: null, feedTitle: null } : { kind: 'not_modified' };
    const deps = { ...steady(counted, fetchFeed, () => now), classify: (text: { title: string }) =>
      text.title.startsWith('Breach') ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council' as const }) : makeClassification({ alert: false, organisation: null }) };
    await runCycle(feeds.slice(0, 1), deps);
    await recordWholeBacklog(feeds.slice(0, 1), deps);
    const breach = (key: string) => makeArticle({ feedId: 'f0', key, url: `https://news.example/${key}`, title: 'Breach at Exampleshire council exposes names', published: '2026-12-07T09:00:00.000Z' });
    listed = [...listed, breach('n1'), makeArticle({ feedId: 'f0', key: 'n2', title: 'Library opens' }), breach('n3')];
    now = new Date(now.getTime() + 2 * 60_000);
    commits.length = 0;
    for (const name of Object.keys(calls)) delete calls[name];
    expect(await runCycle(feeds.slice(0, 1), deps)).toMatchObject({ newArticles: 3, incidentsCreated: 1, incidentsUpdated: 1 });
    expect(commits.map((c) => [c.articles.length, c.states?.map((st) => st.etag)])).toEqual([[3, ['"4"']]]);
    expect((await real.getFeedState('f0'))?.etag).toBe('"4"');
    expect(calls.saveFeedState ?? 0).toBe(0);
    const [incident] = await real.recentIncidents({ limit: 5 });
    expect(await real.alertDestinations(incident!.id)).toEqual(['console']); // one alert (sent by the cycle), then an update
  });

  it('a cycle whose lease was taken while it fetched (the clock past the lease) stops before processing any feed', async () => {
    const { store, real } = countingStore();
    let now = new Date('2026-12-07T10:00:00Z');
    const fetchFeed: FetchFeed = async (feed): Promise<FetchResult> => {
      if (feed.id === 'f3') {
        // The cycle stalled past its lease, and another process took it.
        now = new Date(now.getTime() + LEASE_TTL_MS + 1000);
        expect(await real.tryAcquireLease('poll-cycle', 'other#2', LEASE_TTL_MS, now.getTime())).toBe(true);
      }
      return { kind: 'ok', items: feedItemsOf([makeArticle({ feedId: feed.id, key: 'k' })]), etag: '"1"', lastModified: null, feedTitle: null };
    };
    const report = await runCycle(feeds, steady(store, fetchFeed, () => now));
    expect(report.polled).toBe(0);
    expect(report.newArticles).toBe(0);
    expect(await real.leaseHolder('poll-cycle', now.getTime())).toBe('other#2');
  });
});
