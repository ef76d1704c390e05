// Clustering: which incident an alert article belongs to, and how its facts change the incident.
// First version: an article joins an incident when they share the breached organisation, fall within
// a time window, and their facts and distinctive words agree. See docs/adr/004-item-identity-and-dedup.md.
import { overlapCoefficient, shortHash, tokens, topTerms } from './text.ts';
import type { Article, ArticleRef, Classification, Incident, IncidentChange } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClusterOptions {
  /** Articles this close in time to an incident can join it on matching facts. */
  windowDays: number;
  /** A regulator's action about a known incident can arrive this long after it. */
  regulatorWindowDays: number;
  /** Minimum match score to join an incident. */
  threshold: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { windowDays: 45, regulatorWindowDays: 730, threshold: 0.3 };

/** Words that every breach story shares: they say nothing about which incident it is. */
const GENERIC = new Set(
  tokens(
    'data breach breached breaches leak leaked leaks personal information details exposed exposure incident ' +
      'cyber attack security police force council service officers officer information commissioner office ico ' +
      'report reported reports statement spokesperson investigation investigating confirmed concern concerns ' +
      'affected potentially organisation members could would sensitive privacy protection',
    4,
  ),
);

export function articleDate(article: Pick<Article, 'published' | 'fetchedAt'>): string {
  return article.published ?? article.fetchedAt;
}

export function articleRef(article: Article): ArticleRef {
  return { url: article.url, title: article.title, outlet: article.outlet, published: articleDate(article) };
}

function termsOf(article: Article, classification: Classification): string[] {
  const exclude = new Set([...GENERIC, ...tokens([classification.organisation ?? '', ...classification.otherOrganisations].join(' '), 4)]);
  return topTerms(
    [
      { text: article.title, weight: 3 },
      { text: article.summary, weight: 2 },
      { text: article.content.slice(0, 1500), weight: 1 },
    ],
    30,
    exclude,
  );
}

export function newIncident(article: Article, classification: Classification): Incident {
  const when = articleDate(article);
  return {
    id: `bw-${shortHash(`${article.feedId}\u0000${article.key}`)}`,
    organisation: classification.organisation ?? 'Unknown public body',
    otherOrganisations: [...classification.otherOrganisations],
    supplier: classification.supplier,
    sector: classification.sector,
    affected: classification.affected,
    dataTypes: [...classification.dataTypes],
    cause: classification.cause,
    regulatorAction: classification.regulatorAction,
    reasons: [...classification.reasons],
    terms: termsOf(article, classification),
    articles: [articleRef(article)],
    firstSeen: when,
    lastSeen: when,
    status: 'open',
  };
}

export interface IncidentMatch {
  incident: Incident;
  score: number;
  why: string;
}

/** The best incident for this article among candidates, or null when none matches well enough. */
export function matchIncident(
  candidates: readonly Incident[],
  article: Article,
  classification: Classification,
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): IncidentMatch | null {
  const orgs = new Set([classification.organisation, ...classification.otherOrganisations].filter(Boolean));
  const when = Date.parse(articleDate(article));
  const terms = termsOf(article, classification);
  let best: IncidentMatch | null = null;
  for (const incident of candidates) {
    if (incident.status !== 'open') continue;
    const incidentOrgs = [incident.organisation, ...incident.otherOrganisations];
    if (!incidentOrgs.some((org) => orgs.has(org))) continue;
    const gapDays = distanceDays(when, Date.parse(incident.firstSeen), Date.parse(incident.lastSeen));
    const isRegulatorFollowUp = classification.regulatorAction !== null && incident.regulatorAction === null;
    const window = isRegulatorFollowUp ? options.regulatorWindowDays : options.windowDays;
    if (gapDays > window) continue;
    const overlap = overlapCoefficient(terms, incident.terms);
    const sameCause = classification.cause !== null && classification.cause === incident.cause;
    const sharedData = overlapCoefficient(classification.dataTypes, incident.dataTypes);
    const sameCount = classification.affected !== null && classification.affected === incident.affected;
    const score = 0.6 * overlap + (sameCause ? 0.15 : 0) + 0.15 * sharedData + (sameCount ? 0.3 : 0) - gapDays / (window * 10);
    if (score >= options.threshold && (best === null || score > best.score)) {
      const why =
        `same organisation, ${Math.round(gapDays)} day(s) apart, ${Math.round(overlap * 100)}% shared terms` +
        `${sameCause ? ', same cause' : ''}${sameCount ? ', same count' : ''}`;
      best = { incident, score, why };
    }
  }
  return best;
}

function distanceDays(when: number, first: number, last: number): number {
  if (when >= first && when <= last) return 0;
  return Math.min(Math.abs(when - first), Math.abs(when - last)) / DAY_MS;
}

const formatCount = (n: number | null): string => (n === null ? 'unknown' : n.toLocaleString('en-GB'));

/**
 * Merges an article into an incident. Rules (docs/adr/004): the newest stated count wins and the
 * change is shown; data types and other bodies are unioned; cause and supplier fill gaps; a
 * regulator action replaces an older one.
 */
export function mergeIntoIncident(incident: Incident, article: Article, classification: Classification): IncidentChange {
  const source = articleRef(article);
  const factChanges: string[] = [];
  const next: Incident = { ...incident, articles: [...incident.articles] };
  const isLatest = source.published !== null && source.published >= incident.lastSeen;

  if (classification.affected !== null && classification.affected !== incident.affected && (incident.affected === null || isLatest)) {
    factChanges.push(`People affected: ${formatCount(incident.affected)} → ${formatCount(classification.affected)}`);
    next.affected = classification.affected;
  }
  const newData = classification.dataTypes.filter((d) => !incident.dataTypes.includes(d));
  if (newData.length > 0) {
    factChanges.push(`Data exposed now includes: ${newData.join(', ')}`);
    next.dataTypes = [...incident.dataTypes, ...newData];
  }
  if (incident.cause === null && classification.cause !== null) {
    factChanges.push(`Cause: ${classification.cause.replace('_', ' ')}`);
    next.cause = classification.cause;
  }
  if (classification.regulatorAction !== null && classification.regulatorAction !== incident.regulatorAction) {
    factChanges.push(`Regulator action: ${incident.regulatorAction ?? 'none known'} → ${classification.regulatorAction}`);
    next.regulatorAction = classification.regulatorAction;
  }
  if (incident.supplier === null && classification.supplier !== null) {
    factChanges.push(`Supplier named: ${classification.supplier}`);
    next.supplier = classification.supplier;
  }
  const newOrgs = classification.otherOrganisations.filter((o) => o !== incident.organisation && !incident.otherOrganisations.includes(o));
  if (newOrgs.length > 0) next.otherOrganisations = [...incident.otherOrganisations, ...newOrgs];

  if (!incident.articles.some((a) => sameArticle(a, source))) next.articles.push(source);
  next.articles.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  if (source.published !== null && source.published < next.firstSeen) next.firstSeen = source.published;
  if (source.published !== null && source.published > next.lastSeen) next.lastSeen = source.published;
  next.terms = [...new Set([...incident.terms, ...termsOf(article, classification)])].slice(0, 60);
  return { incident: next, created: false, factChanges, source };
}

function sameArticle(a: ArticleRef, b: ArticleRef): boolean {
  return a.url !== null ? a.url === b.url : a.title === b.title;
}

/** Joins the article to its best-matching incident, or starts a new one. */
export function assignIncident(
  candidates: readonly Incident[],
  article: Article,
  classification: Classification,
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): IncidentChange & { why: string } {
  const match = matchIncident(candidates, article, classification, options);
  if (match === null) {
    return { incident: newIncident(article, classification), created: true, factChanges: [], source: articleRef(article), why: 'no matching incident' };
  }
  return { ...mergeIntoIncident(match.incident, article, classification), why: match.why };
}
