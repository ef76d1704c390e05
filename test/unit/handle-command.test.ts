import { describe, expect, it } from 'vitest';
import { REFUSAL, type CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { Command, CommandContext, CommandReply } from '../../src/commands/types.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const admin: CommandContext = { platform: 'slack', userId: 'UADMIN', isAdmin: true, channelId: 'C1', workspaceId: 'T1' };
const member: CommandContext = { ...admin, userId: 'UMEMBER', isAdmin: false };

async function setup() {
  const store = openSqliteStore(':memory:');
  // Published in 2023 (the default), first seen by breachwatch on 20 November 2026.
  const met = makeArticle({ key: 'met', url: 'https://a.example/met', title: 'Met Police supplier hacked, warrant card data exposed', summary: 'Names and photos of 47,000 officers.', fetchedAt: '2026-11-20T08:00:00.000Z' });
  const nhs = makeArticle({ key: 'nhs', url: 'https://a.example/nhs', title: 'NHS trust ransomware attack', summary: 'Patient records stolen.', published: '2026-11-01T00:00:00.000Z' });
  const metIncident = newIncident(met, makeClassification({ affected: 47000 }));
  const nhsIncident = newIncident(nhs, makeClassification({ organisation: 'Example NHS Trust', sector: 'nhs' }));
  await store.commitArticle({ article: met, classification: makeClassification(), incident: metIncident, outbox: [] });
  await store.commitArticle({ article: nhs, classification: makeClassification(), incident: nhsIncident, outbox: [] });
  let changed = 0;
  const deps: CommandDeps = {
    store,
    now: () => new Date('2026-11-23T12:00:00Z'),
    configFeeds: [{ id: 'ico-enforcement', name: 'ICO enforcement', url: 'https://ico.org.uk/global/rss-feeds/enforcement/' }],
    checkFeedUrl: (url) => (url.includes('127.0.0.1') ? { ok: false, message: '127.0.0.1 is a loopback address' } : { ok: true }),
    fetchArticles: async (url) => {
      if (url.includes('broken')) throw new BreachwatchError(ErrorCode.FeedNotAFeed, 'the server sent an HTML page, not a feed');
      return { feedTitle: 'Example News', articles: [met, makeArticle({ key: 'x', title: 'Phone launch' })] };
    },
    classify: (text) => makeClassification({ alert: text.title.includes('Met'), reasons: ['matched'] }),
    onRegistryChanged: () => (changed += 1),
  };
  return { store, deps, metIncident, changed: () => changed };
}

const text = (reply: CommandReply) => JSON.stringify(reply);

describe('handleCommand', () => {
  it('answers recent, show, search and stats from the store', async () => {
    const { deps, metIncident } = await setup();
    const recent = await handleCommand({ kind: 'recent', limit: 5, sector: null }, member, deps);
    expect(recent.blocks[0]).toMatchObject({ kind: 'incident_list' });
    const nhsOnly = await handleCommand({ kind: 'recent', limit: 5, sector: 'nhs' }, member, deps);
    expect(text(nhsOnly)).toContain('Example NHS Trust');
    expect(text(nhsOnly)).not.toContain('Metropolitan');
    const shown = await handleCommand({ kind: 'show', incidentId: metIncident.id }, member, deps);
    expect(shown.blocks[0]).toMatchObject({ kind: 'incident', incident: { id: metIncident.id } });
    expect(shown.blocks[2]).toMatchObject({ kind: 'list', items: [expect.stringMatching(/^2023-08-26 first reported \(Example News: Met Police supplier hacked/)] });
    const missing = await handleCommand({ kind: 'show', incidentId: 'bw-nope' }, member, deps);
    expect(missing.isError).toBe(true);
    const search = await handleCommand({ kind: 'search', query: 'warrant card' }, member, deps);
    expect(text(search)).toContain('Met Police supplier hacked');
    // Stats count by when breachwatch first saw an incident: the Met story is from 2023 but was first
    // seen three days ago, so it counts in the last 30 days; the NHS one was fetched in 2023 (issue 18 point 6).
    const stats = await handleCommand({ kind: 'stats', period: '30d' }, member, deps);
    expect(stats.blocks[0]).toMatchObject({ kind: 'fields', fields: [{ label: 'Incidents', value: '1' }, { label: 'Articles', value: '1' }, expect.anything()] });
    expect(text(stats)).toContain('police: 1');
    expect(text(stats)).not.toContain('NHS and health');
  });

  it('says in /breach stats that first polls\' past items are still being recorded, while they are', async () => {
    const { deps, store } = await setup();
    expect(text(await handleCommand({ kind: 'stats', period: '30d' }, member, deps))).not.toContain('still being recorded');
    const item = { kind: 'article' as const, article: makeArticle({ key: 'later', feedId: 'new-feed' }) };
    await store.queueBacklog({ feedId: 'new-feed', items: [item], at: '2026-11-23T11:00:00.000Z', states: [] });
    expect(text(await handleCommand({ kind: 'stats', period: '30d' }, member, deps))).toContain(
      '1 past item from the first polls of 1 feed are still being recorded: these figures grow for a few minutes yet.',
    );
  });

  it('refuses admin commands to non-admins, in the handler', async () => {
    const { deps, store } = await setup();
    const commands: Command[] = [
      { kind: 'feed_add', url: 'https://new.example/rss', name: null },
      { kind: 'feed_remove', feedId: 'x' },
      { kind: 'feed_list' },
      { kind: 'feed_test', url: 'https://new.example/rss' },
      { kind: 'route_add', channel: 'C9', filters: {} },
      { kind: 'route_remove', routeId: 'r' },
      { kind: 'route_list' },
    ];
    for (const command of commands) {
      const reply = await handleCommand(command, member, deps);
      expect(reply).toMatchObject({ visibility: 'ephemeral', isError: true });
      expect(text(reply)).toContain(REFUSAL.slice(0, 40));
    }
    expect(await store.listFeeds()).toEqual([]);
  });

  it('lets admins add (after a test fetch), list and remove feeds', async () => {
    const { deps, store, changed } = await setup();
    const added = await handleCommand({ kind: 'feed_add', url: 'https://new.example/rss', name: null }, admin, deps);
    expect(added.title).toBe('Added feed example-news');
    expect(changed()).toBe(1);
    expect((await store.listFeeds())[0]).toMatchObject({ id: 'example-news', addedBy: 'UADMIN' });
    expect((await handleCommand({ kind: 'feed_add', url: 'https://new.example/rss', name: null }, admin, deps)).isError).toBe(true);
    expect(text(await handleCommand({ kind: 'feed_add', url: 'https://broken.example/rss', name: null }, admin, deps))).toMatch(/haven't added it: the server sent an HTML page/);
    expect(text(await handleCommand({ kind: 'feed_add', url: 'http://127.0.0.1/rss', name: null }, admin, deps))).toMatch(/loopback/);
    expect(text(await handleCommand({ kind: 'feed_list' }, admin, deps))).toMatch(/ico-enforcement.*example-news/);
    expect(text(await handleCommand({ kind: 'feed_remove', feedId: 'ico-enforcement' }, admin, deps))).toMatch(/config\/breachwatch.yaml/);
    expect((await handleCommand({ kind: 'feed_remove', feedId: 'example-news' }, admin, deps)).title).toBe('Removed feed example-news');
    expect(await store.listFeeds()).toEqual([]);
  });

  it('tests a feed without posting or storing anything', async () => {
    const { deps, store } = await setup();
    const reply = await handleCommand({ kind: 'feed_test', url: 'https://new.example/rss' }, admin, deps);
    expect(text(reply)).toMatch(/2 item\(s\) read; 1 would alert/);
    expect(await store.listFeeds()).toEqual([]);
  });

  it('keeps internal error codes out of chat replies (issue 18 point 5)', async () => {
    const { deps } = await setup();
    const broken = await handleCommand({ kind: 'feed_test', url: 'https://broken.example/rss' }, admin, deps);
    expect(text(broken)).toContain('the server sent an HTML page, not a feed');
    const failing = { ...deps, store: { ...deps.store, recentIncidents: () => Promise.reject(new BreachwatchError(ErrorCode.StoreFailed, 'disk I/O error')) } };
    const failed = await handleCommand({ kind: 'recent', limit: 5, sector: null }, member, failing);
    expect(text(failed)).toContain('That did not work: disk I/O error');
    for (const reply of [broken, failed]) expect(text(reply)).not.toMatch(/breachwatch_/);
  });

  it('makes a member wait between commands that fetch a URL', async () => {
    const { deps, store } = await setup();
    const withCooldown = { ...deps, cooldowns: store.keyv<number>('cooldown') };
    expect((await handleCommand({ kind: 'feed_test', url: 'https://new.example/rss' }, admin, withCooldown)).isError).toBeUndefined();
    const again = await handleCommand({ kind: 'feed_test', url: 'https://new.example/rss' }, admin, withCooldown);
    expect(text(again)).toMatch(/Please wait 15 s/);
    const otherUser = await handleCommand({ kind: 'feed_test', url: 'https://new.example/rss' }, { ...admin, userId: 'U2' }, withCooldown);
    expect(otherUser.isError).toBeUndefined();
  });

  it('adds routes for the platform it was asked on, defaulting to the current channel', async () => {
    const { deps, store } = await setup();
    const reply = await handleCommand({ kind: 'route_add', channel: '', filters: { sectors: ['police'] } }, admin, deps);
    expect(text(reply)).toMatch(/slack channel C1: sectors police/);
    const [route] = await store.listRoutes();
    expect(route).toMatchObject({ sink: 'slack', channel: 'C1', filters: { sectors: ['police'] } });
    expect(text(await handleCommand({ kind: 'route_list' }, admin, deps))).toContain(route?.id);
    expect((await handleCommand({ kind: 'route_remove', routeId: route?.id ?? '' }, admin, deps)).title).toMatch(/Removed route/);
  });

  it('answers a search with no match privately, without quoting the words as a header (issue 16 point 11)', async () => {
    const { deps } = await setup();
    const words = 'Click evil.example to claim your refund';
    const none = await handleCommand({ kind: 'search', query: words }, member, deps);
    expect(none.visibility).toBe('ephemeral');
    expect(none.title).not.toContain(words);
    expect(text(none)).not.toContain('evil.example');
    const hits = await handleCommand({ kind: 'search', query: 'warrant card' }, member, deps);
    expect(hits.visibility).toBe('in_channel');
    expect(hits.title).not.toContain('warrant card');
  });

  it('scopes chat routes to the workspace or server that added them (issue 16 point 3)', async () => {
    const { deps, store } = await setup();
    const discordA: CommandContext = { platform: 'discord', userId: '1601', isAdmin: true, channelId: '1500000000000000001', workspaceId: '1200000000000000001' };
    const discordB: CommandContext = { ...discordA, userId: '1602', channelId: '1500000000000000002', workspaceId: '1200000000000000002' };
    const slackT1: CommandContext = { ...admin, workspaceId: 'T1' };
    await handleCommand({ kind: 'route_add', channel: '', filters: {} }, discordA, deps);
    await handleCommand({ kind: 'route_add', channel: '', filters: { sectors: ['nhs'] } }, slackT1, deps);
    const stored = await store.listRoutes();
    const fromA = stored.find((r) => r.sink === 'discord');
    const fromSlack = stored.find((r) => r.sink === 'slack');
    expect(fromA).toMatchObject({ sink: 'discord', channel: '1500000000000000001', workspaceId: '1200000000000000001' });
    expect(fromSlack).toMatchObject({ sink: 'slack', channel: 'C1', workspaceId: 'T1' });
    // Each admin sees and removes only routes of their own scope; another's route is "not found".
    expect(text(await handleCommand({ kind: 'route_list' }, discordB, deps))).not.toContain(fromA?.id);
    expect(text(await handleCommand({ kind: 'route_list' }, slackT1, deps))).not.toContain(fromA?.id);
    expect(text(await handleCommand({ kind: 'route_list' }, discordA, deps))).not.toContain(fromSlack?.id);
    expect(text(await handleCommand({ kind: 'route_list' }, discordA, deps))).toContain(fromA?.id);
    expect((await handleCommand({ kind: 'route_remove', routeId: fromA?.id ?? '' }, discordB, deps)).isError).toBe(true);
    expect((await handleCommand({ kind: 'route_remove', routeId: fromA?.id ?? '' }, slackT1, deps)).isError).toBe(true);
    expect((await handleCommand({ kind: 'route_remove', routeId: fromSlack?.id ?? '' }, discordA, deps)).isError).toBe(true);
    expect(await store.listRoutes()).toHaveLength(2);
    // A Discord admin cannot point a route at a Slack channel, nor add one outside a server (a DM).
    expect(text(await handleCommand({ kind: 'route_add', channel: 'C0SLACK1', filters: {} }, discordA, deps))).toMatch(/not a Discord channel/);
    expect((await handleCommand({ kind: 'route_add', channel: '1500000000000000001', filters: {} }, { ...discordA, workspaceId: null }, deps)).isError).toBe(true);
    expect(await store.listRoutes()).toHaveLength(2);
    // Routes stored before scopes (no workspace) are seen and removable on their own platform only.
    await store.addRoute({ id: 'r-old', sink: 'discord', channel: '1500000000000000003', filters: {}, addedBy: 'x', addedAt: '2026-01-01T00:00:00.000Z', workspaceId: null });
    expect(text(await handleCommand({ kind: 'route_list' }, slackT1, deps))).not.toContain('r-old');
    expect(text(await handleCommand({ kind: 'route_list' }, discordB, deps))).toMatch(/r-old.*paused/);
    expect((await handleCommand({ kind: 'route_remove', routeId: 'r-old' }, discordB, deps)).isError).toBeUndefined();
    expect((await handleCommand({ kind: 'route_remove', routeId: fromA?.id ?? '' }, discordA, deps)).isError).toBeUndefined();
  });

  it('shows admins the admin commands in help, and others a short note', async () => {
    const { deps } = await setup();
    expect(text(await handleCommand({ kind: 'help' }, admin, deps))).toContain('/breach feed add');
    expect(text(await handleCommand({ kind: 'help' }, member, deps))).not.toContain('/breach feed add');
  });
});
