// The Discord sink through the real outbox drain (src/alerts/deliver.ts), a real SQLite store, an
// injected clock, discord.js REST, and the fake Discord API on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordSink } from '../../adapters/discord/discord-sink.ts';
import { safeUrl } from '../../adapters/discord/discord-text.ts';
import { deliverOutbox, recoverInFlight, retryDelayMs } from '../../src/alerts/deliver.ts';
import type { Sink } from '../../src/alerts/sink.ts';
import type { AlertPayload } from '../../src/domain/delivery.ts';
import { RateLimitedError } from '../../src/domain/errors.ts';
import type { Incident } from '../../src/domain/types.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeIncident } from '../contract/store-fixtures.ts';
import { startFakeDiscord } from '../fakes/fake-discord-api.ts';
import type { FakeDiscord } from '../fakes/fake-discord-api.ts';
import { hostileFindings, visibleTexts } from '../fakes/fake-discord-checks.ts';

const CHANNEL = '1500000000000000009';
const DEST = `discord:${CHANNEL}`;
const POSTS = /^\/api\/v10\/channels\/\d+\/messages$/;

interface Ctx {
  fake: FakeDiscord;
  store: Store;
  sink: Sink;
  logs: string[];
  deps: Parameters<typeof deliverOutbox>[0];
  advance(ms: number): void;
  iso(): string;
}
let ctx: Ctx | null = null;

async function setup(token?: string): Promise<Ctx> {
  const fake = await startFakeDiscord();
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(l) });
  const sink = createDiscordSink({ token: token ?? fake.token, apiUrl: fake.apiUrl, defaultChannel: null, storeId: await store.storeId(), log, retries: 1, timeoutMs: 3_000 });
  let now = new Date('2026-11-23T12:00:00Z');
  const deps = { store, sinks: new Map([['discord', sink]]), now: () => now, log, signal: new AbortController().signal };
  ctx = { fake, store, sink, logs, deps, advance: (ms) => (now = new Date(now.getTime() + ms)), iso: () => now.toISOString() };
  return ctx;
}

afterEach(async () => {
  if (!ctx) return;
  await ctx.fake.close();
  await ctx.store.close();
  ctx = null;
});

const payload = (incident: Incident, kind: 'alert' | 'update' = 'alert', factChanges: string[] = []): AlertPayload => ({
  kind,
  incident,
  factChanges,
  source: kind === 'update' ? { url: 'https://bbc.example/story', title: 'Thousands more affected', outlet: 'BBC' } : null,
});

async function enqueue(c: Ctx, p: AlertPayload): Promise<void> {
  await c.store.enqueue([{ incidentId: p.incident.id, destination: DEST, kind: p.kind, payload: p }], c.iso());
}

describe('Discord sink', () => {
  it('posts one alert with nonce, enforce_nonce and no pings', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    expect((await deliverOutbox(c.deps)).sent).toBe(1);
    const [post] = c.fake.requestsTo(POSTS, 'POST');
    expect(post?.body).toMatchObject({ nonce: expect.stringMatching(/^bwa\d+\./), enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(c.fake.messages).toHaveLength(1);
    const message = c.fake.messages[0];
    expect(await c.store.sentAlertRef('inc-1', DEST)).toBe(`${CHANNEL}:${message?.id}`);
    expect(c.fake.violations).toEqual([]);
  });

  it('on an update, edits the original to the current facts and replies with what changed', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    await enqueue(c, payload(makeIncident({ affected: 47_000 }), 'update', ['People affected: 1,200 → 47,000']));
    expect((await deliverOutbox(c.deps)).sent).toBe(2);
    const [original, reply] = c.fake.messages;
    expect(original?.edits).toBe(1);
    expect(JSON.stringify(original?.embeds)).toContain('47,000');
    expect(reply?.message_reference).toMatchObject({ message_id: original?.id });
    expect(JSON.stringify(reply?.embeds)).toContain('1,200 → 47,000');
    expect(JSON.stringify(reply?.embeds)).toContain('[bbc.example](https://bbc.example/story)');
    const replyPost = c.fake.requestsTo(POSTS, 'POST')[1];
    expect(replyPost?.body).toMatchObject({ enforce_nonce: true, nonce: expect.stringMatching(/^bwr/), allowed_mentions: { parse: [], replied_user: false } });
    expect(c.fake.violations).toEqual([]);
  });

  it('a new source with no new facts only edits the original', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    await enqueue(c, payload(makeIncident(), 'update', []));
    expect((await deliverOutbox(c.deps)).sent).toBe(2);
    expect(c.fake.messages).toHaveLength(1);
    expect(c.fake.messages[0]?.edits).toBe(1);
    expect(c.fake.requestsTo(POSTS, 'POST')).toHaveLength(1);
  });

  it('waits out a 429 through the outbox, then sends exactly once', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    c.fake.failNext({ method: 'POST', path: /\/messages$/ }, { kind: 'rate_limit', retryAfterSeconds: 0.2 });
    expect((await deliverOutbox(c.deps)).retried).toBe(1);
    expect(c.fake.messages).toHaveLength(0);
    expect((await deliverOutbox(c.deps)).sent).toBe(0); // not due yet on the injected clock
    c.advance(300);
    await new Promise((resolve) => setTimeout(resolve, 350)); // discord.js remembers the bucket in real time
    expect((await deliverOutbox(c.deps)).sent).toBe(1);
    expect(c.fake.messages).toHaveLength(1);
    expect(c.fake.requestsTo(POSTS, 'POST')).toHaveLength(2);
  });

  it('maps route and global 429s to RateLimitedError with the right scope, without sleeping', async () => {
    const c = await setup();
    const request = { channel: CHANNEL, payload: payload(makeIncident()), parentRef: null, entryId: 1, signal: new AbortController().signal };
    c.fake.failNext({ path: /\/messages$/ }, { kind: 'rate_limit', retryAfterSeconds: 30 });
    const started = Date.now();
    const route = await c.sink.send(request).catch((e: unknown) => e);
    expect(route).toBeInstanceOf(RateLimitedError);
    expect(route).toMatchObject({ scope: 'route' });
    expect((route as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
    const c2 = await startFakeDiscord();
    const sink2 = createDiscordSink({ token: c2.token, apiUrl: c2.apiUrl, defaultChannel: null, storeId: 'other-store', log: c.deps.log });
    c2.failNext({ path: /\/messages$/ }, { kind: 'rate_limit', retryAfterSeconds: 5, global: true });
    const global = await sink2.send(request).catch((e: unknown) => e);
    expect(global).toMatchObject({ scope: 'global', retryAfterMs: expect.any(Number) });
    expect(Date.now() - started).toBeLessThan(3_000);
    await c2.close();
  });

  it('a 5xx leaves the alert in the outbox (bounded retries), and it is sent once later', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    c.fake.failNext({ path: /\/messages$/ }, { kind: 'server_error', status: 503 });
    c.fake.failNext({ path: /\/messages$/ }, { kind: 'server_error', status: 502 });
    expect((await deliverOutbox(c.deps)).retried).toBe(1);
    expect(c.fake.requestsTo(POSTS, 'POST')).toHaveLength(2); // REST retried once, then gave up
    expect(c.fake.messages).toHaveLength(0);
    expect(c.logs.join('\n')).toContain('server error (HTTP 502)');
    c.advance(retryDelayMs(1));
    expect((await deliverOutbox(c.deps)).sent).toBe(1);
    expect(c.fake.messages).toHaveLength(1);
  });

  it('a send whose response was lost is found in the channel before any resend, and not posted twice', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    c.fake.failNext({ method: 'POST', path: /\/messages$/ }, { kind: 'drop_response' });
    const first = await deliverOutbox(c.deps);
    expect(first.retried + first.sent).toBe(1);
    if (first.retried === 1) {
      c.advance(retryDelayMs(1));
      expect((await deliverOutbox(c.deps)).sent).toBe(1);
    }
    expect(c.fake.requestsTo(POSTS, 'POST')).toHaveLength(1);
    expect(c.fake.messages).toHaveLength(1);
    expect(await c.store.sentAlertRef('inc-1', DEST)).toBe(`${CHANNEL}:${c.fake.messages[0]?.id}`);
  });

  it('when the channel cannot be read back, a resend carries the same nonce and Discord keeps one message', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    c.fake.failNext({ method: 'POST', path: /\/messages$/ }, { kind: 'drop_response' });
    const first = await deliverOutbox(c.deps);
    expect(first.retried + first.sent).toBe(1);
    if (first.retried === 1) {
      c.fake.failNext({ method: 'GET', path: /\/messages$/ }, { kind: 'missing_access' });
      c.advance(retryDelayMs(1));
      expect((await deliverOutbox(c.deps)).sent).toBe(1);
    }
    const posts = c.fake.requestsTo(POSTS, 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(posts.map((p) => (p.body as { nonce: string }).nonce)).size).toBe(1);
    expect(c.fake.messages).toHaveLength(1);
    expect(await c.store.sentAlertRef('inc-1', DEST)).toBe(`${CHANNEL}:${c.fake.messages[0]?.id}`);
  });

  it('records an invalid body (50035) as poison and skips it', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    await enqueue(c, payload(makeIncident({ id: 'inc-2' })));
    c.fake.failNext({ path: /\/messages$/ }, { kind: 'invalid_form_body' });
    const report = await deliverOutbox(c.deps);
    expect(report).toMatchObject({ poisoned: 1, sent: 1 });
    c.advance(24 * 3600_000);
    expect((await deliverOutbox(c.deps)).sent).toBe(0);
    expect(c.fake.messages).toHaveLength(1);
    expect(c.logs.join('\n')).toContain('rejected');
  });

  it('says what to do on Missing Access and a bad token, and retries later instead of dropping', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    c.fake.failNext({ method: 'POST', path: /\/messages$/ }, { kind: 'missing_access' });
    expect((await deliverOutbox(c.deps)).retried).toBe(1);
    expect(c.logs.join('\n')).toContain(`give the bot View Channel, Send Messages, Embed Links and Read Message History in channel ${CHANNEL}`);
    c.fake.failNext({ method: 'POST', path: /\/messages$/ }, { kind: 'unknown_channel' });
    c.advance(retryDelayMs(1));
    expect((await deliverOutbox(c.deps)).retried).toBe(1);
    expect(c.logs.join('\n')).toContain('Copy Channel ID');
    c.advance(retryDelayMs(2));
    expect((await deliverOutbox(c.deps)).sent).toBe(1);

    const wrong = 'WRONG.token-value.abcdefghijklmnopqrstuvwxyz';
    const bad = createDiscordSink({ token: wrong, apiUrl: c.fake.apiUrl, defaultChannel: null, storeId: 'test-store', log: c.deps.log });
    const error = await bad.send({ channel: CHANNEL, payload: payload(makeIncident()), parentRef: null, entryId: 9, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('check DISCORD_TOKEN');
    expect(String((error as Error).message)).not.toContain(wrong);
  });

  it('hostile feed text is posted with no mention, no spoofed link, and the fake accepts it', async () => {
    const c = await setup();
    const evil = `@everyone <@123> <@&456> <#789> [Click](https://evil.example) [https://good.example](https://evil.example) \`\`\` \u202Eexe ${'😀'.repeat(3000)}`;
    const incident = makeIncident({
      organisation: evil,
      otherOrganisations: [evil],
      supplier: evil,
      dataTypes: [evil],
      regulatorAction: evil,
      reasons: [evil],
      articles: [{ url: 'https://news.example/a', title: evil, outlet: evil, published: null }],
    });
    await enqueue(c, payload(incident));
    await enqueue(c, payload(incident, 'update', [evil]));
    expect((await deliverOutbox(c.deps)).sent).toBe(2);
    expect(c.fake.requests.every((r) => r.status === 200)).toBe(true);
    const links = new Set(['https://news.example/a', 'https://bbc.example/story'].map((u) => safeUrl(u) ?? ''));
    for (const message of c.fake.messages) {
      for (const { text, markdown } of visibleTexts({ embeds: message.embeds })) expect(hostileFindings(text, links, markdown)).toEqual([]);
    }
    expect(c.fake.violations).toEqual([]);
  });

  it('after a crash mid-send, reconcile finds the alert in the channel and does not post again', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    const [due] = await c.store.dueOutbox(c.iso(), 10);
    if (!due) throw new Error('no entry');
    await c.store.markSending(due.id, c.iso());
    await c.sink.send({ channel: CHANNEL, payload: due.payload as AlertPayload, parentRef: null, entryId: due.id, signal: new AbortController().signal });
    // The process "died" before markSent. On restart:
    expect(await recoverInFlight(c.deps)).toBe(1);
    expect((await deliverOutbox(c.deps)).sent).toBe(0);
    expect(c.fake.messages).toHaveLength(1);
    expect(await c.store.sentAlertRef('inc-1', DEST)).toBe(`${CHANNEL}:${c.fake.messages[0]?.id}`);

    // Not delivered before the crash: reconcile says so and the alert is sent.
    await enqueue(c, payload(makeIncident({ id: 'inc-2' })));
    const [second] = await c.store.dueOutbox(c.iso(), 10);
    if (!second) throw new Error('no entry');
    await c.store.markSending(second.id, c.iso());
    await recoverInFlight(c.deps);
    c.advance(retryDelayMs(1));
    expect((await deliverOutbox(c.deps)).sent).toBe(1);
    expect(c.fake.messages).toHaveLength(2);
  });

  it('two deployments with one bot in one channel never take each other\'s messages as their own (issue 16 point 8)', async () => {
    const c = await setup();
    const other = openSqliteStore(':memory:');
    const sinkB = createDiscordSink({ token: c.fake.token, apiUrl: c.fake.apiUrl, defaultChannel: null, storeId: await other.storeId(), log: c.deps.log, retries: 0 });
    const depsB = { ...c.deps, store: other, sinks: new Map([['discord', sinkB]]) };
    try {
      // Both watch the same feed, so incident ids match; each store numbers its outbox from 1.
      await enqueue(c, payload(makeIncident()));
      expect((await deliverOutbox(c.deps)).sent).toBe(1);
      await other.enqueue([{ incidentId: 'inc-1', destination: DEST, kind: 'alert', payload: payload(makeIncident()) }], c.iso());
      expect((await deliverOutbox(depsB)).sent).toBe(1); // within the nonce window: a nonce of its own
      expect(c.fake.messages).toHaveLength(2);
      // B dies mid-send of its entry 2 before it reached Discord; A had posted the same incident as its entry 2.
      await enqueue(c, payload(makeIncident({ id: 'inc-2' })));
      expect((await deliverOutbox(c.deps)).sent).toBe(1);
      await other.enqueue([{ incidentId: 'inc-2', destination: DEST, kind: 'alert', payload: payload(makeIncident({ id: 'inc-2' })) }], c.iso());
      const [due] = await other.dueOutbox(c.iso(), 10);
      await other.markSending(due!.id, c.iso());
      await recoverInFlight(depsB);
      expect(await other.sentAlertRef('inc-2', DEST)).toBeNull();
      c.advance(retryDelayMs(1));
      expect((await deliverOutbox(depsB)).sent).toBe(1);
      expect(c.fake.messages).toHaveLength(4);
      expect(await other.sentAlertRef('inc-2', DEST)).toBe(`${CHANNEL}:${c.fake.messages[3]?.id}`);
    } finally {
      await other.close();
    }
  });

  it('when the channel history cannot be read, reconcile resends and the nonce prevents a double post', async () => {
    const c = await setup();
    await enqueue(c, payload(makeIncident()));
    const [due] = await c.store.dueOutbox(c.iso(), 10);
    if (!due) throw new Error('no entry');
    await c.store.markSending(due.id, c.iso());
    await c.sink.send({ channel: CHANNEL, payload: due.payload as AlertPayload, parentRef: null, entryId: due.id, signal: new AbortController().signal });
    c.fake.failNext({ method: 'GET', path: /\/messages$/ }, { kind: 'missing_access' });
    await recoverInFlight(c.deps);
    expect(c.logs.join('\n')).toContain('sending again');
    expect((await deliverOutbox(c.deps)).sent).toBe(1);
    expect(c.fake.messages).toHaveLength(1);
  });
});
