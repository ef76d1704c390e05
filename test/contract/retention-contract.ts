// The Store contract, retention part (issue 16 point 9): what prune() forgets, what it never touches,
// and that one run does bounded work. Run inside describeStoreContract for every Store implementation.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RetentionPolicy, Store } from '../../src/store/ports.ts';
import { T0, isoAt, makeArticle, makeClassification, makeCommit, makeEntry, makeIncident } from './store-fixtures.ts';

const DAY = 24 * 60;
const policy: RetentionPolicy = { seenItemDays: 10, maxSeenItemsPerFeed: 0, outboxDays: 5, articleDays: 20, maxRowsPerRun: 1000 };

export function describeRetentionContract(current: () => Store): void {
  describe('retention (prune)', () => {
    let store: Store;
    beforeEach(() => {
      store = current();
    });

    it('forgets seen items not seen for N days, refreshed when seen again, never those of the last fetch', async () => {
      await store.markSeen('feed-a', ['gone', 'still-listed'], T0);
      await store.markSeen('feed-b', ['failing-feed-item'], T0);
      // feed-a is fetched on day 30 and still lists one old item; feed-b has not been fetched since T0
      // (failing, or not modified): its last fetch is still its current list, so it is kept.
      await store.touchSeen('feed-a', ['still-listed'], isoAt(30 * DAY), isoAt(30 * DAY - 60));
      const report = await store.prune(policy, isoAt(31 * DAY));
      expect(report).toMatchObject({ seenItems: 1, more: false });
      expect(await store.filterSeen('feed-a', ['gone', 'still-listed'])).toEqual(new Set(['still-listed']));
      expect(await store.filterSeen('feed-b', ['failing-feed-item'])).toEqual(new Set(['failing-feed-item']));
      // Unknown keys are not created by a refresh.
      await store.touchSeen('feed-a', ['never-seen'], isoAt(31 * DAY), isoAt(31 * DAY));
      expect(await store.filterSeen('feed-a', ['never-seen'])).toEqual(new Set());
    });

    it('keeps at most maxSeenItemsPerFeed seen items per feed, the most recently seen', async () => {
      for (let i = 0; i < 30; i += 1) await store.markSeen('feed-a', [`k${i}`], isoAt(i * 180)); // fetches 3 hours apart
      await store.markSeen('feed-b', ['other'], T0);
      const report = await store.prune({ ...policy, seenItemDays: 0, maxSeenItemsPerFeed: 10 }, isoAt(30 * 180));
      expect(report.seenItems).toBe(20);
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      expect(await store.filterSeen('feed-a', keys)).toEqual(new Set(keys.slice(20)));
      expect(await store.filterSeen('feed-b', ['other'])).toEqual(new Set(['other']));
    });

    it('deletes sent, poisoned, failed and sent update outbox rows older than N days; keeps what threads updates', async () => {
      const incident = makeIncident();
      await store.enqueue([makeEntry(incident, 'slack:C1'), makeEntry(incident, 'slack:C1', 'update'), makeEntry(incident, 'discord:9')], T0);
      // The update waits for its alert (issue 16 point 2): the two alerts are due first.
      const [alert, poisoned] = await store.dueOutbox(T0, 10);
      await store.markSent(alert!.id, 'C1:1.0001', T0);
      const [update] = (await store.dueOutbox(T0, 10)).filter((e) => e.kind === 'update');
      await store.markSent(update!.id, 'C1:1.0002', T0);
      await store.markPoison(poisoned!.id, 'invalid_blocks');
      await store.enqueue([makeEntry(makeIncident({ id: 'inc-3' }), 'discord:8')], T0);
      const [given] = (await store.dueOutbox(T0, 10)).filter((e) => e.incidentId === 'inc-3');
      await store.markFailed(given!.id, 'gave up after 3 days');
      await store.enqueue([makeEntry(makeIncident({ id: 'inc-2' }))], T0); // still pending: never pruned
      expect(await store.prune(policy, isoAt(4 * DAY))).toMatchObject({ outboxDeleted: 0, outboxCompacted: 0 });
      expect(await store.prune(policy, isoAt(6 * DAY))).toMatchObject({ outboxDeleted: 3, outboxCompacted: 1 });
      // The sent alert's row stays (without its payload): later updates still find the message to edit.
      expect(await store.sentAlertRef('inc-1', 'slack:C1')).toBe('C1:1.0001');
      expect(await store.dueOutbox(isoAt(6 * DAY), 10)).toMatchObject([{ incidentId: 'inc-2' }]);
      expect(await store.prune(policy, isoAt(7 * DAY))).toMatchObject({ outboxDeleted: 0, outboxCompacted: 0 });
    });

    it('deletes articles not attached to an incident older than N days, from search too', async () => {
      await store.commitArticle(makeCommit()); // attached to inc-1: kept
      const unattached = (key: string, fetchedAt: string) => ({
        article: makeArticle({ key, url: `https://news.example/${key}`, title: `Retailer breach ${key}`, fetchedAt }),
        classification: makeClassification({ alert: false, category: 'private_breach', organisation: null }),
        incident: null,
        outbox: [],
      });
      await store.commitArticle(unattached('old', T0));
      await store.commitArticle(unattached('recent', isoAt(19 * DAY)));
      expect(await store.prune({ ...policy, seenItemDays: 0 }, isoAt(21 * DAY))).toMatchObject({ articles: 1 });
      expect((await store.searchArticles('retailer', 10)).map((h) => h.url)).toEqual(['https://news.example/recent']);
      expect(await store.searchArticles('cyber attack', 10)).toHaveLength(1);
      // Their seen marks stay until the seen-item rules remove them: the items do not come back as new.
      expect(await store.filterSeen('feed-a', ['old'])).toEqual(new Set(['old']));
    });

    it('does bounded work per run and says when more is left; 0 keeps everything', async () => {
      await store.markSeen('feed-a', Array.from({ length: 12 }, (_, i) => `k${i}`), T0);
      await store.markSeen('feed-a', ['latest'], isoAt(11 * DAY));
      expect(await store.prune({ ...policy, maxRowsPerRun: 5 }, isoAt(11 * DAY))).toMatchObject({ seenItems: 5, more: true });
      expect(await store.prune({ ...policy, maxRowsPerRun: 5, seenItemDays: 0, articleDays: 0, outboxDays: 0 }, isoAt(11 * DAY))).toEqual({
        seenItems: 0,
        outboxDeleted: 0,
        outboxCompacted: 0,
        articles: 0,
        more: false,
      });
      expect(await store.prune({ ...policy, maxRowsPerRun: 5 }, isoAt(11 * DAY))).toMatchObject({ seenItems: 5, more: true });
      expect(await store.prune({ ...policy, maxRowsPerRun: 5 }, isoAt(11 * DAY))).toMatchObject({ seenItems: 2, more: false });
    });
  });
}
