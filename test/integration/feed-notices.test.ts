// reliability.md "Feeds": after N consecutive failures admins get ONE warning (not one per poll), and
// one "works again" notice when the feed recovers. pollFeed (real, SQLite feed state) decides when;
// warnAdmins / tellAdminsRecovered enqueue one notice per destination; the outbox drain hands notices
// to the console, Slack (stub Web API client) and Discord (fake Discord API on 127.0.0.1) sinks.
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleSink } from '../../adapters/console/console-sink.ts';
import { createDiscordSink } from '../../adapters/discord/discord-sink.ts';
import { renderNoticeMessage } from '../../adapters/discord/render-notice.ts';
import { renderNotice } from '../../adapters/slack/render-notice.ts';
import { createSlackSink } from '../../adapters/slack/slack-sink.ts';
import { deliverOutbox } from '../../src/alerts/deliver.ts';
import { failingNotice, noticeDestinations, recoveredNotice, tellAdminsRecovered, warnAdmins } from '../../src/alerts/feed-notices.ts';
import type { Sink } from '../../src/alerts/sink.ts';
import type { NoticePayload } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { pollFeed, type FetchResult } from '../../src/pipeline/poll-feed.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord-api.ts';
import { createMemoryOutbox } from '../fakes/memory-outbox.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';

const HOSTILE = 'Evil <!channel> @everyone <@U123> [click](https://evil.example) <https://evil.example|ICO>';
const feed = { id: 'ico', name: 'ICO news', url: 'https://ico.example/feed', intervalMinutes: 10 };
const CONNECTED = [
  { name: 'console', defaultChannel: null, needsChannel: false },
  { name: 'slack', defaultChannel: 'C_ADMIN', needsChannel: true },
  { name: 'discord', defaultChannel: '1500000000000000009', needsChannel: true },
];

let fakeDiscord: FakeDiscord | null = null;
afterEach(async () => {
  await fakeDiscord?.close();
  fakeDiscord = null;
});

/** Drives pollFeed like run-cycle does, with the wiring proposed for run-cycle/main (see the report). */
async function scenario(results: Array<'ok' | 'fail'>) {
  const store = openSqliteStore(':memory:');
  const outbox = createMemoryOutbox();
  let now = new Date('2026-11-23T12:00:00Z');
  let next = 0;
  const ok: FetchResult = { kind: 'ok', items: feedItemsOf([]), etag: null, lastModified: null, feedTitle: 'ICO' };
  const fetchFeed = async (): Promise<FetchResult> => {
    if (results[next++] === 'fail') throw new BreachwatchError(ErrorCode.FeedHttpStatus, 'https://ico.example/feed answered HTTP 500 (server error)');
    return ok;
  };
  const noticeDeps = { store: outbox, destinations: () => noticeDestinations(CONNECTED), now: () => now };
  const perPoll: number[] = [];
  for (let i = 0; i < results.length; i++) {
    const before = outbox.entries.length;
    const outcome = await pollFeed(feed, { store, fetchFeed, now: () => now, signal: new AbortController().signal, options: { maxNewItemsPerPoll: 10, failureWarningAfter: 3, maxBackoffMinutes: 60 } });
    // The wiring: run-cycle calls onFeedWarning / onFeedRecovered; main.ts forwards to these.
    if (outcome.kind === 'failed' && outcome.warn) await warnAdmins(feed, outcome.error, noticeDeps);
    if (outcome.kind !== 'failed' && outcome.recovered) await tellAdminsRecovered(feed, outcome.recovered, noticeDeps);
    perPoll.push(outbox.entries.length - before);
    now = new Date(now.getTime() + 61 * 60_000);
  }
  await store.close();
  return { outbox, perPoll, topics: outbox.entries.map((e) => `${e.destination} ${(e.payload as NoticePayload).topic}`) };
}

describe('one warning per failure streak, one recovery notice', () => {
  it('N failures → exactly one notice per destination, however long the streak', async () => {
    const { perPoll, topics, outbox } = await scenario(['ok', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(perPoll).toEqual([0, 0, 0, 2, 0, 0, 0, 0]);
    expect(topics).toEqual(['slack:C_ADMIN feed_failing', 'discord:1500000000000000009 feed_failing']);
    const notice = outbox.entries[0]?.payload as NoticePayload;
    expect(notice.text).toContain('HTTP 500');
    expect(notice.text).not.toMatch(/breachwatch_/); // internal codes stay in the log
    // Each sink's readers get the fix they can apply: chat commands in chat, the command line on the console.
    const chat = JSON.stringify([renderNotice(notice), renderNoticeMessage(notice)]);
    expect(chat).toContain('check the URL with /breach feed test https://ico.example/feed');
    expect(chat).toContain('remove it with /breach feed remove ico');
    const printed: string[] = [];
    await createConsoleSink((text) => printed.push(text)).sendNotice?.({ channel: null, notice, entryId: 1, signal: new AbortController().signal });
    expect(printed.join('')).toContain('check the URL with breachwatch feed test https://ico.example/feed');
    expect(printed.join('')).toMatch(/feed ico\s+in the config file/);
    expect(printed.join('')).not.toMatch(/\/breach /);
    expect(outbox.entries.every((e) => e.kind === 'notice' && e.incidentId === 'feed:ico')).toBe(true);
  });

  it('recovery → one recovery notice; the next streak → one more warning', async () => {
    const { perPoll, topics } = await scenario(['ok', 'fail', 'fail', 'fail', 'fail', 'ok', 'ok', 'fail', 'fail', 'fail', 'fail', 'ok']);
    expect(perPoll).toEqual([0, 0, 0, 2, 0, 2, 0, 0, 0, 2, 0, 2]);
    expect(topics.filter((t) => t.startsWith('slack:'))).toEqual(['slack:C_ADMIN feed_failing', 'slack:C_ADMIN feed_recovered', 'slack:C_ADMIN feed_failing', 'slack:C_ADMIN feed_recovered']);
  });

  it('a streak shorter than N warns nobody and its recovery is silent too', async () => {
    const { perPoll } = await scenario(['ok', 'fail', 'fail', 'ok', 'fail', 'ok']);
    expect(perPoll).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('notice destinations', () => {
  it('uses each chat platform default channel, else a routed channel; the console only when no chat platform can take it', () => {
    expect(noticeDestinations(CONNECTED)).toEqual(['slack:C_ADMIN', 'discord:1500000000000000009']);
    expect(noticeDestinations([CONNECTED[0]!, { name: 'slack', defaultChannel: null, needsChannel: true }], [{ sink: 'slack', channel: 'C_ROUTE' }])).toEqual(['slack:C_ROUTE']);
    expect(noticeDestinations([CONNECTED[0]!])).toEqual(['console']);
  });
});

describe('sinks render notices as plain, escaped text', () => {
  const notice = failingNotice({ id: 'evil', name: HOSTILE, url: 'https://evil.example/<!here>' }, `HTTP 500 ${HOSTILE}`, 3);

  it('console: one block of text, no control characters', async () => {
    const written: string[] = [];
    const outbox = createMemoryOutbox();
    await outbox.enqueue([{ incidentId: 'feed:evil', destination: 'console', kind: 'notice', payload: recoveredNotice({ id: 'evil', name: 'Evil\u001b[2J', url: 'https://x.example' }, { failures: 4, lastError: null, warnedAt: 't' }) }], '2026-01-01T00:00:00Z');
    const report = await deliverOutbox({ store: outbox, sinks: new Map([['console', createConsoleSink((t) => written.push(t))]]), now: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger(), signal: new AbortController().signal });
    expect(report.sent).toBe(1);
    expect(written[0]).toContain('✅ Feed "Evil[2J" works again');
    expect(written[0]).not.toContain('\u001b');
  });

  it('Slack: one section, with <, > and & escaped so nothing mentions or links', async () => {
    const message = renderNotice(notice);
    expect(message.blocks).toHaveLength(1);
    const all = JSON.stringify(message);
    for (const banned of ['<!channel>', '<!here>', '<@U123>', '<https://evil.example|ICO>']) expect(all).not.toContain(banned);
    expect(all).toContain('&lt;!channel&gt;');
    const calls: Array<[string, Record<string, unknown>]> = [];
    const sink = createSlackSink({ client: { apiCall: async (method, args) => (calls.push([method, args ?? {}]), { ok: true, channel: 'C_ADMIN', ts: '1.000100' }) }, defaultChannel: 'C_ADMIN', storeId: 'test-store', log: silentLogger() });
    const outbox = createMemoryOutbox();
    await outbox.enqueue([{ incidentId: 'feed:evil', destination: 'slack:C_ADMIN', kind: 'notice', payload: notice }], '2026-01-01T00:00:00Z');
    const report = await deliverOutbox({ store: outbox, sinks: new Map([['slack', sink]]), now: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger(), signal: new AbortController().signal });
    expect(report.sent).toBe(1);
    expect(calls.map(([m, a]) => [m, a.channel, (a.metadata as { event_type: string }).event_type])).toEqual([['chat.postMessage', 'C_ADMIN', 'breachwatch_notice']]);
    expect(outbox.entries[0]).toMatchObject({ status: 'sent', messageRef: 'C_ADMIN:1.000100' });
  });

  it('Discord: one embed, allowed_mentions parse [], mentions and masked links defused', async () => {
    const body = renderNoticeMessage(notice);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body)).not.toMatch(/@everyone|<@U123>|\]\(https/);
    fakeDiscord = await startFakeDiscord();
    const sink = createDiscordSink({ token: fakeDiscord.token, apiUrl: fakeDiscord.apiUrl, defaultChannel: null, storeId: 'test-store', log: silentLogger(), retries: 0, timeoutMs: 2000 });
    const outbox = createMemoryOutbox();
    await outbox.enqueue([{ incidentId: 'feed:evil', destination: 'discord:1500000000000000009', kind: 'notice', payload: notice }], '2026-01-01T00:00:00Z');
    const report = await deliverOutbox({ store: outbox, sinks: new Map([['discord', sink]]), now: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger(), signal: new AbortController().signal });
    expect(report.sent).toBe(1);
    expect(fakeDiscord.messages).toHaveLength(1);
    expect(fakeDiscord.messages[0]?.nonce).toMatch(/^bwn1\./);
    expect(fakeDiscord.violations).toEqual([]);
  });

  it('a sink that cannot show notices skips them once (poison), and alerts keep flowing', async () => {
    const plain: Sink = createRecordingSink('console');
    const outbox = createMemoryOutbox();
    await outbox.enqueue([{ incidentId: 'feed:x', destination: 'console', kind: 'notice', payload: notice }], '2026-01-01T00:00:00Z');
    const report = await deliverOutbox({ store: outbox, sinks: new Map([['console', plain]]), now: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger(), signal: new AbortController().signal });
    expect(report).toMatchObject({ sent: 0, poisoned: 1, retried: 0 });
  });
});
