// Regressions for what the chaos harness found: a restart blocked by its own dead run's poll lease,
// entries left 'sending' reconciled outside the lease, and a crash between a feed's poll and its
// items' processing hiding those items behind a 304, and a retried entry re-posted blind after a
// second kill lost what the sink's first check had learnt.
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { describe, expect, it } from 'vitest';
import { deliverOutbox, recoverInFlight } from '../../src/alerts/deliver.ts';
import type { Sink } from '../../src/alerts/sink.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { createLogger } from '../../src/log/logger.ts';
import { pollFeed, type FetchResult } from '../../src/pipeline/poll-feed.ts';
import { claimInstance, INSTANCE_LEASE_TTL_MS } from '../../src/pipeline/instance-lease.ts';
import { formatOwner, holderState, newLeaseOwner, parseOwner } from '../../src/pipeline/lease-owner.ts';
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

describe('the poll lease and instance lease across hosts and containers (issue 16 point 4)', () => {
  const here = { instance: 'bw', pid: 4242, namespace: 'boot-1/4026531836', nonce: 'me' };
  const freePid = (pid: number): boolean => pid === 4242;

  it('takes a lease at once only from a holder that provably died in this host and PID namespace', async () => {
    const store = openSqliteStore(':memory:');
    const elsewhere = formatOwner({ ...here, pid: 77, namespace: 'boot-1/4026532999', nonce: 'x' });
    const isStaleOwner = (holder: string): boolean => holderState(holder, here, freePid) === 'dead';
    expect(await acquireCycleLease({ store, owner: elsewhere, now, log })).toBe(true);
    // Same instance id, pid 77 is not running here: but it is another container's pid, so wait.
    expect(await acquireCycleLease({ store, owner: formatOwner(here), isStaleOwner, now, log })).toBe(false);
    expect(holderState('bw#77', here, freePid)).toBe('unknown'); // the older owner format: no namespace to compare
    await store.releaseLease('poll-cycle', elsewhere);
    expect(await acquireCycleLease({ store, owner: formatOwner({ ...here, pid: 77, nonce: 'y' }), now, log })).toBe(true);
    expect(await acquireCycleLease({ store, owner: formatOwner(here), isStaleOwner, now, log })).toBe(true); // pid 77 here is dead
    expect(holderState(formatOwner({ ...here, nonce: 'earlier' }), here, () => true)).toBe('dead'); // our own pid, another process
    expect(holderState(formatOwner({ ...here, namespace: null }), { ...here, namespace: null }, freePid)).toBe('unknown');
    await store.close();
  });

  it('makes owners unique per process even with the same instance, pid and namespace', () => {
    const a = newLeaseOwner('bw', 1, 'boot-1/1');
    const b = newLeaseOwner('bw', 1, 'boot-1/1');
    expect(formatOwner(a)).not.toBe(formatOwner(b));
    expect(parseOwner(formatOwner({ ...a, instance: 'odd#name@x' }))).toEqual({ ...a, instance: 'odd#name@x' });
  });

  it('refuses a second live process with the same instance id, and waits out a holder from elsewhere', async () => {
    const store = openSqliteStore(':memory:');
    let clock = now().getTime();
    const deps = { store, now: () => new Date(clock), log, isRunning: () => true, sleep: async (ms: number) => void (clock += ms) };
    const first = await claimInstance({ ...deps, owner: { ...here, pid: 100 } });
    await expect(claimInstance({ ...deps, owner: here })).rejects.toThrow(/Set BREACHWATCH_INSTANCE_ID/);
    await first.release();
    // Held from another container: not refused at once, taken once it expires (nobody renewed it).
    await store.tryAcquireLease('instance:bw', formatOwner({ ...here, namespace: 'boot-2/9' }), INSTANCE_LEASE_TTL_MS, clock);
    const started = clock;
    const second = await claimInstance({ ...deps, owner: here });
    expect(clock - started).toBeGreaterThanOrEqual(INSTANCE_LEASE_TTL_MS);
    await second.release();
    // Held from another container and kept alive: refused after the wait.
    const renewing = { ...deps, sleep: async (ms: number) => {
      clock += ms;
      await store.tryAcquireLease('instance:bw', 'bw#1@boot-2/9~live', INSTANCE_LEASE_TTL_MS, clock);
    } };
    await store.tryAcquireLease('instance:bw', 'bw#1@boot-2/9~live', INSTANCE_LEASE_TTL_MS, clock);
    await expect(claimInstance({ ...renewing, owner: here })).rejects.toThrow(/BREACHWATCH_INSTANCE_ID=bw/);
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
      { kind: 'ok', items: feedItemsOf([a]), etag: '"1"', lastModified: null, feedTitle: 'Feed' },
      { kind: 'ok', items: feedItemsOf([a, b]), etag: '"2"', lastModified: null, feedTitle: 'Feed' },
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
