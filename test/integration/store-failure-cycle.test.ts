// The store fails part-way through a cycle: the cycle fails loudly, and nothing that was not stored
// (and so not alerted) is marked seen — the next cycle, with the store back, posts it once.
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { describe, expect, it } from 'vitest';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { FetchResult } from '../../src/pipeline/poll-feed.ts';
import { runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const feed = { id: 'f', name: 'Feed', url: 'https://feed.example/rss', intervalMinutes: 1 };

describe('a store failure mid-cycle', () => {
  it('fails the cycle loudly, marks nothing seen that was not stored, and alerts it once the store is back', async () => {
    const real = openSqliteStore(':memory:');
    let failCommits = 0;
    const store: Store = {
      ...real,
      commitArticles: async (commit) => {
        if (failCommits > 0) {
          failCommits -= 1;
          throw new BreachwatchError(ErrorCode.StoreFailed, 'disk I/O error (simulated)');
        }
        return real.commitArticles(commit);
      },
    };
    let now = new Date('2026-11-23T12:00:00Z');
    const old = makeArticle({ feedId: 'f', key: 'old', url: 'https://x.example/old', title: 'Old story' });
    const fresh = [
      makeArticle({ feedId: 'f', key: 'a', url: 'https://x.example/a', title: 'Council emails carers list to wrong people', published: '2026-11-23T09:00:00.000Z' }),
      makeArticle({ feedId: 'f', key: 'b', url: 'https://x.example/b', title: 'NHS trust hit by ransomware', published: '2026-11-23T10:00:00.000Z' }),
    ];
    let items = [old];
    const sink = createRecordingSink('console');
    const deps: CycleDeps = {
      store,
      classify: (text) =>
        text.title.includes('NHS')
          ? makeClassification({ organisation: 'Example NHS Trust', sector: 'nhs', cause: 'ransomware' })
          : makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'human_error' }),
      fetchFeed: async (): Promise<FetchResult> => ({ kind: 'ok', items: feedItemsOf(items), etag: null, lastModified: null, feedTitle: 'Feed' }),
      routes: () => [{ sink: 'console' }],
      sinks: new Map([['console', sink]]),
      log: silentLogger(),
      now: () => now,
      signal: new AbortController().signal,
      maxArticleAgeDays: 0,
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 1 },
      owner: 'test#1',
    };
    await runCycle([feed], deps); // first poll: recorded silently
    items = [old, ...fresh];
    now = new Date(now.getTime() + 120_000);
    failCommits = 1; // the feed's new articles cannot be stored
    await expect(runCycle([feed], deps)).rejects.toThrow(/disk I\/O error/);
    expect(await real.filterSeen('f', ['a', 'b'])).toEqual(new Set());
    expect(sink.sent).toHaveLength(0);

    // The store is back: the next cycle (feed due again) stores and alerts both, once.
    await real.releaseLease('poll-cycle', 'test#1');
    await real.saveFeedState({ ...(await real.getFeedState('f'))!, nextPollAt: null });
    now = new Date(now.getTime() + 120_000);
    await runCycle([feed], deps);
    expect(await real.filterSeen('f', ['a', 'b'])).toEqual(new Set(['a', 'b']));
    expect(sink.sent.map((s) => s.payload.kind)).toEqual(['alert', 'alert']);
    await runCycle([feed], { ...deps, now: () => new Date(now.getTime() + 600_000) });
    expect(sink.sent).toHaveLength(2);
  });
});
