import { describe, expect, it } from 'vitest';
import { deliverOutbox, recoverInFlight, retryDelayMs } from '../../src/alerts/deliver.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import type { NewOutboxEntry } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode, RateLimitedError } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const incident = newIncident(makeArticle(), makeClassification());
const entry = (kind: 'alert' | 'update', destination = 'console'): NewOutboxEntry => ({
  incidentId: incident.id,
  destination,
  kind,
  payload: { kind, incident, factChanges: [], source: null },
});

function setup() {
  const store = openSqliteStore(':memory:');
  let now = new Date('2026-11-23T12:00:00Z');
  const sink = createRecordingSink('console');
  const deps = { store, sinks: new Map([['console', sink]]), now: () => now, log: silentLogger(), signal: new AbortController().signal };
  return { store, sink, deps, advance: (ms: number) => (now = new Date(now.getTime() + ms)), iso: () => now.toISOString() };
}

describe('outbox delivery', () => {
  it('sends an alert once, then its update threaded under it', async () => {
    const { store, sink, deps, iso } = setup();
    await store.enqueue([entry('alert'), entry('update')], iso());
    const report = await deliverOutbox(deps);
    expect(report.sent).toBe(2);
    expect(sink.sent.map((s) => [s.payload.kind, s.parentRef])).toEqual([
      ['alert', null],
      ['update', `console-msg-${sink.sent[0]?.entryId}`],
    ]);
    expect((await deliverOutbox(deps)).sent).toBe(0);
  });

  it('waits out a rate limit, then sends once', async () => {
    const { store, sink, deps, iso, advance } = setup();
    await store.enqueue([entry('alert')], iso());
    sink.failNext.push(new RateLimitedError('console', 5_000));
    expect((await deliverOutbox(deps)).retried).toBe(1);
    expect((await deliverOutbox(deps)).sent).toBe(0);
    advance(5_000);
    expect((await deliverOutbox(deps)).sent).toBe(1);
    expect(sink.sent).toHaveLength(1);
  });

  it('keeps a failed send in the outbox with backoff, and records a rejected payload as poison', async () => {
    const { store, sink, deps, iso, advance } = setup();
    await store.enqueue([entry('alert')], iso());
    sink.failNext.push(new Error('503 Service Unavailable'));
    expect((await deliverOutbox(deps)).retried).toBe(1);
    advance(retryDelayMs(1));
    expect((await deliverOutbox(deps)).sent).toBe(1);

    const other = newIncident(makeArticle({ key: 'other', url: 'https://o.example/' }), makeClassification());
    await store.enqueue([{ ...entry('alert'), incidentId: other.id, payload: { kind: 'alert', incident: other, factChanges: [], source: null } }], iso());
    sink.failNext.push(new BreachwatchError(ErrorCode.DeliveryRejected, 'invalid_blocks'));
    expect((await deliverOutbox(deps)).poisoned).toBe(1);
    advance(24 * 3600_000);
    expect((await deliverOutbox(deps)).sent).toBe(0);
  });

  it('after a crash mid-send, reconciles instead of sending twice', async () => {
    const { store, deps, iso } = setup();
    const sink = createRecordingSink('console', { canReconcile: true });
    await store.enqueue([entry('alert')], iso());
    const [due] = await store.dueOutbox(iso(), 10);
    if (!due) throw new Error('no entry');
    await store.markSending(due.id, iso());
    sink.delivered.set(due.id, 'already-there'); // the platform got it before the crash
    const withSink = { ...deps, sinks: new Map([['console', sink]]) };
    expect(await recoverInFlight(withSink)).toBe(1);
    expect((await deliverOutbox(withSink)).sent).toBe(0);
    expect(await store.sentAlertRef(incident.id, 'console')).toBe('already-there');
  });

  it('resends an interrupted entry when the sink cannot reconcile', async () => {
    const { store, sink, deps, iso } = setup();
    await store.enqueue([entry('alert')], iso());
    const [due] = await store.dueOutbox(iso(), 10);
    if (!due) throw new Error('no entry');
    await store.markSending(due.id, iso());
    await recoverInFlight(deps);
    expect((await deliverOutbox(deps)).sent).toBe(1);
    expect(sink.sent).toHaveLength(1);
  });

  it('holds alerts for a sink that is not connected', async () => {
    const { store, deps, iso } = setup();
    await store.enqueue([entry('alert', 'slack:C1')], iso());
    expect((await deliverOutbox(deps)).postponed).toBe(1);
  });
});
