// Clustering: which incident an alert article belongs to. Two articles are about the same incident
// when they name the same body, are close in time, and their facts and distinctive words agree
// (`linkArticles`, a symmetric test on a PAIR of articles). An incident is a connected group of such
// links, so the groups do not depend on the order articles arrive in; an article that links two
// incidents joins them. Facts come from incident-facts.ts. See docs/adr/007-incidents.md.
import { byDate, describeFactChanges, factsOf, type ArticleEvidence } from './incident-facts.ts';
import { overlapCoefficient, shortHash, tokens, topTerms } from './text.ts';
import type { Article, ArticleRef, Classification, Incident, IncidentHistoryEntry } from './types.ts';
import { compareText, nfkc } from './text-order.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClusterOptions {
  /** Articles this close in time can be about the same incident on matching facts. */
  windowDays: number;
  /** Follow-ups (a regulator's action, a court case, letters to victims) can come this long after. */
  followUpWindowDays: number;
  /** Minimum pair score within windowDays. */
  threshold: number;
  /** Minimum pair score for a follow-up beyond windowDays. */
  followUpThreshold: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { windowDays: 45, followUpWindowDays: 5 * 365, threshold: 0.3, followUpThreshold: 0.4 };

/** Words every breach story shares: they say nothing about which incident it is. */
const GENERIC = new Set(
  tokens(
    'data breach breached breaches leak leaked leaks personal information details exposed exposure incident ' +
      'cyber attack security police force council service officers officer information commissioner office ico ' +
      'report reported reports statement spokesperson investigation investigating confirmed concern concerns ' +
      'affected potentially organisation members could would sensitive privacy protection reprimand reprimanded ' +
      'regulator watchdog fined fine issued',
    4,
  ),
);

export function articleDate(article: Pick<Article, 'published' | 'fetchedAt'>): string {
  return article.published ?? article.fetchedAt;
}

export function articleRef(article: Article): ArticleRef {
  return { url: article.url, title: article.title, outlet: article.outlet, published: articleDate(article) };
}

export function evidenceKey(article: Pick<Article, 'feedId' | 'key'>): string {
  return `${article.feedId}\u0000${article.key}`;
}

export function evidenceOf(article: Article, classification: Classification): ArticleEvidence {
  const exclude = new Set([...GENERIC, ...tokens([classification.organisation ?? '', ...classification.otherOrganisations].join(' '), 4)]);
  return {
    key: evidenceKey(article),
    url: article.url,
    title: article.title,
    outlet: article.outlet,
    published: articleDate(article),
    organisation: classification.organisation ?? 'Unknown public body',
    otherOrganisations: [...classification.otherOrganisations],
    sector: classification.sector,
    supplier: classification.supplier,
    affected: classification.affected,
    dataTypes: [...classification.dataTypes],
    cause: classification.cause,
    regulatorAction: classification.regulatorAction,
    score: classification.score,
    terms: topTerms(
      [
        { text: article.title, weight: 3 },
        { text: article.summary, weight: 2 },
        { text: article.content.slice(0, 1500), weight: 1 },
      ],
      30,
      exclude,
    ),
    reasons: [...classification.reasons],
    years: yearsIn(`${article.title} ${article.summary} ${article.content}`, articleDate(article)),
  };
}

/** Years from 2000 up to the article's own year that the article names ("the 2020 attack"). */
function yearsIn(text: string, published: string): number[] {
  const until = Number(published.slice(0, 4));
  const years = new Set<number>();
  for (const m of text.matchAll(/\b(20\d\d)\b/g)) {
    const year = Number(m[1]);
    if (year <= until) years.add(year);
  }
  return [...years].sort();
}

/** Causes that describe the same event from different angles (a hacked supplier, an error that left a server open). */
const COMPATIBLE_CAUSES = new Set(['cyber_attack|ransomware', 'human_error|misconfiguration']);
/** Attacks unfold over months (data published, letters to victims), so their reports link over a longer time. */
const ATTACKS = new Set(['cyber_attack', 'ransomware']);
const AFTERMATH_DAYS = 180;
const STALE_DAYS = 365;

/** How two stated causes relate. A supplier says who held the data, not how it got out, so it fits any cause. */
function causeRelation(a: string | null, b: string | null): 'same' | 'compatible' | 'conflict' | 'unknown' {
  if (a === null || b === null) return 'unknown';
  if (a === b) return 'same';
  if (a === 'supplier' || b === 'supplier' || COMPATIBLE_CAUSES.has([a, b].sort().join('|'))) return 'compatible';
  return 'conflict';
}

/** Counts agree (equal, or within 15%: a revised figure) or clash (an order of magnitude apart). */
function countRelation(a: number | null, b: number | null): 'same' | 'close' | 'clash' | 'unknown' {
  if (a === null || b === null) return 'unknown';
  if (a === b) return 'same';
  const ratio = Math.max(a, b) / Math.min(a, b);
  return ratio <= 1.15 ? 'close' : ratio >= 10 ? 'clash' : 'unknown';
}

/** A later report that names the year the earlier one was published in ("the 2020 attack") is looking back at it. */
function recallsYear(earlier: ArticleEvidence, later: ArticleEvidence): boolean {
  const year = Number(earlier.published.slice(0, 4));
  return year < Number(later.published.slice(0, 4)) && (later.years ?? []).includes(year);
}

export interface Link {
  score: number;
  why: string;
}

/** Whether two articles are about the same incident: symmetric, so grouping ignores arrival order. */
export function linkArticles(a: ArticleEvidence, b: ArticleEvidence, options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): Link | null {
  const aOrgs = [a.organisation, ...a.otherOrganisations];
  const bOrgs = [b.organisation, ...b.otherOrganisations];
  if (!aOrgs.includes(b.organisation) && !bOrgs.includes(a.organisation)) return null;
  const gapDays = Math.abs(Date.parse(a.published) - Date.parse(b.published)) / DAY_MS;
  const followUp = gapDays > options.windowDays;
  if (gapDays > options.followUpWindowDays) return null;
  const [earlier, later] = byDate(a, b) <= 0 ? [a, b] : [b, a];
  const overlap = overlapCoefficient(a.terms, b.terms);
  const cause = causeRelation(a.cause, b.cause);
  const count = countRelation(a.affected, b.affected);
  const sharedData = overlapCoefficient(a.dataTypes, b.dataTypes);
  // The same body rarely has two different breaches reported within days of each other.
  const proximity = gapDays <= 7 ? 0.2 : gapDays <= 21 ? 0.1 : 0;
  const attacks = ATTACKS.has(a.cause ?? '') && ATTACKS.has(b.cause ?? '');
  const aftermath = attacks && gapDays <= AFTERMATH_DAYS ? 0.2 : 0;
  // A regulator's action is the typical late follow-up.
  const regulator = followUp && (a.regulatorAction === null) !== (b.regulatorAction === null) ? 0.1 : 0;
  // More than a year later, a report about the same event says which year it happened in.
  const recalled = recallsYear(earlier, later) ? 0.2 : gapDays > STALE_DAYS ? -0.35 : 0;
  const score =
    0.6 * overlap +
    { same: 0.15, compatible: 0.1, conflict: -0.3, unknown: 0 }[cause] +
    0.15 * sharedData +
    { same: 0.3, close: 0.15, clash: -0.3, unknown: 0 }[count] +
    proximity +
    aftermath +
    regulator +
    recalled;
  if (score < (followUp ? options.followUpThreshold : options.threshold)) return null;
  const why =
    `same organisation, ${Math.round(gapDays)} day(s) apart${followUp ? ' (a follow-up)' : ''}, ` +
    `${Math.round(overlap * 100)}% shared terms${cause === 'same' ? ', same cause' : ''}${count === 'same' ? ', same count' : ''}` +
    `${recalled > 0 ? `, the later report recalls ${earlier.published.slice(0, 4)}` : ''}`;
  return { score, why };
}

/** An incident keeps at most this many articles' evidence (and lists as many sources); it counts the rest. */
export const MAX_EVIDENCE = 50;
/** An incident's history keeps its first entry and the latest ones, this many in all. */
export const MAX_HISTORY = 50;

/** The history with entries appended, bounded: the first entry (its creation) and the latest ones. */
export function appendHistory(
  history: readonly IncidentHistoryEntry[] | undefined,
  ...entries: IncidentHistoryEntry[]
): IncidentHistoryEntry[] {
  const all = [...(history ?? []), ...entries];
  return all.length <= MAX_HISTORY ? all : [all[0] as IncidentHistoryEntry, ...all.slice(all.length - MAX_HISTORY + 1)];
}

/**
 * The incident's facts and sources, rebuilt from its evidence (order-independent). Beyond
 * MAX_EVIDENCE articles, the first report and the latest ones are kept and the rest counted in
 * `moreSources` (added to the count the incident already had).
 */
export function withEvidence(incident: Incident, evidence: readonly ArticleEvidence[]): Incident {
  const all = [...evidence].sort(byDate);
  const sorted = all.length <= MAX_EVIDENCE ? all : [all[0] as ArticleEvidence, ...all.slice(all.length - MAX_EVIDENCE + 1)];
  const more = (incident.moreSources ?? 0) + all.length - sorted.length;
  const { moreSources: _counted, ...rest } = incident;
  const facts = factsOf(sorted);
  return {
    ...rest,
    ...(more > 0 ? { moreSources: more } : {}),
    organisation: facts.organisation,
    otherOrganisations: facts.otherOrganisations,
    supplier: facts.supplier,
    sector: facts.sector,
    affected: facts.affected,
    affectedReported: facts.affectedReported,
    dataTypes: facts.dataTypes,
    cause: facts.cause,
    regulatorAction: facts.regulatorAction,
    reasons: facts.reasons,
    score: facts.score,
    terms: [...new Set(sorted.flatMap((e) => e.terms))].slice(0, 80),
    articles: sorted.map((e) => ({ url: e.url, title: e.title, outlet: e.outlet, published: e.published })),
    firstSeen: facts.firstSeen,
    lastSeen: facts.lastSeen,
    evidence: sorted,
  };
}

/** `evidence`: the article's, when the caller has it already (assignIncident): it is made once per article. */
export function newIncident(article: Article, classification: Classification, evidence = evidenceOf(article, classification)): Incident {
  const base: Incident = {
    id: `bw-${shortHash(evidence.key)}`,
    organisation: evidence.organisation,
    otherOrganisations: [],
    supplier: null,
    sector: null,
    affected: null,
    dataTypes: [],
    cause: null,
    regulatorAction: null,
    reasons: [],
    terms: [],
    articles: [],
    firstSeen: evidence.published,
    lastSeen: evidence.published,
    status: 'open',
    history: [{ at: evidence.published, kind: 'created', source: refOf(evidence), changes: [] }],
  };
  return withEvidence(base, [evidence]);
}

const refOf = (e: ArticleEvidence): ArticleRef => ({ url: e.url, title: e.title, outlet: e.outlet, published: e.published });

export interface Assignment {
  incident: Incident;
  created: boolean;
  /** Incidents this article showed to be the same one: they are folded into `incident`. */
  absorbed: Incident[];
  /** Human-readable changes of facts; empty when only the sources list grew. */
  factChanges: string[];
  source: ArticleRef;
  why: string;
  /** The same story was already part of the incident (e.g. carried by two feeds): nothing to post. */
  duplicate: boolean;
}

const feedOf = (key: string): string => key.slice(0, Math.max(0, key.indexOf('\u0000')));
const titleKey = (title: string): string => nfkc(title).toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The same story: the same item or link, or the same title from the same feed within the clustering
 * window (a feed that changes an item's GUID and link on every poll adds no new source).
 */
function sameStory(a: ArticleEvidence, b: ArticleEvidence, options: ClusterOptions): boolean {
  if (a.key === b.key || (a.url !== null && a.url === b.url)) return true;
  const feed = feedOf(a.key);
  return (
    feed !== '' &&
    feed === feedOf(b.key) &&
    titleKey(a.title) !== '' &&
    titleKey(a.title) === titleKey(b.title) &&
    Math.abs(Date.parse(a.published) - Date.parse(b.published)) <= options.windowDays * DAY_MS
  );
}

/** Puts the article in the incident it links to (folding together any it links to several of), or a new one. */
export function assignIncident(
  candidates: readonly Incident[],
  article: Article,
  classification: Classification,
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): Assignment {
  const evidence = evidenceOf(article, classification);
  const source = refOf(evidence);
  const already = candidates.find((c) => (c.evidence ?? []).some((e) => sameStory(e, evidence, options)));
  if (already) return { incident: already, created: false, absorbed: [], factChanges: [], source, why: 'the same article, already recorded', duplicate: true };

  const linked: Array<{ incident: Incident; link: Link }> = [];
  for (const incident of candidates) {
    if (incident.status === 'merged' || (incident.excludedKeys ?? []).includes(evidence.key)) continue;
    const best = (incident.evidence ?? [])
      .map((member) => linkArticles(evidence, member, options))
      .filter((l): l is Link => l !== null)
      .sort((x, y) => y.score - x.score)[0];
    if (best) linked.push({ incident, link: best });
  }
  if (linked.length === 0) {
    const incident = newIncident(article, classification, evidence);
    return { incident, created: true, absorbed: [], factChanges: [], source, why: 'no matching incident', duplicate: false };
  }

  // The oldest linked incident survives (its alert was posted first); others fold into it unless an
  // admin split them apart.
  linked.sort((x, y) => compareText(x.incident.firstSeen, y.incident.firstSeen) || compareText(x.incident.id, y.incident.id));
  const survivor = (linked[0] as { incident: Incident; link: Link }).incident;
  const absorbed = linked.slice(1).map((l) => l.incident).filter((other) => !conflicts(survivor, other));
  const evidenceAll = [...(survivor.evidence ?? []), ...absorbed.flatMap((a) => a.evidence ?? []), evidence];
  const merged = withEvidence(
    {
      ...survivor,
      status: absorbed.some((a) => a.status === 'open') ? 'open' : survivor.status,
      moreSources: [survivor, ...absorbed].reduce((sum, i) => sum + (i.moreSources ?? 0), 0),
      mergedFrom: [...(survivor.mergedFrom ?? []), ...absorbed.flatMap((a) => [a.id, ...(a.mergedFrom ?? [])])],
      excludedKeys: [...new Set([...(survivor.excludedKeys ?? []), ...absorbed.flatMap((a) => a.excludedKeys ?? [])])],
    },
    evidenceAll,
  );
  const factChanges = [
    ...describeFactChanges(factsOf(survivor.evidence ?? [evidence]), factsOf(merged.evidence ?? [])),
    ...absorbed.map((a) => `Reports of incident ${a.id} (${a.articles.length} source(s)) are about the same breach and were merged in`),
  ];
  const entry: IncidentHistoryEntry = { at: evidence.published, kind: absorbed.length > 0 ? 'merged' : factChanges.length > 0 ? 'facts' : 'source', source, changes: factChanges };
  return {
    incident: { ...merged, history: appendHistory(survivor.history, entry) },
    created: false,
    absorbed,
    factChanges,
    source,
    why: (linked[0] as { link: Link }).link.why,
    duplicate: false,
  };
}

/** True when an admin split an article of one incident away from the other. */
function conflicts(a: Incident, b: Incident): boolean {
  const aKeys = new Set((a.evidence ?? []).map((e) => e.key));
  const bKeys = new Set((b.evidence ?? []).map((e) => e.key));
  return (a.excludedKeys ?? []).some((k) => bKeys.has(k)) || (b.excludedKeys ?? []).some((k) => aKeys.has(k));
}
