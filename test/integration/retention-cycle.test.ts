// Issue 16 point 9: a churning feed (new item keys on every poll) must not grow the store for ever.
// With `retention:` set, each cycle prunes seen keys beyond the per-feed cap and those not fetched
// for N days, but never a key the feed still lists (its last-seen time is refreshed when fetched).
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import type { FetchResult } from '../../src/pipeline/poll-feed.ts';
import { recordWholeBacklog, runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const feed = { id: 'churn', name: 'Churning feed', url: 'https://feed.example/rss', intervalMinutes: 60 };
const HOUR = 3600_000;

/** A cycle with retention on, no routes, unclassified items: what these tests share. */
function retentionDeps(parts: Pick<CycleDeps, 'store' | 'fetchFeed' | 'now'>): CycleDeps {
  return {
    classify: () => makeClassification({ alert: false, organisation: null }),
    routes: () => [],
    sinks: new Map(),
    log: silentLogger(),
    signal: new AbortController().signal,
    maxArticleAgeDays: 0,
    poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 1 },
    owner: 'test#1',
    retention: { seenItemDays: 1, maxSeenItemsPerFeed: 50, outboxDays: 30, articleDays: 30, maxRowsPerRun: 10_000 },
    ...parts,
  };
}

describe('retention in the poll cycle', () => {
  it('keeps a churning feed\'s seen keys bounded and never forgets a key the feed still lists', async () => {
    const store = openSqliteStore(':memory:');
    let now = new Date('2026-11-23T12:00:00Z').getTime();
    let poll = 0;
    const listed = (p: number): string[] => ['sticky', ...Array.from({ length: 30 }, (_, i) => `p${p}-${i}`)];
    const deps = retentionDeps({
      store,
      fetchFeed: async (): Promise<FetchResult> => {
        poll += 1;
        const articles = listed(poll).map((key) => makeArticle({ feedId: feed.id, key, url: `https://x.example/${key}`, fetchedAt: new Date(now).toISOString() }));
        return { kind: 'ok', items: feedItemsOf(articles), etag: null, lastModified: null, feedTitle: 'Churn' };
      },
      now: () => new Date(now),
    });
    for (let cycle = 0; cycle < 24; cycle += 1) {
      expect((await runCycle([feed], deps)).polled).toBe(1);
      await recordWholeBacklog([feed], deps); // the first poll's items, as the scheduler records them between cycles
      now += 3 * HOUR;
    }
    const everKey = Array.from({ length: poll }, (_, p) => listed(p + 1)).flat();
    const kept = await store.filterSeen(feed.id, everKey);
    expect(poll).toBe(24);
    expect(kept.size).toBeLessThanOrEqual(50 + 31);
    expect(kept.has('sticky')).toBe(true); // listed in every fetch for three days: still known
    for (const key of listed(poll)) expect(kept.has(key)).toBe(true); // the last fetch is never pruned
    await store.close();
  });

  it('prunes once an hour, and every cycle while a backlog is left', async () => {
    const real = openSqliteStore(':memory:');
    let now = new Date('2026-11-23T12:00:00Z').getTime();
    const runs: string[] = [];
    let more = false;
    const store = { ...real, prune: async (...args: Parameters<typeof real.prune>) => (runs.push(args[1]), { ...(await real.prune(...args)), more }) };
    const deps = retentionDeps({ store, fetchFeed: async (): Promise<FetchResult> => ({ kind: 'not_modified' }), now: () => new Date(now) });
    const cycles = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        await runCycle([feed], deps);
        now += 10 * 60_000;
      }
    };
    await cycles(6); // 12:00 … 12:50
    expect(runs).toEqual(['2026-11-23T12:00:00.000Z']);
    more = true; // a backlog: every cycle until it is worked off
    await cycles(4); // 13:00 … 13:30
    expect(runs).toHaveLength(5);
    more = false;
    await cycles(3); // 13:40 (the next in an hour), 13:50, 14:00
    expect(runs).toHaveLength(6);
    // A clock that went back a day: the next run, a day ahead, is due at once.
    now -= 24 * HOUR;
    await cycles(1);
    expect(runs).toHaveLength(7);
    await real.close();
  });
});
