// The contract for feeds and routes added from chat, and for incident stats: every Store runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoredFeed, StoredRoute } from '../../src/store/ports.ts';
import { T0, isoAt, makeCommit, makeIncident } from './store-fixtures.ts';
import type { MakeStore } from './store-contract.ts';

const feed = (overrides: Partial<StoredFeed> = {}): StoredFeed => ({
  id: 'example-news',
  name: 'Example News',
  url: 'https://news.example/feed',
  intervalMinutes: null,
  enabled: true,
  addedBy: 'U123',
  addedAt: T0,
  ...overrides,
});

const route = (overrides: Partial<StoredRoute> = {}): StoredRoute => ({
  id: 'r-1',
  sink: 'slack',
  channel: 'C123',
  filters: { sectors: ['nhs'], minAffected: 100, keywords: ['ransomware'] },
  addedBy: 'U123',
  addedAt: T0,
  workspaceId: 'T123',
  ...overrides,
});

export function describeRegistryContract(name: string, makeStore: MakeStore): void {
  describe(`Registry and stats contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('adds, lists and removes feeds; refuses a duplicate id or URL', async () => {
      expect(await store.addFeed(feed())).toBe(true);
      expect(await store.addFeed(feed({ name: 'Again' }))).toBe(false);
      expect(await store.addFeed(feed({ id: 'other' }))).toBe(false);
      expect(await store.addFeed(feed({ id: 'second', url: 'https://second.example/rss', intervalMinutes: 30, addedAt: isoAt(5) }))).toBe(true);
      expect(await store.listFeeds()).toEqual([feed(), feed({ id: 'second', url: 'https://second.example/rss', intervalMinutes: 30, addedAt: isoAt(5) })]);
      expect(await store.removeFeed('example-news')).toBe(true);
      expect(await store.removeFeed('example-news')).toBe(false);
      expect((await store.listFeeds()).map((f) => f.id)).toEqual(['second']);
    });

    it('keeps the source kind `feed add` detected; a feed stored without one has none', async () => {
      expect(await store.addFeed(feed({ kind: 'ico-news' }))).toBe(true);
      expect(await store.addFeed(feed({ id: 'plain', url: 'https://plain.example/rss', kind: null }))).toBe(true);
      const listed = await store.listFeeds();
      expect(listed.map((f) => [f.id, f.kind ?? null])).toEqual([['example-news', 'ico-news'], ['plain', null]]);
    });

    it('adds, lists and removes routes with their filters', async () => {
      await store.addRoute(route());
      await store.addRoute(route({ id: 'r-2', sink: 'discord', channel: '98765', filters: {}, addedAt: isoAt(1), workspaceId: '1200000000000000001' }));
      await store.addRoute(route({ id: 'r-3', addedAt: isoAt(2), workspaceId: null }));
      expect(await store.listRoutes()).toEqual([
        route(),
        route({ id: 'r-2', sink: 'discord', channel: '98765', filters: {}, addedAt: isoAt(1), workspaceId: '1200000000000000001' }),
        route({ id: 'r-3', addedAt: isoAt(2), workspaceId: null }),
      ]);
      expect(await store.removeRoute('r-1')).toBe(true);
      expect(await store.removeRoute('r-1')).toBe(false);
      expect((await store.listRoutes()).map((r) => r.id)).toEqual(['r-2', 'r-3']);
    });

    it('counts incidents since a time, by sector and organisation', async () => {
      await store.commitArticle(makeCommit({ key: 'a', incident: makeIncident({ id: 'i-1', affected: 1200 }) }));
      await store.commitArticle(makeCommit({ key: 'b', incident: makeIncident({ id: 'i-2', organisation: 'Example NHS Trust', sector: 'nhs', affected: null }) }));
      const in2020 = { firstSeen: '2020-01-01T00:00:00.000Z', lastSeen: '2020-01-01T00:00:00.000Z' };
      // Counted by when breachwatch first saw an incident (issue 18 point 6), not by when it was published:
      // a 2020 story first seen now counts; one seen in 2020 does not.
      await store.commitArticle(makeCommit({ key: 'c', incident: makeIncident({ id: 'i-old', ...in2020 }), article: { published: in2020.firstSeen, fetchedAt: in2020.firstSeen } }));
      await store.commitArticle(makeCommit({ key: 'd', incident: makeIncident({ id: 'i-past', affected: null, ...in2020 }), article: { published: in2020.firstSeen } }));
      const stats = await store.incidentStats(isoAt(-60));
      expect(stats.incidents).toBe(3);
      expect(stats.affected).toBe(1200);
      expect(stats.bySector).toEqual([
        { sector: 'council', incidents: 2 },
        { sector: 'nhs', incidents: 1 },
      ]);
      expect(stats.topOrganisations.map((o) => o.organisation)).toContain('Example NHS Trust');
      expect((await store.incidentStats('2019-01-01T00:00:00.000Z')).incidents).toBe(4);
    });
  });
}

export function describeIncidentCorrectionContract(name: string, makeStore: MakeStore): void {
  describe(`Incident merges and corrections contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('finds an incident by one of its other organisations', async () => {
      await store.commitArticle(makeCommit({ key: 'k', incident: makeIncident({ id: 'i-1', otherOrganisations: ['Metropolitan Police Service'] }) }));
      const found = await store.findIncidents({ organisations: ['Metropolitan Police Service'], since: isoAt(-60) });
      expect(found.map((i) => i.id)).toEqual(['i-1']);
    });

    it('folds an absorbed incident into the survivor: articles move, the old id becomes an alias', async () => {
      await store.commitArticle(makeCommit({ key: 'a', incident: makeIncident({ id: 'keep' }) }));
      await store.commitArticle(makeCommit({ key: 'b', incident: makeIncident({ id: 'gone' }) }));
      await store.commitArticle({ ...makeCommit({ key: 'c', incident: makeIncident({ id: 'keep', mergedFrom: ['gone'] }), destinations: [] }), absorbed: ['gone'] });
      expect((await store.getIncident('gone'))?.id).toBe('keep');
      expect((await store.recentIncidents({ limit: 10 })).map((i) => i.id)).toEqual(['keep']);
      const hits = await store.searchArticles('cyber attack', 10);
      expect(new Set(hits.map((h) => h.incidentId))).toEqual(new Set(['keep']));
    });

    it('applies an admin correction in one transaction, and lists ids for autocomplete', async () => {
      await store.commitArticle(makeCommit({ key: 'a', incident: makeIncident({ id: 'bw-aaa' }) }));
      await store.commitArticle(makeCommit({ key: 'b', incident: makeIncident({ id: 'bw-abb', lastSeen: isoAt(5) }) }));
      expect(await store.incidentIdsLike('bw-a', 10)).toEqual([
        { id: 'bw-abb', organisation: 'Exampleshire County Council' },
        { id: 'bw-aaa', organisation: 'Exampleshire County Council' },
      ]);
      await store.applyCorrection({
        upsert: [makeIncident({ id: 'bw-aaa', status: 'not_breach' }), makeIncident({ id: 'bw-new' })],
        absorbed: [{ from: 'bw-abb', into: 'bw-new' }],
        moveArticles: [{ feedId: 'feed-a', itemKey: 'a', incidentId: 'bw-new' }],
        outbox: [],
        at: isoAt(10),
      });
      expect((await store.getIncident('bw-aaa'))?.status).toBe('not_breach');
      expect((await store.getIncident('bw-abb'))?.id).toBe('bw-new');
      expect(await store.incidentIdsLike('bw-a', 10)).toEqual([]);
    });
  });
}
