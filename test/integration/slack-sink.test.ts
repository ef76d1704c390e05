// The Slack sink with the REAL Bolt app and WebClient against the fake Slack Web API on 127.0.0.1,
// driven through the real outbox (src/alerts/deliver.ts) over a real SQLite store and a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import { deliverOutbox, recoverInFlight, retryDelayMs } from '../../src/alerts/deliver.ts';
import type { AlertPayload, NewOutboxEntry } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode, RateLimitedError } from '../../src/domain/errors.ts';
import type { Incident } from '../../src/domain/types.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/ports.ts';
import { makeIncident } from '../contract/store-fixtures.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import { HOSTILE, hostileIncident, hostileUpdate, slackPayloadProblems } from '../fakes/fake-slack-hostile.ts';
import { BOT_TOKEN, captureLogger, slackConfig } from '../fakes/fake-slack-setup.ts';

const DEST = 'slack:C_ALERTS';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A deployment: its own store and sink, and a fake Slack of its own or shared with another deployment. */
async function setup(options: { timeoutMs?: number; fake?: FakeSlackApi } = {}) {
  let now = new Date('2026-11-23T12:00:00.000Z');
  const clock = () => now;
  const fake =
    options.fake ??
    (await startFakeSlackApi({ botToken: BOT_TOKEN, channels: { C_ALERTS: { member: true }, C_OUT: { member: false }, C_PUBLIC: { member: false, isPublic: true } }, now: () => now.getTime() }));
  const store = openSqliteStore(':memory:');
  const storeId = await store.storeId();
  const { log, lines } = captureLogger();
  const makeSink = () =>
    createSlackAdapter(
      slackConfig(fake.apiUrl),
      { log, storeId, handleCommand: async () => ({ visibility: 'ephemeral', title: '', blocks: [] }), parseCommandText: () => ({ kind: 'help' }) },
      { requestTimeoutMs: options.timeoutMs ?? 2000, now: clock },
    ).sink;
  const sink = makeSink();
  cleanups.push(async () => {
    await store.close();
    if (!options.fake) await fake.close();
  });
  const deps = (s = sink) => ({ store, sinks: new Map([['slack', s]]), now: clock, log, signal: new AbortController().signal });
  return { fake, store, storeId, sink, makeSink, deps, lines, advance: (ms: number) => (now = new Date(now.getTime() + ms)), iso: () => now.toISOString() };
}

const alert = (incident: Incident, destination = DEST): NewOutboxEntry & { payload: AlertPayload } => ({
  incidentId: incident.id,
  destination,
  kind: 'alert',
  payload: { kind: 'alert', incident, factChanges: [], source: null },
});
const update = (incident: Incident, factChanges: string[]): NewOutboxEntry => ({
  incidentId: incident.id,
  destination: DEST,
  kind: 'update',
  payload: { kind: 'update', incident, factChanges, source: { url: 'https://news2.example/b', title: 'Second report', outlet: 'Other News' } },
});

async function onlyEntryId(store: Store, iso: string): Promise<number> {
  const [due] = await store.dueOutbox(iso, 10);
  if (!due) throw new Error('no entry due');
  return due.id;
}

describe('Slack sink against the fake Slack API', () => {
  it('posts an alert once, then edits it and replies in its thread for new facts; a new source alone only edits', async () => {
    const { fake, store, deps, iso, advance } = await setup();
    const incident = makeIncident({ id: 'bw-one' });
    await store.enqueue([alert(incident)], iso());
    expect((await deliverOutbox(deps())).sent).toBe(1);
    advance(60_000);
    const grown = { ...incident, affected: 47_000, articles: [...incident.articles, { url: 'https://news2.example/b', title: 'Second report', outlet: 'Other News', published: iso() }] };
    await store.enqueue([update(grown, ['People affected: 1,200 → 47,000'])], iso());
    expect((await deliverOutbox(deps())).sent).toBe(1);
    await store.enqueue([update(grown, [])], iso());
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect((await deliverOutbox(deps())).sent).toBe(0);

    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    const [first, reply] = fake.messages;
    expect(first?.threadTs).toBeNull();
    expect(first?.metadata).toMatchObject({ event_type: 'breachwatch_alert', event_payload: { incident_id: 'bw-one' } });
    expect(reply?.threadTs).toBe(first?.ts);
    expect(JSON.stringify(reply?.blocks)).toContain('People affected: 1,200 → 47,000');
    expect(JSON.stringify(reply?.blocks)).toContain('<https://news2.example/b|Other News: Second report>');
    expect(fake.callsTo('chat.update')).toHaveLength(2);
    expect(first?.edits).toBe(2);
    expect(JSON.stringify(first?.blocks)).toContain('47,000');
    expect(await store.sentAlertRef('bw-one', DEST)).toBe(`C_ALERTS:${first?.ts}`);
    for (const call of fake.calls) {
      expect(call.authorized).toBe(true);
      expect(call.args).not.toHaveProperty('link_names');
      expect(call.args).not.toHaveProperty('parse');
    }
  });

  it('turns a 429 into RateLimitedError with its Retry-After, and the outbox sends once after the wait', async () => {
    const { fake, store, sink, deps, iso, advance } = await setup();
    fake.failNext('chat.postMessage', { kind: 'http', status: 429, retryAfter: 7 });
    const payload: AlertPayload = alert(makeIncident()).payload;
    const error = await sink.send({ channel: 'C_ALERTS', payload, parentRef: null, entryId: 99, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);

    fake.failNext('chat.postMessage', { kind: 'http', status: 429, retryAfter: 7 });
    await store.enqueue([alert(makeIncident({ id: 'bw-429' }))], iso());
    expect((await deliverOutbox(deps())).retried).toBe(1);
    advance(6_000);
    expect((await deliverOutbox(deps())).sent).toBe(0);
    advance(1_000);
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect(fake.messages).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('treats a `ratelimited` error body as a rate limit too', async () => {
    const { fake, sink } = await setup();
    fake.failNext('chat.postMessage', { kind: 'error', error: 'ratelimited', retryAfter: 3 });
    const error = await sink
      .send({ channel: 'C_ALERTS', payload: alert(makeIncident()).payload, parentRef: null, entryId: 1, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('leaves a 5xx in the outbox for the next cycle, checks Slack before resending, and posts once', async () => {
    const { fake, store, deps, iso, advance } = await setup();
    fake.failNext('chat.postMessage', { kind: 'http', status: 503 });
    await store.enqueue([alert(makeIncident())], iso());
    const started = Date.now();
    expect((await deliverOutbox(deps())).retried).toBe(1);
    expect(Date.now() - started).toBeLessThan(1500); // no hidden WebClient retries holding the outbox
    expect(fake.messages).toHaveLength(0);
    advance(retryDelayMs(1));
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect(fake.messages).toHaveLength(1);
    // Checked before the resend (by the outbox, and by the sink's own guard after an ambiguous failure).
    expect(fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
  });

  it('after a timeout whose post did reach Slack, finds it by metadata instead of posting twice', async () => {
    const { fake, store, deps, iso, advance } = await setup({ timeoutMs: 300 });
    fake.failNext('chat.postMessage', { kind: 'hang', ms: 1200, apply: true });
    await store.enqueue([alert(makeIncident({ id: 'bw-slow' }))], iso());
    expect((await deliverOutbox(deps())).retried).toBe(1);
    expect(fake.messages).toHaveLength(1); // Slack has it; we never heard back
    advance(retryDelayMs(1));
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect(fake.messages).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await store.sentAlertRef('bw-slow', DEST)).toBe(`C_ALERTS:${fake.messages[0]?.ts}`);
  });

  it('records invalid_blocks as poison and skips it', async () => {
    const { fake, store, deps, iso, advance } = await setup();
    fake.failNext('chat.postMessage', { kind: 'error', error: 'invalid_blocks' });
    await store.enqueue([alert(makeIncident())], iso());
    expect((await deliverOutbox(deps())).poisoned).toBe(1);
    advance(24 * 3600_000);
    expect((await deliverOutbox(deps())).sent).toBe(0);
    expect(fake.messages).toHaveLength(0);
  });

  it.each([
    ['not_in_channel', /invite the bot to the channel with \/invite @breachwatch/],
    ['channel_not_found', /invite the bot to the channel with \/invite @breachwatch/],
    ['is_archived', /archived/],
    ['invalid_auth', /check SLACK_BOT_TOKEN/],
    ['token_revoked', /check SLACK_BOT_TOKEN/],
    ['missing_scope', /add the chat:write scope .*reinstall/],
  ])('%s says what to do and is retried later, not poisoned', async (code, advice) => {
    const { fake, sink } = await setup();
    fake.failNext('chat.postMessage', { kind: 'error', error: code });
    const error = await sink
      .send({ channel: 'C_ALERTS', payload: alert(makeIncident()).payload, parentRef: null, entryId: 1, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BreachwatchError);
    expect((error as BreachwatchError).code).toBe(ErrorCode.DeliveryFailed);
    expect((error as Error).message).toMatch(advice);
  });

  it('a channel the bot is not in is retried with advice (the fake checks membership like Slack)', async () => {
    const { store, deps, iso, advance } = await setup();
    await store.enqueue([alert(makeIncident(), 'slack:C_OUT')], iso());
    expect((await deliverOutbox(deps())).retried).toBe(1);
    advance(retryDelayMs(1));
    const [entry] = await store.dueOutbox(iso(), 10);
    expect(entry?.lastError).toMatch(/\/invite @breachwatch/);
  });

  it('reconciles after a crash: a message posted before the crash is found, not sent again', async () => {
    const { fake, store, sink, makeSink, deps, iso, advance } = await setup();
    await store.enqueue([alert(makeIncident({ id: 'bw-crash' })), alert(makeIncident({ id: 'bw-unsent' }))], iso());
    const due = await store.dueOutbox(iso(), 10);
    for (const entry of due) await store.markSending(entry.id, iso());
    // The first send reached Slack, then the process died before marking it sent; the second never left.
    const first = due[0];
    if (!first) throw new Error('no entry');
    await sink.send({ channel: 'C_ALERTS', payload: first.payload as AlertPayload, parentRef: null, entryId: first.id, signal: new AbortController().signal });
    advance(30_000);
    const restarted = makeSink();
    expect(await recoverInFlight(deps(restarted))).toBe(2);
    expect(await store.sentAlertRef('bw-crash', DEST)).toBe(`C_ALERTS:${fake.messages[0]?.ts}`);
    expect((await deliverOutbox(deps(restarted))).sent).toBe(1);
    expect(fake.messages.map((m) => m.metadata?.event_payload.incident_id)).toEqual(['bw-crash', 'bw-unsent']);
    expect(fake.callsTo('conversations.history').every((c) => c.args.include_all_metadata === 'true')).toBe(true);
  });

  it('two deployments in one channel never take each other\'s messages as their own (issue 16 point 8)', async () => {
    const a = await setup();
    const b = await setup({ fake: a.fake });
    expect(b.storeId).not.toBe(a.storeId);
    // Both watch the same feed, so the incident id is the same; each store numbers its outbox from 1.
    const incident = makeIncident({ id: 'bw-shared' });
    await a.store.enqueue([alert(incident)], a.iso());
    expect((await deliverOutbox(a.deps())).sent).toBe(1);
    await b.store.enqueue([alert(incident)], b.iso());
    const [entry] = await b.store.dueOutbox(b.iso(), 10);
    expect(entry?.id).toBe(1);
    // B dies mid-send before its post reached Slack; its restart must not take A's message for its own.
    await b.store.markSending(entry!.id, b.iso());
    expect(await recoverInFlight(b.deps(b.makeSink()))).toBe(1);
    expect(await b.store.sentAlertRef('bw-shared', DEST)).toBeNull();
    expect((await deliverOutbox(b.deps())).sent).toBe(1);
    expect(a.fake.messages).toHaveLength(2);
    const [fromA, fromB] = a.fake.messages;
    expect(fromB?.metadata?.event_payload).toMatchObject({ outbox_id: 1, incident_id: 'bw-shared', store_id: b.storeId });
    expect(await b.store.sentAlertRef('bw-shared', DEST)).toBe(`C_ALERTS:${fromB?.ts}`);
    expect(await a.store.sentAlertRef('bw-shared', DEST)).toBe(`C_ALERTS:${fromA?.ts}`);
    // A's own crash recovery still finds its message (same store, outbox id and incident).
    await a.store.enqueue([alert(makeIncident({ id: 'bw-a2' }))], a.iso());
    const [second] = await a.store.dueOutbox(a.iso(), 10);
    await a.store.markSending(second!.id, a.iso());
    await a.sink.send({ channel: 'C_ALERTS', payload: second!.payload as AlertPayload, parentRef: null, entryId: second!.id, signal: new AbortController().signal });
    expect(await recoverInFlight(a.deps(a.makeSink()))).toBe(1);
    expect(await a.store.sentAlertRef('bw-a2', DEST)).toBe(`C_ALERTS:${a.fake.messages[2]?.ts}`);
    expect(a.fake.messages).toHaveLength(3);
  });

  it('a reconcile that cannot reach Slack does not stop start-up, and checks again before posting', async () => {
    const { fake, store, sink, deps, iso } = await setup();
    await store.enqueue([alert(makeIncident())], iso());
    const id = await onlyEntryId(store, iso());
    await store.markSending(id, iso());
    await sink.send({ channel: 'C_ALERTS', payload: alert(makeIncident()).payload, parentRef: null, entryId: id, signal: new AbortController().signal });
    fake.failNext('conversations.history', { kind: 'http', status: 500 });
    expect(await recoverInFlight(deps())).toBe(1);
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect(fake.messages).toHaveLength(1);
  });

  it('cannot check a channel it is not in: sends again (at-least-once) with advice, instead of getting stuck', async () => {
    const { fake, store, deps, iso, advance, lines } = await setup({ timeoutMs: 300 });
    fake.failNext('chat.postMessage', { kind: 'hang', ms: 1000, apply: true });
    await store.enqueue([alert(makeIncident(), 'slack:C_PUBLIC')], iso());
    expect((await deliverOutbox(deps())).retried).toBe(1);
    advance(retryDelayMs(1));
    expect((await deliverOutbox(deps())).sent).toBe(1);
    expect(fake.callsTo('conversations.history').map((c) => c.result.error)).toEqual(['not_in_channel']);
    expect(lines.join('\n')).toMatch(/Invite the bot to the channel with \/invite @breachwatch/);
  });

  it.each(HOSTILE)('hostile text (%s) in every field goes through the fake Slack API without a rejection or a ping', async (_name, text) => {
    const { fake, sink } = await setup();
    const signal = new AbortController().signal;
    const { messageRef } = await sink.send({ channel: 'C_ALERTS', payload: { kind: 'alert', incident: hostileIncident(text), factChanges: [], source: null }, parentRef: null, entryId: 1, signal });
    await sink.send({ channel: 'C_ALERTS', payload: hostileUpdate(text), parentRef: messageRef, entryId: 2, signal });
    expect(fake.calls.filter((c) => c.result.ok !== true)).toEqual([]);
    const allowed = new Set(['https://news.example/a', 'https://news.example/b']);
    for (const call of fake.calls.filter((c) => c.method.startsWith('chat.'))) {
      const body = { text: String(call.args.text), blocks: call.args.blocks as unknown[] };
      expect(slackPayloadProblems(body, allowed)).toEqual([]);
    }
  });
});
