// Regressions for what the chaos harness found: a restart blocked by its own dead run's poll lease,
// entries left 'sending' reconciled outside the lease, and a crash between a feed's poll and its
// items' processing hiding those items behind a 304, and a retried entry re-posted blind after a
// second kill lost what the sink's first check had learnt.
import { describe, expect, it } from 'vitest';
import { deliverOutbox, recoverInFlight } from '../../src/alerts/deliver.ts';
import type { Sink } from '../../src/alerts/sink.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { createLogger } from '../../src/log/logger.ts';
import { pollFeed, type FetchResult } from '../../src/pipeline/poll-feed.ts';
import { acquireCycleLease, LEASE_TTL_MS } from '../../src/pipeline/run-cycle.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const log = createLogger({ level: 'error' });
const now = () => new Date('2026-11-23T12:00:00Z');

describe('the poll lease after a crash', () => {
  const dead = new Set(['chaos#100']);
  const isStaleOwner = (holder: string): boolean => holder.startsWith('chaos#') && dead.has(holder);

  it('is taken over at once by a restart of the same instance whose earlier run is gone', async () => {
    const store = openSqliteStore(':memory:');
    expect(await acquireCycleLease({ store, owner: 'chaos#100', now, log })).toBe(true);
    // The run is SIGKILLed: its lease stays for a minute, but the restarted run (new pid) takes it.
    expect(await acquireCycleLease({ store, owner: 'chaos#200', isStaleOwner, now, log })).toBe(true);
    expect(await store.leaseHolder('poll-cycle', now().getTime())).toBe('chaos#200');
    await store.close();
  });

  it('is not taken from a live process, nor from another instance, until it expires', async () => {
    const store = openSqliteStore(':memory:');
    expect(await acquireCycleLease({ store, owner: 'other#100', now, log })).toBe(true);
    expect(await acquireCycleLease({ store, owner: 'chaos#200', isStaleOwner, now, log })).toBe(false);
    expect(await acquireCycleLease({ store, owner: 'chaos#300', isStaleOwner: () => false, now, log })).toBe(false);
    const later = () => new Date(now().getTime() + LEASE_TTL_MS);
    expect(await acquireCycleLease({ store, owner: 'chaos#200', isStaleOwner, now: later, log })).toBe(true);
    await store.close();
  });
});

describe('a crash between a poll and the processing of its items', () => {
  it('keeps the old validators until the items are stored, so the next poll still sees them', async () => {
    const store = openSqliteStore(':memory:');
    const feed = { id: 'f', name: 'Feed', url: 'https://feed.example/rss', intervalMinutes: 10 };
    const a = makeArticle({ key: 'a', url: 'https://x.example/a' });
    const b = makeArticle({ key: 'b', url: 'https://x.example/b' });
    const results: FetchResult[] = [
      { kind: 'ok', articles: [a], etag: '"1"', lastModified: null, feedTitle: 'Feed' },
      { kind: 'ok', articles: [a, b], etag: '"2"', lastModified: null, feedTitle: 'Feed' },
    ];
    const validators: Array<string | null> = [];
    const deps = {
      store,
      now,
      signal: new AbortController().signal,
      options: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60 },
      fetchFeed: async (_f: unknown, v: { etag: string | null } | null): Promise<FetchResult> => {
        validators.push(v?.etag ?? null);
        return results.shift() ?? { kind: 'not_modified' };
      },
    };
    await pollFeed(feed, deps);
    const outcome = await pollFeed(feed, deps);
    expect(outcome.kind).toBe('new_items');
    // Killed here, before item b was processed and outcome.commit saved: the stored validator is still "1".
    expect((await store.getFeedState('f'))?.etag).toBe('"1"');
    // The next poll is not a conditional GET that the server would answer with 304 for etag "2".
    await pollFeed(feed, deps);
    expect(validators).toEqual([null, '"1"', '"1"']);
    await store.close();
  });
});

describe('an entry that may have gone out, after two kills', () => {
  it('is checked with the sink again before it is resent, not posted blind', async () => {
    const store = openSqliteStore(':memory:');
    const incident = newIncident(makeArticle(), makeClassification());
    const at = now().toISOString();
    await store.enqueue([{ incidentId: incident.id, destination: 'slack:C1', kind: 'alert', payload: { kind: 'alert', incident, factChanges: [], source: null } }], at);
    const [entry] = await store.dueOutbox(at, 10);
    if (!entry) throw new Error('no entry');
    // First run: claimed and posted, killed before it was marked sent.
    await store.markSending(entry.id, at);
    const posted = new Set<number>([entry.id]);
    const sent: number[] = [];
    // A sink whose first check cannot tell (the lookup failed), like Slack's when history is unreadable.
    let checks = 0;
    const sink: Sink = {
      name: 'slack',
      send: async (request) => {
        sent.push(request.entryId);
        posted.add(request.entryId);
        return { messageRef: `ref-${request.entryId}` };
      },
      reconcile: async (e) => {
        checks += 1;
        return checks === 1 ? { delivered: false, messageRef: null } : { delivered: posted.has(e.id), messageRef: `ref-${e.id}` };
      },
    };
    const deps = { store, sinks: new Map([['slack', sink]]), now, log, signal: new AbortController().signal };
    // Second run: the start-up check cannot tell, the entry goes back to pending; killed before the drain.
    await recoverInFlight(deps);
    // Third run: the entry is pending with one attempt behind it; the drain checks before sending.
    const report = await deliverOutbox(deps);
    expect(report.sent).toBe(1);
    expect(sent).toEqual([]);
    expect(await store.sentAlertRef(incident.id, 'slack:C1')).toBe(`ref-${entry.id}`);
    await store.close();
  });
});
