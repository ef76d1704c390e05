// An incident's facts are a pure function of the SET of its articles' evidence, so the same articles
// give the same facts whatever order they arrived in. The rules (docs/adr/007-incidents.md):
// - people affected: a stated, exact figure ("394") beats a round estimate ("nearly 400"); among the
//   rest the latest report wins; every distinct figure is kept so conflicts are shown, not hidden;
// - data types and bodies: the union; cause: the most reported, ties to the more specific cause;
// - regulator action: the latest, ties to the more severe; supplier: the most named.
import type { ArticleEvidence, Cause, Sector } from './types.ts';
import { compareText, formatCount } from './text-order.ts';

export type { ArticleEvidence };

export interface IncidentFacts {
  organisation: string;
  otherOrganisations: string[];
  sector: Sector | null;
  supplier: string | null;
  affected: number | null;
  /** Every distinct figure reported, oldest report first. More than one means the reports conflict. */
  affectedReported: number[];
  dataTypes: string[];
  cause: Cause | null;
  regulatorAction: string | null;
  firstSeen: string;
  lastSeen: string;
  reasons: string[];
  /** The highest score of its articles, or null when none was recorded. */
  score: number | null;
}

const CAUSE_SPECIFICITY: readonly Cause[] = ['ransomware', 'supplier', 'insider', 'misconfiguration', 'loss_theft', 'human_error', 'cyber_attack'];
const ACTION_SEVERITY = [/fine/i, /enforcement notice/i, /reprimand/i, /investigat/i];

/** Oldest first, then by key: the canonical order every rule reads evidence in. */
export function byDate(a: ArticleEvidence, b: ArticleEvidence): number {
  return compareText(a.published, b.published) || compareText(a.key, b.key);
}

function mostCommon<T extends string>(values: readonly T[], rank: (value: T) => number): T | null {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | null = null;
  for (const [value, count] of counts) {
    const bestCount = best === null ? -1 : (counts.get(best) ?? 0);
    if (best === null || count > bestCount || (count === bestCount && (rank(value) < rank(best) || (rank(value) === rank(best) && value < best)))) {
      best = value;
    }
  }
  return best;
}

const isRound = (n: number): boolean => n >= 100 && n % 100 === 0;
const severity = (action: string): number => {
  const index = ACTION_SEVERITY.findIndex((re) => re.test(action));
  return index === -1 ? ACTION_SEVERITY.length : index;
};

/**
 * The facts of a set of articles. Articles an admin merge folded in (`foldedFrom`) only add to them:
 * the body, count, cause, regulator action and supplier are the kept incident's own articles' when
 * they say, and the folded-in articles' otherwise; data types, bodies and reported counts are the union.
 */
export function factsOf(evidence: readonly ArticleEvidence[]): IncidentFacts {
  const own = evidence.filter((e) => e.foldedFrom === undefined);
  const all = plainFactsOf(evidence);
  if (own.length === 0 || own.length === evidence.length) return all;
  const kept = plainFactsOf(own);
  const others = new Set([all.organisation, ...all.otherOrganisations]);
  others.delete(kept.organisation);
  return {
    ...all,
    organisation: kept.organisation,
    otherOrganisations: [...others].sort(),
    sector: kept.sector,
    supplier: kept.supplier ?? all.supplier,
    affected: kept.affected ?? all.affected,
    affectedReported: [...new Set([...kept.affectedReported, ...all.affectedReported])],
    cause: kept.cause ?? all.cause,
    regulatorAction: kept.regulatorAction ?? all.regulatorAction,
    reasons: kept.reasons,
  };
}

function plainFactsOf(evidence: readonly ArticleEvidence[]): IncidentFacts {
  const sorted = [...evidence].sort(byDate);
  const first = sorted[0];
  if (first === undefined) throw new RangeError('An incident needs at least one article.');
  const organisation = mostCommon(
    sorted.map((e) => e.organisation),
    (org) => sorted.findIndex((e) => e.organisation === org),
  ) as string;
  const sector = sorted.find((e) => e.organisation === organisation)?.sector ?? null;
  const others = new Set(sorted.flatMap((e) => [e.organisation, ...e.otherOrganisations]));
  others.delete(organisation);

  const counted = sorted.filter((e) => e.affected !== null);
  const exact = counted.filter((e) => !isRound(e.affected as number));
  const latest = [...(exact.length > 0 ? exact : counted)].sort(
    (a, b) => compareText(b.published, a.published) || (b.affected ?? 0) - (a.affected ?? 0),
  )[0];
  const affectedReported = [...new Set(counted.map((e) => e.affected as number))];

  const suppliers = sorted.map((e) => e.supplier).filter((s): s is string => s !== null);
  const named = suppliers.filter((s) => s !== 'unnamed supplier');
  const actions = sorted.filter((e) => e.regulatorAction !== null);
  const action = [...actions].sort((a, b) => compareText(b.published, a.published) || severity(a.regulatorAction ?? '') - severity(b.regulatorAction ?? ''))[0];

  return {
    organisation,
    otherOrganisations: [...others].sort(),
    sector,
    supplier: mostCommon(named.length > 0 ? named : suppliers, () => 0),
    affected: latest?.affected ?? null,
    affectedReported,
    dataTypes: [...new Set(sorted.flatMap((e) => e.dataTypes))].sort(),
    cause: mostCommon(
      sorted.map((e) => e.cause).filter((c): c is Cause => c !== null),
      (c) => CAUSE_SPECIFICITY.indexOf(c),
    ),
    regulatorAction: action?.regulatorAction ?? null,
    firstSeen: first.published,
    lastSeen: (sorted[sorted.length - 1] as ArticleEvidence).published,
    reasons: first.reasons,
    score: sorted.reduce<number | null>((best, e) => (e.score === undefined ? best : Math.max(best ?? 0, e.score)), null),
  };
}

const count = (n: number | null): string => (n === null ? 'unknown' : formatCount(n));

/** What changed between two versions of an incident's facts, in sentences for an update. */
export function describeFactChanges(before: IncidentFacts, after: IncidentFacts): string[] {
  const changes: string[] = [];
  if (before.affected !== after.affected) changes.push(`People affected: ${count(before.affected)} → ${count(after.affected)}`);
  if (after.affectedReported.length > 1 && after.affectedReported.join() !== before.affectedReported.join()) {
    changes.push(`Reports differ on the number affected: ${after.affectedReported.map(count).join(', ')}`);
  }
  const newData = after.dataTypes.filter((d) => !before.dataTypes.includes(d));
  if (newData.length > 0) changes.push(`Data exposed now includes: ${newData.join(', ')}`);
  if (before.cause !== after.cause) changes.push(`Cause: ${before.cause?.replace('_', ' ') ?? 'unknown'} → ${after.cause?.replace('_', ' ') ?? 'unknown'}`);
  if (before.regulatorAction !== after.regulatorAction) {
    changes.push(`Regulator action: ${before.regulatorAction ?? 'none known'} → ${after.regulatorAction ?? 'none known'}`);
  }
  if (before.supplier !== after.supplier && after.supplier !== null) changes.push(`Supplier: ${after.supplier}`);
  if (before.organisation !== after.organisation) changes.push(`Organisation: ${before.organisation} → ${after.organisation}`);
  const newOrgs = after.otherOrganisations.filter((o) => !before.otherOrganisations.includes(o) && o !== before.organisation);
  if (newOrgs.length > 0) changes.push(`Also involved: ${newOrgs.join(', ')}`);
  return changes;
}
