// The store `npm run bench:store` measures: generated articles and incidents written through the
// project's own store code (commitArticleInTransaction, what commitArticle runs, a thousand articles per
// transaction so that a million take minutes) and incident code (newIncident, withEvidence), so every
// row is what the bot writes. Deterministic for a size: a seeded generator.
// - Words: drawn with the frequencies they have in the project's two text corpora (test/fixtures), so
//   the store has common, mid and rare words as news text does; organisation names from the gazetteer.
// - Articles: spread evenly over the five years before END; ALERT_SHARE of them belong to incidents. Each
//   has its story keys but no content fingerprint (one seen key per article, not two: no lookup here reads them).
// - Incidents: an organisation drawn Zipf-like from the gazetteer (a few bodies have many incidents, the
//   busiest about 1% of them: some 80 in five years at a million articles);
//   a size k with P(k) ~ 1/k^2 up to 200 articles (most have one, a few run to dozens), its articles over
//   weeks to months; one in ten names a second organisation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendHistory, evidenceOf, newIncident, withEvidence } from '../src/domain/cluster.ts';
import { compactIncident, type AlertKind } from '../src/domain/delivery.ts';
import { storyKeys } from '../src/domain/item-key.ts';
import type { Article, Classification, Incident, Sector } from '../src/domain/types.ts';
import type { ArticleCommit } from '../src/store/ports.ts';
import { seededRandom } from '../test/chaos/incident-feeds.ts';

export const END = Date.parse('2026-12-01T00:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const SPAN_MS = 5 * 365 * DAY_MS;
const ALERT_SHARE = 0.03;
/** Organisation i (in a seeded shuffle of the gazetteer) has weight 1 / (i + ORG_SPREAD): the busiest about 1%. */
const ORG_SPREAD = 20;
const FEEDS = 500;
const MAX_INCIDENT_SIZE = 200;
const ROOT = join(import.meta.dirname, '..');

/** Draws an index with the given weights (a cumulative table and a binary search). */
function sampler(weights: readonly number[]): (r: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (r) => {
    const target = r * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function corpusWords(): { words: string[]; weights: number[] } {
  const counts = new Map<string, number>();
  for (const file of ['test/fixtures/corpus/articles.jsonl', 'test/fixtures/real/items.jsonl']) {
    for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const item = JSON.parse(line) as { title?: string; summary?: string; content?: string };
      const text = `${item.title ?? ''} ${item.summary ?? ''} ${item.content ?? ''}`;
      for (const word of text.match(/[\p{L}][\p{L}'’-]*/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return { words: [...counts.keys()], weights: [...counts.values()] };
}

interface Organisation {
  name: string;
  sector: Sector | null;
}

/** The gazetteer's bodies in a seeded shuffle (the file is alphabetical). */
function gazetteer(next: () => number): Organisation[] {
  const text = readFileSync(join(ROOT, 'config/gazetteer.json'), 'utf8');
  const file = JSON.parse(text) as { entries: Array<{ name: string; sector?: Sector }> };
  const keyed = file.entries.map((e) => ({ name: e.name, sector: e.sector ?? null, key: next() }));
  return keyed.sort((a, b) => a.key - b.key).map(({ name, sector }) => ({ name, sector }));
}

const organisationWeights = (organisations: readonly Organisation[]) => organisations.map((_, i) => 1 / (i + ORG_SPREAD));

interface PlannedIncident {
  organisation: Organisation;
  other: Organisation | null;
  size: number;
  committed: number;
  incident: Incident | null;
}

/** Which incident (or none: -1) each article belongs to, and its time; articles in time order. */
function plan(articles: number, next: () => number, organisations: readonly Organisation[]) {
  const orgOf = sampler(organisationWeights(organisations));
  const sizes = Array.from({ length: MAX_INCIDENT_SIZE }, (_, i) => 1 / (i + 1) ** 2);
  const sizeOf = sampler(sizes);
  const incidents: PlannedIncident[] = [];
  const times = new Float64Array(articles);
  const owner = new Int32Array(articles).fill(-1);
  let alerts = 0;
  const target = Math.round(articles * ALERT_SHARE);
  while (alerts < target) {
    const size = Math.min(sizeOf(next()) + 1, target - alerts);
    const organisation = organisations[orgOf(next())] as Organisation;
    const other = next() < 0.1 ? (organisations[orgOf(next())] as Organisation) : null;
    const start = END - SPAN_MS + next() * SPAN_MS * 0.98;
    for (let k = 0; k < size; k++) {
      // Most follow-ups within weeks, some months later.
      times[alerts] = Math.min(END - 1, start + (k === 0 ? 0 : -Math.log(1 - next()) * 14 * DAY_MS * (next() < 0.1 ? 8 : 1)));
      owner[alerts] = incidents.length;
      alerts += 1;
    }
    incidents.push({ organisation, other: other?.name === organisation.name ? null : other, size, committed: 0, incident: null });
  }
  for (let i = alerts; i < articles; i++) times[i] = END - SPAN_MS + next() * SPAN_MS;
  const order = Array.from({ length: articles }, (_, i) => i).sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0));
  return { incidents, order, times, owner };
}

export interface FillSummary {
  articles: number;
  incidents: number;
  organisations: number;
  seconds: number;
}

const BATCH = 1000;

/** Generates `articles` articles with their incidents and outbox rows, and hands them to `write` in batches. */
export function fillStore(
  articles: number,
  write: (batch: readonly ArticleCommit[]) => void,
  progress: (done: number) => void,
): FillSummary {
  const started = performance.now();
  const next = seededRandom(articles);
  const organisations = gazetteer(next);
  const { words, weights } = corpusWords();
  const wordOf = sampler(weights);
  const orgOf = sampler(organisationWeights(organisations));
  const text = (n: number): string => Array.from({ length: n }, () => words[wordOf(next())]).join(' ');
  const { incidents, order, times, owner } = plan(articles, next, organisations);
  let batch: ArticleCommit[] = [];
  for (const [done, i] of order.entries()) {
    const at = new Date(times[i] ?? END).toISOString();
    const planned = incidents[owner[i] ?? -1];
    const named = planned?.organisation ?? (next() < 0.3 ? organisations[orgOf(next())] : undefined);
    const title = `${named ? `${named.name} ` : ''}${text(6 + Math.floor(next() * 8))}`;
    const summary = text(20 + Math.floor(next() * 30));
    const content = next() < 0.4 ? text(80 + Math.floor(next() * 200)) : '';
    const outlet = `Outlet ${Math.floor(next() * 300)}`;
    const item = { title, summary, content, outlet };
    const { story, syndication } = storyKeys({ ...item, publisher: outlet });
    const article: Article = {
      key: `https://news.example/${i}`,
      feedId: `feed-${i % FEEDS}`,
      url: `https://news.example/${i}`,
      ...item,
      published: at,
      fetchedAt: at,
      ...(story !== null ? { story } : {}),
      ...(syndication !== null ? { syndication } : {}),
    };
    if (!planned) {
      const classification = classificationOf(null, null, false);
      batch.push({ article, classification, incident: null, outbox: [] });
    } else {
      const classification = classificationOf(planned.organisation, planned.committed === 0 ? null : planned.other, true);
      const incident = grow(planned.incident, article, classification);
      const kind: AlertKind = planned.incident === null ? 'alert' : 'update';
      const payload = { kind, incident: compactIncident(incident), factChanges: [], source: null };
      batch.push({ article, classification, incident, outbox: [{ incidentId: incident.id, destination: 'console', kind, payload }] });
      planned.committed += 1;
      planned.incident = planned.committed === planned.size ? null : incident;
    }
    if (batch.length === BATCH) {
      write(batch);
      batch = [];
    }
    if (done % 10_000 === 0) progress(done);
  }
  write(batch);
  return { articles, incidents: incidents.length, organisations: organisations.length, seconds: (performance.now() - started) / 1000 };
}

function grow(incident: Incident | null, article: Article, classification: Classification): Incident {
  if (incident === null) return newIncident(article, classification);
  const evidence = evidenceOf(article, classification);
  const next = withEvidence(incident, [...(incident.evidence ?? []), evidence]);
  const source = { url: evidence.url, title: evidence.title, outlet: evidence.outlet, published: evidence.published };
  return { ...next, history: appendHistory(incident.history, { at: evidence.published, kind: 'source', source, changes: [] }) };
}

function classificationOf(organisation: Organisation | null, other: Organisation | null, alert: boolean): Classification {
  return {
    alert,
    score: alert ? 0.9 : 0.1,
    category: alert ? 'public_sector_breach' : 'not_breach',
    reasons: alert ? [`Organisation matched the gazetteer: ${organisation?.name ?? ''}.`] : ['No breach words.'],
    organisation: organisation?.name ?? null,
    otherOrganisations: other ? [other.name] : [],
    supplier: null,
    sector: organisation?.sector ?? null,
    affected: alert ? 100 + Math.floor((organisation?.name.length ?? 0) * 137) : null,
    dataTypes: alert ? ['names', 'addresses'] : [],
    cause: alert ? 'cyber_attack' : null,
    regulatorAction: null,
  };
}
