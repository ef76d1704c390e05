// Admin corrections of the machine's grouping: merge two incidents, split an article out of one,
// mark one as not a breach (or reopen it). Pure: they return the incidents as they should be stored.
import { appendHistory, withEvidence } from './cluster.ts';
import { shortHash } from './text.ts';
import type { ArticleEvidence, Incident, IncidentHistoryEntry } from './types.ts';

const note = (at: string, kind: IncidentHistoryEntry['kind'], by: string, changes: string[]): IncidentHistoryEntry => ({ at, kind, source: null, changes, by });

/** `from` folds into `into`: all its articles, its history note, and its id as an alias. */
export function mergeIncidents(into: Incident, from: Incident, by: string, at: string): Incident {
  const evidence = [...(into.evidence ?? []), ...(from.evidence ?? [])];
  const merged = withEvidence(
    {
      ...into,
      status: into.status === 'not_breach' && from.status === 'open' ? 'open' : into.status,
      moreSources: (into.moreSources ?? 0) + (from.moreSources ?? 0),
      mergedFrom: [...new Set([...(into.mergedFrom ?? []), from.id, ...(from.mergedFrom ?? [])])],
      excludedKeys: (into.excludedKeys ?? []).filter((k) => !(from.evidence ?? []).some((e) => e.key === k)),
    },
    evidence,
  );
  return { ...merged, history: appendHistory(into.history, note(at, 'merged', by, [`An admin merged incident ${from.id} into this one`])) };
}

export interface Split {
  remaining: Incident;
  split: Incident;
  article: ArticleEvidence;
}

/**
 * Finds the article by its link, or by its number in the incident's sources list (1 = first).
 * Returns null when there is no such article, or when it is the incident's only article.
 */
export function splitArticle(incident: Incident, which: string, by: string, at: string): Split | null {
  const evidence = incident.evidence ?? [];
  const index = /^\d+$/.test(which) ? Number(which) - 1 : evidence.findIndex((e) => e.url === which);
  const article = evidence[index];
  if (article === undefined || evidence.length < 2) return null;
  const rest = evidence.filter((e) => e.key !== article.key);
  const remaining = withEvidence({ ...incident, excludedKeys: [...new Set([...(incident.excludedKeys ?? []), article.key])] }, rest);
  const created = withEvidence(
    {
      ...incident,
      id: `bw-${shortHash(`split\u0000${article.key}`)}`,
      status: 'open',
      moreSources: 0,
      mergedFrom: [],
      excludedKeys: rest.map((e) => e.key),
      history: [note(at, 'split', by, [`An admin split this report out of incident ${incident.id}`])],
    },
    [article],
  );
  return {
    remaining: {
      ...remaining,
      history: appendHistory(incident.history, note(at, 'split', by, [`An admin split "${article.title}" out into incident ${created.id}`])),
    },
    split: created,
    article,
  };
}

export function setNotBreach(incident: Incident, notBreach: boolean, by: string, at: string): Incident {
  return {
    ...incident,
    status: notBreach ? 'not_breach' : 'open',
    history: appendHistory(
      incident.history,
      note(at, notBreach ? 'not_breach' : 'reopened', by, [notBreach ? 'An admin marked this as not a data breach' : 'An admin reopened this incident']),
    ),
  };
}
