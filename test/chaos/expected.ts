// What a run with no faults must post for a plan: the real classifier and clusterer over an in-memory
// store, fed the planned articles in the order they are published (one article per incident per round,
// so the order within a round does not matter). Each incident: one alert; each later article: an edit,
// plus a thread reply when it changed the facts.
import path from 'node:path';
import { loadRecogniser } from '../../src/config/load-recogniser.ts';
import { normaliseItems } from '../../src/domain/normalise.ts';
import { createLogger } from '../../src/log/logger.ts';
import { processArticle } from '../../src/pipeline/process-article.ts';
import { decodeFeedBody } from '../../src/sources/decode.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { renderRss } from '../../src/demo/render-feed.ts';
import type { IncidentPlan } from './incident-feeds.ts';
import { OUTLETS } from './incident-feeds.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ExpectedIncident {
  id: string;
  organisation: string;
  /** Later articles that joined it: each edits the alert. */
  updates: number;
  /** Of those, the ones that changed facts: each posts one thread reply. */
  replies: number;
}

export interface Expectation {
  incidents: ExpectedIncident[];
  /** Planned breach articles the classifier did not alert on, or that joined the wrong incident (a plan problem). */
  problems: string[];
}

export async function expectedOutcome(plan: IncidentPlan): Promise<Expectation> {
  const recogniser = loadRecogniser({
    gazetteer: path.join(ROOT, 'config', 'gazetteer.json'),
    knowledge: path.join(ROOT, 'config', 'knowledge'),
    veto: path.join(ROOT, 'config', 'veto-model.json'),
  });
  const store = openSqliteStore(':memory:');
  const byId = new Map<string, ExpectedIncident>();
  const planned = new Map<number, string>();
  const problems: string[] = [];
  const now = new Date();
  try {
    for (const item of plan.articles) {
      // Through the real parse and normalise path, so keys and text are what the bot sees.
      const feed = OUTLETS.find((o) => o.id === item.outlet);
      if (!feed) throw new Error(`no outlet ${item.outlet}`);
      const xml = renderRss(feed, [item], `https://${feed.id}.test/feed`, item.published);
      const parsed = await parseFeed(decodeFeedBody(Buffer.from(xml, 'utf8'), 'application/rss+xml; charset=utf-8').text);
      const [article] = normaliseItems(parsed.items, { feedId: feed.id, feedTitle: parsed.title, fetchedAt: now.toISOString() });
      if (!article) throw new Error(`article ${item.id} did not survive parsing`);
      const outcome = await processArticle(article, {
        store,
        classify: recogniser.classify,
        regionOf: (name) => recogniser.gazetteer.byName(name)?.region ?? null,
        routes: () => [],
        log: createLogger({ level: 'error' }),
        now: () => now,
        maxArticleAgeDays: 0,
      });
      if (item.kind === 'noise') {
        if (outcome.kind === 'incident') problems.push(`noise item "${item.title}" was classed as a breach`);
        continue;
      }
      if (outcome.kind !== 'incident') {
        problems.push(`"${item.title}" was not classed as a breach (${outcome.kind})`);
        continue;
      }
      const { change } = outcome;
      if (change.absorbed.length > 0) problems.push(`"${item.title}" folded incidents together`);
      const known = planned.get(item.incident);
      if (change.created) {
        if (known !== undefined) problems.push(`"${item.title}" started a second incident for plan incident ${item.incident}`);
        planned.set(item.incident, change.incident.id);
        byId.set(change.incident.id, { id: change.incident.id, organisation: change.incident.organisation, updates: 0, replies: 0 });
        continue;
      }
      const expected = byId.get(change.incident.id);
      if (!expected || known !== change.incident.id) {
        problems.push(`"${item.title}" joined incident ${change.incident.id}, not its own`);
        continue;
      }
      if (!change.duplicate) {
        expected.updates += 1;
        if (change.factChanges.length > 0) expected.replies += 1;
      }
    }
  } finally {
    await store.close();
  }
  return { incidents: [...byId.values()], problems };
}
