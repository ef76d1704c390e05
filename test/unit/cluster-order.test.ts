// Order does not matter: the same articles fed in any order give the same incidents (the same
// groups of articles) and, once all are in, the same facts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceKey } from '../../src/domain/cluster.ts';
import type { Article, Classification, Incident } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { processArticle } from '../../src/pipeline/process-article.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const ORGS = ['Exampleshire County Council', 'Example NHS Trust', 'Metropolitan Police Service'];
const STORIES = [
  { words: 'ransomware gang encrypted servers and leaked patient letters online', cause: 'ransomware', data: ['health'] },
  { words: 'spreadsheet of foster carers emailed to the wrong recipients by mistake', cause: 'human_error', data: ['names', 'addresses'] },
  { words: 'contractor printing warrant cards hacked, photos and vetting levels exposed', cause: 'supplier', data: ['photos', 'staff records'] },
  { words: 'cctv cameras streamed online without a password for days', cause: 'misconfiguration', data: ['cctv footage'] },
] as const;

interface Spec {
  org: number;
  story: number;
  day: number;
  affected: number | null;
  regulator: boolean;
}

function build(specs: readonly Spec[]): Array<{ article: Article; classification: Classification }> {
  return specs.map((spec, i) => {
    const story = STORIES[spec.story] as (typeof STORIES)[number];
    const published = new Date(Date.UTC(2024, 0, 1) + spec.day * 86_400_000).toISOString();
    return {
      // Each from its own outlet's feed: one feed repeating a title is one story (cluster.ts sameStory).
      article: makeArticle({ key: `a${i}`, feedId: `feed-${i}`, url: `https://n${i}.example/${spec.story}`, title: `${ORGS[spec.org]}: ${story.words}`, summary: story.words, published }),
      classification: makeClassification({
        organisation: ORGS[spec.org] as string,
        affected: spec.affected,
        cause: story.cause,
        dataTypes: [...story.data],
        regulatorAction: spec.regulator ? 'ICO reprimand' : null,
      }),
    };
  });
}

async function run(items: ReadonlyArray<{ article: Article; classification: Classification }>) {
  const store = openSqliteStore(':memory:');
  const byKey = new Map(items.map((i) => [evidenceKey(i.article), i.classification]));
  const incidents = new Map<string, Incident>();
  for (const { article } of items) {
    const outcome = await processArticle(article, {
      store,
      classify: () => byKey.get(evidenceKey(article)) as Classification,
      routes: () => [{ sink: 'console' }],
      log: silentLogger(),
      now: () => new Date('2026-01-01T00:00:00Z'),
      maxArticleAgeDays: 0,
    });
    if (outcome.kind === 'incident') {
      for (const absorbed of outcome.change.absorbed) incidents.delete(absorbed.id);
      incidents.set(outcome.change.incident.id, outcome.change.incident);
    }
  }
  await store.close();
  // Compare by content: each incident as its sorted article keys, plus its facts.
  return [...incidents.values()]
    .map((incident) => ({
      keys: (incident.evidence ?? []).map((e) => e.key).sort(),
      facts: {
        organisation: incident.organisation,
        affected: incident.affected,
        affectedReported: [...(incident.affectedReported ?? [])].sort(),
        dataTypes: incident.dataTypes,
        cause: incident.cause,
        regulatorAction: incident.regulatorAction,
        firstSeen: incident.firstSeen,
        lastSeen: incident.lastSeen,
      },
    }))
    .sort((a, b) => (a.keys[0] ?? '').localeCompare(b.keys[0] ?? ''));
}

const spec = fc.record({
  org: fc.integer({ min: 0, max: ORGS.length - 1 }),
  story: fc.integer({ min: 0, max: STORIES.length - 1 }),
  day: fc.integer({ min: 0, max: 400 }),
  affected: fc.option(fc.constantFrom(394, 400, 1200, 47000), { nil: null }),
  regulator: fc.boolean(),
});

describe('clustering is order-independent', () => {
  it('gives the same incidents and facts for any order of the same articles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 12 }), fc.integer(), async (specs, seed) => {
        const items = build(specs);
        const shuffled = [...items];
        let state = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as (typeof items)[number], shuffled[i] as (typeof items)[number]];
        }
        expect(await run(shuffled)).toEqual(await run(items));
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
