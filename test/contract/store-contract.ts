// The Store contract: every Store implementation (SQLite today, PostgreSQL later) runs this suite.
// Each test gets a fresh, empty store from makeStore and closes it afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidenceOf } from '../../src/domain/cluster.ts';
import { ErrorCode } from '../../src/domain/errors.ts';
import type { Incident } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/ports.ts';
import { describeRetentionContract } from './retention-contract.ts';
import { T0, isoAt, makeArticle, makeClassification, makeCommit, makeEntry, makeFeedState, makeIncident } from './store-fixtures.ts';

export type MakeStore = () => Store | Promise<Store>;

const storeFailed = { code: ErrorCode.StoreFailed };

export function describeStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('feed state', () => {
      it('returns null for a feed it has never seen', async () => {
        expect(await store.getFeedState('nope')).toBeNull();
      });
      it('round-trips every field and overwrites on save', async () => {
        const full = makeFeedState({
          etag: 'W/"abc"',
          lastModified: 'Mon, 02 Nov 2026 09:00:00 GMT',
          initialised: true,
          lastPolledAt: isoAt(1),
          lastSuccessAt: isoAt(1),
          nextPollAt: isoAt(16),
          consecutiveFailures: 3,
          lastError: 'HTTP 503',
          warnedAt: isoAt(2),
        });
        await store.saveFeedState(makeFeedState());
        await store.saveFeedState(full);
        expect(await store.getFeedState('feed-a')).toEqual(full);
        await store.saveFeedState(makeFeedState({ initialised: true }));
        expect(await store.getFeedState('feed-a')).toEqual(makeFeedState({ initialised: true }));
      });
    });

    describe('seen items', () => {
      it('filters the keys already seen, per feed', async () => {
        expect(await store.filterSeen('feed-a', [])).toEqual(new Set());
        await store.markSeen('feed-a', ['a', 'b "quoted"', 'ü-ñ'], T0);
        await store.markSeen('feed-a', ['a'], isoAt(5));
        expect(await store.filterSeen('feed-a', ['a', 'b "quoted"', 'ü-ñ', 'c'])).toEqual(new Set(['a', 'b "quoted"', 'ü-ñ']));
        expect(await store.filterSeen('feed-b', ['a'])).toEqual(new Set());
      });
      it('handles a thousand keys at once', async () => {
        const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
        await store.markSeen('feed-a', keys.filter((_, i) => i % 2 === 0), T0);
        expect((await store.filterSeen('feed-a', keys)).size).toBe(500);
      });
    });

    describe('commitArticle', () => {
      it('writes the article, seen mark, incident and outbox together', async () => {
        await store.commitArticle(makeCommit({ destinations: ['console', 'slack:C1'] }));
        expect(await store.filterSeen('feed-a', ['item-1'])).toEqual(new Set(['item-1']));
        expect(await store.getIncident('inc-1')).toEqual(makeIncident());
        const due = await store.dueOutbox(T0, 10);
        expect(due.map((e) => [e.destination, e.kind, e.status, e.attempts])).toEqual([
          ['console', 'alert', 'pending', 0],
          ['slack:C1', 'alert', 'pending', 0],
        ]);
        expect(due[0]?.payload).toMatchObject({ kind: 'alert', incident: makeIncident() });
        const hits = await store.searchArticles('cyber attack', 5);
        expect(hits.map((h) => [h.title, h.incidentId, h.url])).toEqual([['Council hit by cyber attack', 'inc-1', 'https://news.example/item-1']]);
      });

      it('stores a non-alert article as seen and searchable, with no incident', async () => {
        await store.commitArticle({
          article: makeArticle({ key: 'x', title: 'Retailer suffers breach' }),
          classification: makeClassification({ alert: false, category: 'private_breach', organisation: null }),
          incident: null,
          outbox: [],
        });
        expect(await store.filterSeen('feed-a', ['x'])).toEqual(new Set(['x']));
        expect((await store.searchArticles('retailer', 5)).map((h) => h.incidentId)).toEqual([null]);
        expect(await store.dueOutbox(isoAt(60), 10)).toEqual([]);
      });

      it('updates an incident in place when a later article joins it', async () => {
        await store.commitArticle(makeCommit());
        const updated = makeIncident({ affected: 47_000, lastSeen: isoAt(90) });
        await store.commitArticle({
          ...makeCommit({ key: 'item-2', feedId: 'feed-b', incident: updated, article: { fetchedAt: isoAt(90) } }),
          outbox: [makeEntry(updated, 'console', 'update')],
        });
        expect(await store.getIncident('inc-1')).toEqual(updated);
        expect(await store.recentIncidents({ limit: 10 })).toEqual([updated]);
        // The update waits for its alert: it is due once the alert was sent.
        const [alert, ...rest] = await store.dueOutbox(isoAt(90), 10);
        expect([alert?.kind, rest]).toEqual(['alert', []]);
        await store.markSending(alert!.id, isoAt(90));
        await store.markSent(alert!.id, 'ref-1', isoAt(90));
        expect((await store.dueOutbox(isoAt(90), 10)).map((e) => e.kind)).toEqual(['update']);
      });

      it('finds an article by either story key in another feed, around a date (issue 20 point 3)', async () => {
        await store.commitArticle(makeCommit({ article: { story: 'story:abc', syndication: 'text:def', published: '2026-12-07T08:00:00.000Z' } }));
        const query = { story: 'story:abc', syndication: null, otherThanFeed: 'feed-b', from: '2026-12-01T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' };
        const found = { feedId: 'feed-a', key: 'item-1', incidentId: 'inc-1' };
        expect(await store.findStory(query)).toEqual(found);
        expect(await store.findStory({ ...query, story: 'story:other', syndication: 'text:def' })).toEqual(found);
        // Not its own feed's (that is the feed's own seen-state), not other keys, not outside the dates.
        expect(await store.findStory({ ...query, otherThanFeed: 'feed-a' })).toBeNull();
        expect(await store.findStory({ ...query, story: 'story:other' })).toBeNull();
        expect(await store.findStory({ ...query, story: null, syndication: 'story:abc' })).toBeNull();
        expect(await store.findStory({ ...query, from: '2026-12-08T00:00:00.000Z' })).toBeNull();
      });

      it('re-committing the same item replaces the article instead of duplicating it', async () => {
        await store.commitArticle(makeCommit());
        await store.commitArticle({ ...makeCommit({ article: { title: 'Council confirms cyber attack' } }), outbox: [] });
        expect((await store.searchArticles('cyber', 10)).map((h) => h.title)).toEqual(['Council confirms cyber attack']);
      });

      it('writes nothing when the outbox payload cannot be serialised', async () => {
        const incident = makeIncident();
        const circular: Record<string, unknown> = {};
        circular['self'] = circular;
        const commit = makeCommit({ incident });
        const bad = { ...makeEntry(incident), payload: { ...makeEntry(incident).payload, source: circular as never } };
        await expect(store.commitArticle({ ...commit, outbox: [makeEntry(incident, 'slack:C1'), bad] })).rejects.toMatchObject(storeFailed);
        await expectNothingWritten(store);
      });

      it('writes nothing when a second live alert for the same incident and destination violates a constraint', async () => {
        const commit = makeCommit({ destinations: ['console', 'console'] });
        await expect(store.commitArticle(commit)).rejects.toMatchObject(storeFailed);
        await expectNothingWritten(store);
      });

      it('leaves the stored incident as it was when an update fails', async () => {
        await store.commitArticle(makeCommit());
        const changed = makeIncident({ affected: 99, lastSeen: isoAt(30) });
        // A second alert for inc-1 at 'console' is refused, so the whole commit rolls back.
        await expect(store.commitArticle(makeCommit({ key: 'item-2', incident: changed }))).rejects.toMatchObject(storeFailed);
        expect(await store.getIncident('inc-1')).toEqual(makeIncident());
        expect(await store.filterSeen('feed-a', ['item-2'])).toEqual(new Set());
        expect(await store.dueOutbox(isoAt(60), 10)).toHaveLength(1);
      });
    });

    describe('incidents', () => {
      const police = makeIncident({ id: 'p1', organisation: 'Example Police', sector: 'police', lastSeen: isoAt(10) });
      const council = makeIncident({ id: 'c1', lastSeen: isoAt(20) });
      const oldCouncil = makeIncident({ id: 'c0', firstSeen: isoAt(-5000), lastSeen: isoAt(-4000) });
      const retracted = makeIncident({ id: 'r1', organisation: 'Example Police', sector: 'police', status: 'not_breach', lastSeen: isoAt(30) });

      beforeEach(async () => {
        for (const [i, incident] of [police, council, oldCouncil, retracted].entries()) {
          await store.commitArticle(makeCommit({ key: `k${i}`, incident, destinations: [] }));
        }
      });

      it('gets one by id', async () => {
        expect(await store.getIncident('p1')).toEqual(police);
        expect(await store.getIncident('missing')).toBeNull();
      });

      it('finds incidents of the given organisations seen since a time (those marked not a breach too, so later reports join them quietly)', async () => {
        const found = await store.findIncidents({ organisations: ['Example Police', 'Exampleshire County Council'], since: isoAt(0) });
        expect(ids(found)).toEqual(['r1', 'c1', 'p1']);
        expect(ids(await store.findIncidents({ organisations: ['Exampleshire County Council'], since: isoAt(-10_000) }))).toEqual(['c1', 'c0']);
        expect(await store.findIncidents({ organisations: [], since: isoAt(-10_000) })).toEqual([]);
        expect(await store.findIncidents({ organisations: ['Nobody'], since: isoAt(-10_000) })).toEqual([]);
      });

      it('lists recent open incidents, newest first, by sector and since', async () => {
        expect(ids(await store.recentIncidents({ limit: 10 }))).toEqual(['c1', 'p1', 'c0']);
        expect(ids(await store.recentIncidents({ limit: 1 }))).toEqual(['c1']);
        expect(ids(await store.recentIncidents({ limit: 10, sector: 'police' }))).toEqual(['p1']);
        expect(ids(await store.recentIncidents({ limit: 10, sector: 'council', since: isoAt(0) }))).toEqual(['c1']);
        expect(ids(await store.recentIncidents({ limit: 10, sector: 'nhs' }))).toEqual([]);
        expect(ids(await store.recentIncidents({ limit: 10, sector: null, since: null }))).toEqual(['c1', 'p1', 'c0']);
      });

      it('lists incidents without their evidence and history, which getIncident keeps', async () => {
        const evidence = [evidenceOf(makeArticle(), makeClassification())];
        const history = [{ at: T0, kind: 'source' as const, source: null, changes: ['first report'] }];
        const long = makeIncident({ id: 'long', lastSeen: isoAt(90), evidence, history });
        await store.commitArticle(makeCommit({ key: 'long', incident: long, destinations: [] }));
        const { evidence: _e, history: _h, ...listed } = long;
        for (const sector of [null, 'council' as const]) expect((await store.recentIncidents({ limit: 1, sector }))[0]).toEqual(listed);
        expect(await store.getIncident('long')).toEqual(long);
      });
    });

    describe('searchArticles', () => {
      beforeEach(async () => {
        const articles = [
          { key: 'a', title: 'NHS trust ransomware attack exposes patient records', summary: 'Hospital systems were encrypted.' },
          { key: 'b', title: 'Weekly roundup', summary: 'Among other news, a ransomware gang posted files.', content: 'Ransomware again.' },
          { key: 'c', title: 'Police force emails sent to wrong recipients', summary: 'An officer breached data protection rules.' },
          { key: 'd', title: 'Café chain Wi-Fi misconfigured', summary: 'Customer e-mails were exposed.' },
        ];
        for (const article of articles) {
          await store.commitArticle({
            article: makeArticle({ content: '', ...article, url: `https://news.example/${article.key}` }),
            classification: makeClassification({ alert: false }),
            incident: null,
            outbox: [],
          });
        }
      });

      it('ranks a title match above passing mentions, and returns a snippet', async () => {
        const hits = await store.searchArticles('ransomware', 10);
        expect(hits.map((h) => h.url)).toEqual(['https://news.example/a', 'https://news.example/b']);
        expect(hits[0]?.snippet.toLowerCase()).toContain('ransomware');
        expect(hits[0]).toMatchObject({ title: expect.stringContaining('NHS trust'), outlet: 'Example News', published: T0 });
      });

      it('needs every word, and falls back to any word when no article has them all', async () => {
        expect((await store.searchArticles('ransomware patient', 10)).map((h) => h.url)).toEqual(['https://news.example/a']);
        expect((await store.searchArticles('police zzzunknown', 10)).map((h) => h.url)).toEqual(['https://news.example/c']);
      });

      it('matches word forms and letters without accents', async () => {
        expect((await store.searchArticles('breach', 10)).map((h) => h.url)).toEqual(['https://news.example/c']);
        expect((await store.searchArticles('CAFE', 10)).map((h) => h.url)).toEqual(['https://news.example/d']);
      });

      it('respects the limit', async () => {
        expect(await store.searchArticles('ransomware', 1)).toHaveLength(1);
        expect(await store.searchArticles('ransomware', 0)).toEqual([]);
      });

      it.each(['', '   ', '"', '""', 'AND OR', '*', 'NEAR(', 'NEAR(a b', 'title:police', '-police', '^police', '(', '🔥🔥', "'; DROP TABLE articles; --"])(
        'treats the hostile query %j as plain words',
        async (query) => {
          const hits = await store.searchArticles(query, 10);
          expect(Array.isArray(hits)).toBe(true);
        },
      );

      it('returns nothing for punctuation or emoji alone, and finds words next to them', async () => {
        expect(await store.searchArticles('"*"( 🔥', 10)).toEqual([]);
        expect((await store.searchArticles('"police"* 🔥 NEAR(', 10)).map((h) => h.url)).toEqual(['https://news.example/c']);
        expect((await store.searchArticles('title:police', 10)).map((h) => h.url)).toEqual(['https://news.example/c']);
        expect((await store.searchArticles('AND', 10)).map((h) => h.url)).toEqual([]);
      });
    });

    describe('outbox', () => {
      const incident = makeIncident();

      it('runs pending → sending → sent, and remembers the alert ref', async () => {
        await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(incident, 'discord:9')], T0);
        expect(await store.dueOutbox(isoAt(-1), 10)).toEqual([]);
        const [first, second] = await store.dueOutbox(T0, 10);
        expect([first?.destination, second?.destination]).toEqual(['slack:C1', 'discord:9']);
        expect(first).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0, createdAt: T0, lastError: null, messageRef: null });
        await store.markSending(first!.id, isoAt(1));
        expect((await store.dueOutbox(isoAt(1), 10)).map((e) => e.id)).toEqual([second!.id]);
        expect(await store.inFlightOutbox()).toMatchObject([{ id: first!.id, status: 'sending', attempts: 1 }]);
        expect(await store.sentAlertRef(incident.id, 'slack:C1')).toBeNull();
        await store.markSent(first!.id, '1700000000.000100', isoAt(2));
        expect(await store.inFlightOutbox()).toEqual([]);
        expect(await store.sentAlertRef(incident.id, 'slack:C1')).toBe('1700000000.000100');
        expect(await store.sentAlertRef(incident.id, 'discord:9')).toBeNull();
        expect(await store.sentAlertRef('other', 'slack:C1')).toBeNull();
      });

      it('retries later with the error recorded, counting attempts', async () => {
        await store.enqueue([makeEntry(incident)], T0);
        const [entry] = await store.dueOutbox(T0, 10);
        await store.markSending(entry!.id, T0);
        await store.markRetry(entry!.id, 'HTTP 503', isoAt(5));
        expect(await store.dueOutbox(isoAt(4), 10)).toEqual([]);
        expect(await store.dueOutbox(isoAt(5), 10)).toMatchObject([{ id: entry!.id, status: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: isoAt(5) }]);
        await store.markSending(entry!.id, isoAt(5));
        expect(await store.inFlightOutbox()).toMatchObject([{ attempts: 2 }]);
      });

      it('makes a platform\'s waiting entries due at once when it comes back, and only that platform\'s', async () => {
        await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(incident, 'slackish:C1'), makeEntry(incident, 'discord:9')], T0);
        for (const entry of await store.dueOutbox(T0, 10)) await store.markRetry(entry.id, 'unreachable', isoAt(30));
        expect(await store.retryNow('slack', isoAt(1))).toBe(1);
        expect((await store.dueOutbox(isoAt(1), 10)).map((e) => e.destination)).toEqual(['slack:C1']);
        expect(await store.retryNow('slack', isoAt(1))).toBe(0);
      });

      it('takes an entry scheduled beyond the horizon as due (a retry set by a clock that went back)', async () => {
        await store.enqueue([makeEntry(incident)], T0);
        const [entry] = await store.dueOutbox(T0, 10);
        await store.markRetry(entry!.id, 'HTTP 503', isoAt(60 * 24 * 365));
        expect(await store.dueOutbox(isoAt(1), 10)).toEqual([]);
        expect(await store.dueOutbox(isoAt(1), 10, isoAt(31))).toMatchObject([{ id: entry!.id }]);
        await store.markRetry(entry!.id, 'HTTP 503', isoAt(30));
        expect(await store.dueOutbox(isoAt(1), 10, isoAt(31))).toEqual([]);
      });

      it('sets poison entries aside for good', async () => {
        await store.enqueue([makeEntry(incident)], T0);
        const [entry] = await store.dueOutbox(T0, 10);
        await store.markSending(entry!.id, T0);
        await store.markPoison(entry!.id, 'invalid_blocks');
        expect(await store.dueOutbox(isoAt(10_000), 10)).toEqual([]);
        expect(await store.inFlightOutbox()).toEqual([]);
        expect(await store.sentAlertRef(incident.id, 'console')).toBeNull();
        await expect(store.markSending(entry!.id, isoAt(1))).rejects.toMatchObject(storeFailed);
        // A poisoned alert does not block a corrected one.
        await store.enqueue([makeEntry(incident)], isoAt(1));
        expect(await store.dueOutbox(isoAt(1), 10)).toHaveLength(1);
      });

      it('orders due entries by id, at most the limit per destination, and keeps update payloads', async () => {
        const other = makeIncident({ id: 'inc-2' });
        await store.enqueue([makeEntry(incident, 'console'), makeEntry(other, 'console')], T0);
        const [alert] = await store.dueOutbox(T0, 10);
        await store.markSending(alert!.id, T0);
        await store.markSent(alert!.id, 'ref-1', T0);
        await store.enqueue([makeEntry(incident, 'console', 'update')], isoAt(2));
        await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(other, 'slack:C1')], isoAt(1));
        const due = await store.dueOutbox(isoAt(3), 10);
        expect(due.map((e) => [e.destination, e.incidentId, e.kind])).toEqual([
          ['console', 'inc-2', 'alert'],
          ['console', 'inc-1', 'update'],
          ['slack:C1', 'inc-1', 'alert'],
          ['slack:C1', 'inc-2', 'alert'],
        ]);
        expect(due[1]?.payload).toEqual(makeEntry(incident, 'console', 'update').payload);
        // One destination's backlog never hides another's: the limit counts per destination.
        expect((await store.dueOutbox(isoAt(3), 1)).map((e) => [e.destination, e.incidentId])).toEqual([
          ['console', 'inc-2'],
          ['slack:C1', 'inc-1'],
        ]);
      });

      it('leaves out updates whose alert is still to be sent, and returns those with no alert at all, uncounted', async () => {
        const other = makeIncident({ id: 'inc-2' });
        await store.enqueue([makeEntry(incident, 'console'), makeEntry(incident, 'console', 'update'), makeEntry(incident, 'console', 'update')], T0);
        await store.enqueue([makeEntry(other, 'console', 'update'), makeEntry(other, 'console', 'update')], T0);
        // inc-1's updates wait for its alert; inc-2 has no alert at console: its updates are orphans.
        expect((await store.dueOutbox(T0, 1)).map((e) => [e.incidentId, e.kind])).toEqual([
          ['inc-1', 'alert'],
          ['inc-2', 'update'],
          ['inc-2', 'update'],
        ]);
        const [alert] = await store.dueOutbox(T0, 1);
        await store.markSending(alert!.id, T0);
        await store.markRetry(alert!.id, 'HTTP 503', isoAt(5));
        expect((await store.dueOutbox(isoAt(1), 10)).map((e) => e.incidentId)).toEqual(['inc-2', 'inc-2']);
        await store.markSending(alert!.id, isoAt(5));
        await store.markPoison(alert!.id, 'invalid_blocks');
        // A rejected alert leaves its updates with nothing to update: they are returned to be ended.
        expect((await store.dueOutbox(isoAt(5), 10)).map((e) => e.incidentId)).toEqual(['inc-1', 'inc-1', 'inc-2', 'inc-2']);
      });

      it('ends entries as failed, one or every old pending one of a destination, and a failed alert can be replaced', async () => {
        await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(makeIncident({ id: 'inc-2' }), 'slack:C1')], T0);
        await store.enqueue([makeEntry(makeIncident({ id: 'inc-3' }), 'slack:C1'), makeEntry(incident, 'discord:9')], isoAt(10));
        const [first] = await store.dueOutbox(T0, 10);
        await store.markSending(first!.id, isoAt(20));
        await store.markFailed(first!.id, 'gave up');
        expect(await store.failStale('slack:C1', isoAt(5), 'gave up')).toBe(1);
        expect((await store.dueOutbox(isoAt(20), 10)).map((e) => [e.incidentId, e.destination])).toEqual([
          ['inc-3', 'slack:C1'],
          ['inc-1', 'discord:9'],
        ]);
        expect(await store.inFlightOutbox()).toEqual([]);
        await expect(store.markSending(first!.id, isoAt(21))).rejects.toMatchObject(storeFailed);
        await store.enqueue([makeEntry(incident, 'slack:C1')], isoAt(30));
        expect((await store.dueOutbox(isoAt(30), 10)).filter((e) => e.incidentId === 'inc-1').map((e) => e.destination)).toEqual(['discord:9', 'slack:C1']);
      });

      it('says where an incident has its alert, and whether a subject had an entry lately', async () => {
        await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(incident, 'discord:9'), makeEntry(incident, 'console', 'update')], T0);
        const [slack] = await store.dueOutbox(T0, 10);
        await store.markSending(slack!.id, T0);
        await store.markPoison(slack!.id, 'invalid_blocks');
        expect(await store.alertDestinations(incident.id)).toEqual(['discord:9']);
        expect(await store.alertDestinations('other')).toEqual([]);
        expect(await store.enqueuedSince(incident.id, T0)).toBe(true);
        expect(await store.enqueuedSince(incident.id, isoAt(1))).toBe(false);
        expect(await store.enqueuedSince('destination:slack:C1', T0)).toBe(false);
      });

      it('refuses to claim a sent entry or to touch an unknown one', async () => {
        await store.enqueue([makeEntry(incident)], T0);
        const [entry] = await store.dueOutbox(T0, 10);
        await store.markSending(entry!.id, T0);
        await store.markSent(entry!.id, 'ref-1', T0);
        await expect(store.markSending(entry!.id, T0)).rejects.toMatchObject(storeFailed);
        await expect(store.markRetry(entry!.id, 'x', T0)).rejects.toMatchObject(storeFailed);
        await expect(store.markSent(123_456, 'ref', T0)).rejects.toMatchObject(storeFailed);
        expect(await store.sentAlertRef(incident.id, 'console')).toBe('ref-1');
      });
    });

    describe('leases', () => {
      it('lets one owner hold a lease until it expires, renews for the holder, and releases only for the holder', async () => {
        expect(await store.tryAcquireLease('poll:feed-a', 'A', 1000, 0)).toBe(true);
        expect(await store.tryAcquireLease('poll:feed-a', 'B', 1000, 500)).toBe(false);
        expect(await store.tryAcquireLease('poll:feed-b', 'B', 1000, 500)).toBe(true);
        expect(await store.tryAcquireLease('poll:feed-a', 'A', 1000, 900)).toBe(true); // renewed to 1900
        expect(await store.tryAcquireLease('poll:feed-a', 'B', 1000, 1500)).toBe(false);
        expect(await store.tryAcquireLease('poll:feed-a', 'B', 1000, 1900)).toBe(true); // expired: taken over
        expect(await store.tryAcquireLease('poll:feed-a', 'A', 1000, 2000)).toBe(false);
        await store.releaseLease('poll:feed-a', 'A'); // not A's any more: no effect
        expect(await store.tryAcquireLease('poll:feed-a', 'A', 1000, 2100)).toBe(false);
        await store.releaseLease('poll:feed-a', 'B');
        expect(await store.tryAcquireLease('poll:feed-a', 'A', 1000, 2100)).toBe(true);
      });

      it('says who holds a lease, and nobody once it has expired or been released', async () => {
        expect(await store.leaseHolder('poll-cycle', 0)).toBeNull();
        expect(await store.tryAcquireLease('poll-cycle', 'A', 1000, 0)).toBe(true);
        expect(await store.leaseHolder('poll-cycle', 999)).toBe('A');
        expect(await store.leaseHolder('poll-cycle', 1000)).toBeNull();
        await store.releaseLease('poll-cycle', 'A');
        expect(await store.leaseHolder('poll-cycle', 0)).toBeNull();
      });
    });

    describeRetentionContract(() => store);

    describe('store id', () => {
      it('is random per store and the same on every call', async () => {
        const id = await store.storeId();
        expect(id).toMatch(/^[0-9a-f]{32}$/);
        expect(await store.storeId()).toBe(id);
        const other = await makeStore();
        expect(await other.storeId()).not.toBe(id);
        await other.close();
      });
    });

    it('fails loudly with a StoreFailed error once closed', async () => {
      const closed = await makeStore();
      await closed.close();
      await expect(closed.filterSeen('feed-a', ['x'])).rejects.toMatchObject(storeFailed);
      await expect(closed.commitArticle(makeCommit())).rejects.toMatchObject(storeFailed);
    });
  });
}

function ids(incidents: readonly Incident[]): string[] {
  return incidents.map((incident) => incident.id);
}

async function expectNothingWritten(store: Store): Promise<void> {
  expect(await store.filterSeen('feed-a', ['item-1'])).toEqual(new Set());
  expect(await store.getIncident('inc-1')).toBeNull();
  expect(await store.dueOutbox(isoAt(60), 10)).toEqual([]);
  expect(await store.searchArticles('cyber', 10)).toEqual([]);
}
