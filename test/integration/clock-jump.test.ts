// Issue 16 point 7: one forward jump of the wall clock (a year here) must not stop polling or
// delivery until the clock catches up. A schedule time further ahead than any delay we ever set
// (a feed's interval or backoff cap, the outbox's longest retry) is taken as due, and the clock
// going back is logged as a warning.
import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/alerts/deliver.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { FetchResult } from '../../src/pipeline/poll-feed.ts';
import { runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const REAL = new Date('2026-11-23T12:00:00Z').getTime();
const A_YEAR = 365 * 24 * 3600 * 1000;
const feed = { id: 'f', name: 'Feed', url: 'https://feed.example/rss', intervalMinutes: 10 };

function recordingLog(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: 'warn', format: 'json', write: (line) => lines.push(line) }), lines };
}

describe('a forward clock jump', () => {
  it('does not stop polling a feed once the clock is set right, and warns that the clock went back', async () => {
    const store = openSqliteStore(':memory:');
    let now = REAL + A_YEAR;
    let fetches = 0;
    const { log, lines } = recordingLog();
    const deps: CycleDeps = {
      store,
      classify: () => makeClassification(),
      fetchFeed: async (): Promise<FetchResult> => {
        fetches += 1;
        return { kind: 'not_modified' };
      },
      routes: () => [],
      sinks: new Map(),
      log,
      now: () => new Date(now),
      signal: new AbortController().signal,
      maxArticleAgeDays: 0,
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 1 },
      owner: 'test#1',
    };
    await runCycle([feed], deps); // polled with the clock a year ahead: next poll in a year and 10 minutes
    now = REAL; // the clock is put right
    expect((await runCycle([feed], deps)).polled).toBe(1);
    expect(fetches).toBe(2);
    expect(lines.join('\n')).toMatch(/"event":"poll:clock-regression"/);
    // Back to normal: not due again until its interval has passed.
    now = REAL + 5 * 60_000;
    expect((await runCycle([feed], deps)).polled).toBe(0);
    now = REAL + 10 * 60_000;
    expect((await runCycle([feed], deps)).polled).toBe(1);
    await store.close();
  });

  it('does not stop delivering an outbox entry whose retry was set by the jumped clock', async () => {
    const store = openSqliteStore(':memory:');
    let now = REAL + A_YEAR;
    const sink = createRecordingSink('console');
    const deps = { store, sinks: new Map([['console', sink]]), now: () => new Date(now), log: recordingLog().log, signal: new AbortController().signal };
    const incident = newIncident(makeArticle(), makeClassification());
    await store.enqueue([{ incidentId: incident.id, destination: 'console', kind: 'alert', payload: { kind: 'alert', incident, factChanges: [], source: null } }], new Date(now).toISOString());
    sink.failNext.push(new Error('503 Service Unavailable'));
    expect((await deliverOutbox(deps)).retried).toBe(1); // retry in 30 s, by the jumped clock
    now = REAL;
    expect((await deliverOutbox(deps)).sent).toBe(1);
    // An ordinary retry is still waited for.
    const other = newIncident(makeArticle({ key: 'other', url: 'https://o.example/' }), makeClassification());
    await store.enqueue([{ incidentId: other.id, destination: 'console', kind: 'alert', payload: { kind: 'alert', incident: other, factChanges: [], source: null } }], new Date(now).toISOString());
    sink.failNext.push(new Error('503 Service Unavailable'));
    expect((await deliverOutbox(deps)).retried).toBe(1);
    expect((await deliverOutbox(deps)).sent).toBe(0);
    await store.close();
  });
});
