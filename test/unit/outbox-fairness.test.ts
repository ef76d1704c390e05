// Red team, issue 16: one destination's dead rows or outage must not hold up another's alerts, and
// rows that can never be sent, or keep failing for days, are ended with a log line.
import { describe, expect, it } from 'vitest';
import { deliverOutbox, OUTBOX_MAX_AGE_MS } from '../../src/alerts/deliver.ts';
import type { NoticeRequest, Sink } from '../../src/alerts/sink.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import type { NewOutboxEntry } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode, RateLimitedError } from '../../src/domain/errors.ts';
import type { Incident } from '../../src/domain/types.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink, type RecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const incidentNo = (i: number): Incident => newIncident(makeArticle({ key: `k${i}`, url: `https://news.example/${i}` }), makeClassification());
const row = (incident: Incident, destination: string, kind: 'alert' | 'update' = 'alert'): NewOutboxEntry => ({
  incidentId: incident.id,
  destination,
  kind,
  payload: { kind, incident, factChanges: kind === 'update' ? ['People affected: 300 → 4,000'] : [], source: null },
});

/** A recording sink that also takes admin notices. */
function noticeSink(name: string): RecordingSink & { notices: NoticeRequest[] } {
  const sink = createRecordingSink(name);
  const notices: NoticeRequest[] = [];
  return Object.assign(sink, {
    notices,
    async sendNotice(request: NoticeRequest) {
      notices.push(request);
      return { messageRef: `${name}-notice-${request.entryId}` };
    },
  });
}

function setup(sinks: Sink[], noticeDestinations: string[] = []) {
  const store = openSqliteStore(':memory:');
  let now = new Date('2026-11-23T12:00:00Z');
  const logs: Array<{ event: string; message: string }> = [];
  const log = createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(JSON.parse(l) as { event: string; message: string }) });
  const deps = {
    store,
    sinks: new Map(sinks.map((s) => [s.name, s])),
    now: () => now,
    log,
    signal: new AbortController().signal,
    noticeDestinations: () => noticeDestinations,
  };
  return { store, deps, logs, advance: (ms: number) => (now = new Date(now.getTime() + ms)), iso: () => now.toISOString() };
}

describe('outbox: updates with no alert behind them (R-RED-02)', () => {
  it('ends updates that have no alert at their destination with a log line, and a new alert still goes out past 250 of them', async () => {
    const slack = createRecordingSink('slack');
    const { store, deps, logs, iso } = setup([slack]);
    // 250 updates for a route that never got the alert (an added route, a minAffected filter met later).
    await store.enqueue(Array.from({ length: 250 }, (_, i) => row(incidentNo(i), 'slack:C1', 'update')), iso());
    const fresh = incidentNo(999);
    await store.enqueue([row(fresh, 'slack:C1')], iso());

    await deliverOutbox(deps);
    expect(slack.sent.map((s) => [s.payload.kind, s.payload.incident.id])).toEqual([['alert', fresh.id]]);
    expect(logs.filter((l) => l.event === 'outbox:orphan-update')).toHaveLength(250);
    expect(logs.find((l) => l.event === 'outbox:orphan-update')?.message).toMatch(/no alert .* was sent to slack:C1/);
    expect(await store.dueOutbox(new Date(Date.parse(iso()) + 7 * 86_400_000).toISOString(), 1000)).toEqual([]);
  });

  it('ends an update whose alert was rejected, and never reads updates still waiting for their alert', async () => {
    const slack = createRecordingSink('slack');
    const { store, deps, logs, iso, advance } = setup([slack]);
    const rejected = incidentNo(1);
    const waiting = incidentNo(2);
    await store.enqueue([row(rejected, 'slack:C1'), row(waiting, 'slack:C1')], iso());
    slack.failNext.push(new BreachwatchError(ErrorCode.DeliveryRejected, 'invalid_blocks'), new RateLimitedError('slack', 10 * 60_000));
    await deliverOutbox(deps);
    await store.enqueue([row(rejected, 'slack:C1', 'update'), ...Array.from({ length: 30 }, () => row(waiting, 'slack:C1', 'update'))], iso());
    // The waiting alert is in back-off: its 30 updates are not due, so they take no room in the window.
    expect(await store.dueOutbox(iso(), 10)).toMatchObject([{ kind: 'update', incidentId: rejected.id }]);
    await deliverOutbox(deps);
    expect(logs.filter((l) => l.event === 'outbox:orphan-update')).toHaveLength(1);
    advance(10 * 60_000);
    await deliverOutbox(deps);
    expect(slack.sent.map((s) => s.payload.kind)).toEqual(['alert', ...Array(30).fill('update')]);
  });
});

describe('outbox: one platform down does not starve another (R-RED-05)', () => {
  it('delivers a new Discord alert at once while 150 rows wait for a Slack that answers 429 forever', async () => {
    const slack = createRecordingSink('slack');
    const discord = createRecordingSink('discord');
    slack.send = async () => {
      throw new RateLimitedError('slack', 1_000);
    };
    const { store, deps, iso, advance } = setup([slack, discord]);
    await store.enqueue(Array.from({ length: 150 }, (_, i) => row(incidentNo(i), 'slack:C1')), iso());
    await deliverOutbox(deps);
    advance(60_000);
    const fresh = incidentNo(999);
    await store.enqueue([row(fresh, 'discord:D1')], iso());
    await deliverOutbox(deps);
    expect(discord.sent.map((s) => s.payload.incident.id)).toEqual([fresh.id]);
  });

  it('gives up on rows still failing after the maximum age, marks them failed, and tells admins on the other platform once', async () => {
    const slack = noticeSink('slack');
    const discord = noticeSink('discord');
    slack.send = async () => {
      throw new Error('503 Service Unavailable');
    };
    const { store, deps, logs, iso, advance } = setup([slack, discord], ['slack:CADMIN', 'discord:DADMIN']);
    await store.enqueue(Array.from({ length: 20 }, (_, i) => row(incidentNo(i), 'slack:C1')), iso());
    const queuedAt = Date.parse(iso());
    // Five-minute cycles for four days: Slack never answers.
    for (let cycle = 0; cycle < 4 * 24 * 12; cycle += 1) {
      advance(5 * 60_000);
      await deliverOutbox(deps);
    }
    expect(await store.dueOutbox(new Date(queuedAt + 30 * 86_400_000).toISOString(), 100)).toEqual([]);
    const gaveUp = logs.filter((l) => l.event === 'outbox:gave-up');
    expect(gaveUp.length).toBeGreaterThan(0);
    expect(gaveUp[0]?.message).toMatch(/slack:C1/);
    expect(slack.notices).toEqual([]);
    expect(discord.notices).toHaveLength(1);
    expect(discord.notices[0]?.notice.text).toMatch(/slack:C1/);
    expect(discord.notices[0]?.notice.text).toMatch(/503 Service Unavailable/);
    expect(OUTBOX_MAX_AGE_MS).toBe(3 * 24 * 3600_000);
  });
});
