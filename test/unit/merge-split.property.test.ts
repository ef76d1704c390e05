// Corrections that leave the channel right (issue 18 point 6), as properties over random incidents:
// an admin merges one incident into another, then splits the folded-in articles back out in any order.
// Through the real command core, SQLite store and outbox drain, the channel (every message as last
// edited) must show: after the merge, the kept incident's own facts unless the folded-in one only adds
// to them; after the splits, both alerts back as they were; and never a second alert for either story.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/alerts/deliver.ts';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { CommandContext } from '../../src/commands/types.ts';
import { evidenceOf, newIncident, withEvidence } from '../../src/domain/cluster.ts';
import { mergeIncidents } from '../../src/domain/corrections.ts';
import type { Cause, Incident } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink, type RecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const admin: CommandContext = { platform: 'slack', userId: 'UADMIN', isAdmin: true, channelId: 'C1', workspaceId: 'T1' };
const NOW = new Date('2026-11-23T12:00:00.000Z');

interface ArticleSpec {
  affected: number | null;
  cause: Cause | null;
  data: string;
  day: number;
}

const articleSpec = fc.record({
  affected: fc.option(fc.constantFrom(394, 1200, 47000), { nil: null }),
  cause: fc.option(fc.constantFrom<Cause>('ransomware', 'human_error', 'supplier'), { nil: null }),
  data: fc.constantFrom('names', 'addresses', 'bank details'),
  day: fc.integer({ min: 1, max: 28 }),
});

/** An incident of the given body built from its articles, as the pipeline stores it. */
function incidentOf(name: string, organisation: string, specs: readonly ArticleSpec[]): { incident: Incident; articles: ReturnType<typeof makeArticle>[] } {
  const articles = specs.map((s, i) =>
    makeArticle({ feedId: 'f', key: `${name}${i}`, url: `https://news.example/${name}/${i}`, title: `${organisation} story ${i}`, published: `2026-10-${String(s.day).padStart(2, '0')}T09:00:00.000Z` }),
  );
  const classifications = specs.map((s) => makeClassification({ organisation, sector: 'council', affected: s.affected, cause: s.cause, dataTypes: [s.data] }));
  const first = newIncident(articles[0]!, classifications[0]!);
  const incident = withEvidence(first, articles.map((a, i) => evidenceOf(a, classifications[i]!)));
  return { incident, articles };
}

async function store(incidents: ReturnType<typeof incidentOf>[]): Promise<Store> {
  const s = openSqliteStore(':memory:');
  for (const { incident, articles } of incidents) {
    for (const [i, article] of articles.entries()) {
      const outbox = i === 0 ? [{ incidentId: incident.id, destination: 'console', kind: 'alert' as const, payload: { kind: 'alert' as const, incident, factChanges: [], source: null } }] : [];
      await s.commitArticle({ article, classification: makeClassification({ organisation: incident.organisation }), incident, outbox });
    }
  }
  return s;
}

/** The channel as people see it: each message's incident as last posted or edited. */
function channel(sink: RecordingSink): Map<string, Incident> {
  const messages = new Map<string, Incident>();
  for (const request of sink.sent) {
    if (request.payload.kind === 'alert') messages.set(`console-msg-${request.entryId}`, request.payload.incident);
    else if (request.parentRef) messages.set(request.parentRef, request.payload.incident);
  }
  return messages;
}

const shown = (i: Incident | undefined) =>
  i && { id: i.id, organisation: i.organisation, affected: i.affected, cause: i.cause, dataTypes: i.dataTypes, urls: i.articles.map((a) => a.url).sort() };

describe('merge then split (property)', () => {
  it('keeps the kept incident\'s facts unless the folded-in one adds to them', () => {
    fc.assert(
      fc.property(fc.array(articleSpec, { minLength: 1, maxLength: 3 }), fc.array(articleSpec, { minLength: 1, maxLength: 3 }), (keptSpecs, foldedSpecs) => {
        const kept = incidentOf('k', 'Exampleshire County Council', keptSpecs).incident;
        const folded = incidentOf('f', 'Othershire District Council', foldedSpecs).incident;
        const merged = mergeIncidents(kept, folded, 'admin', NOW.toISOString());
        expect(merged.organisation).toBe(kept.organisation);
        expect(merged.affected).toBe(kept.affected ?? folded.affected);
        expect(merged.cause).toBe(kept.cause ?? folded.cause);
        expect(merged.dataTypes).toEqual([...new Set([...kept.dataTypes, ...folded.dataTypes])].sort());
        expect(merged.otherOrganisations).toContain(folded.organisation);
        expect(merged.articles).toHaveLength(kept.articles.length + folded.articles.length);
      }),
      { numRuns: 200 },
    );
  });

  it('restores every alert after the folded-in articles are split back out, whatever the merge and split order, posting no new alert', async () => {
    const bodies = ['Exampleshire County Council', 'Othershire District Council', 'Example NHS Trust'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(articleSpec, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }),
        fc.infiniteStream(fc.nat()),
        async (specs, picks) => {
          const next = ((iterator) => () => iterator.next().value as number)(picks[Symbol.iterator]());
          const incidents = specs.map((articleSpecs, i) => incidentOf(String.fromCharCode(97 + i), bodies[i] as string, articleSpecs));
          const db = await store(incidents);
          const sink = createRecordingSink('console');
          const deliver = () => deliverOutbox({ store: db, sinks: new Map([['console', sink]]), now: () => NOW, log: silentLogger(), signal: new AbortController().signal });
          const deps: CommandDeps = {
            store: db,
            now: () => NOW,
            configFeeds: [],
            checkFeedUrl: () => ({ ok: true }),
            fetchArticles: async () => ({ feedTitle: null, articles: [] }),
            classify: () => makeClassification(),
            routes: () => [{ sink: 'console' }],
          };
          await deliver();
          const before = new Map([...channel(sink)].map(([ref, incident]) => [ref, shown(incident)]));
          expect(before.size).toBe(incidents.length);

          // Merge them all into one, in an order the property picks (an incident may be merged into one
          // that was itself merged away: its id leads to where that went).
          const order = [...incidents];
          const root = order.splice(next() % order.length, 1)[0] as (typeof incidents)[number];
          const merged = [root];
          while (order.length > 0) {
            const from = order.splice(next() % order.length, 1)[0] as (typeof incidents)[number];
            const into = merged[next() % merged.length] as (typeof incidents)[number];
            const reply = await handleCommand({ kind: 'incident_merge', intoId: into.incident.id, fromId: from.incident.id }, admin, deps);
            expect(reply.isError).toBeFalsy();
            merged.push(from);
            await deliver();
          }
          const rootRef = [...before].find(([, i]) => i?.id === root.incident.id)?.[0] as string;
          const afterMerge = channel(sink).get(rootRef);
          expect(afterMerge?.organisation).toBe(root.incident.organisation);
          if (root.incident.affected !== null) expect(afterMerge?.affected).toBe(root.incident.affected);

          // Split every folded-in article back out, in an order the property picks.
          const urls = merged.slice(1).flatMap((x) => x.articles.map((article) => article.url as string));
          while (urls.length > 0) {
            const [url] = urls.splice(next() % urls.length, 1);
            const split = await handleCommand({ kind: 'incident_split', incidentId: root.incident.id, article: url as string }, admin, deps);
            expect(split.isError).toBeFalsy();
            await deliver();
          }
          const after = new Map([...channel(sink)].map(([ref, incident]) => [ref, shown(incident)]));
          expect(after).toEqual(before);
          expect(sink.sent.filter((r) => r.payload.kind === 'alert')).toHaveLength(incidents.length);
          for (const { incident } of incidents) expect((await db.getIncident(incident.id))?.id).toBe(incident.id);
          await db.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
