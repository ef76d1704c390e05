// Admin corrections of the machine's grouping: merge two incidents, split an article out of one,
// mark one as not a breach (or reopen it). Pure: they return the incidents as they should be stored.
import { appendHistory, withEvidence } from './cluster.ts';
import { shortHash } from './text.ts';
import type { ArticleEvidence, Incident, IncidentHistoryEntry } from './types.ts';

const note = (at: string, kind: IncidentHistoryEntry['kind'], by: string, changes: string[]): IncidentHistoryEntry => ({ at, kind, source: null, changes, by });

/**
 * `from` folds into `into`: all its articles, its history note, and its id as an alias. Its articles
 * are marked as folded in: `into` keeps its own facts unless they add to them, and a split of one
 * of them restores `from` (splitArticle).
 */
export function mergeIncidents(into: Incident, from: Incident, by: string, at: string): Incident {
  // An article that came from `into` in an earlier merge is home again: it counts as its own.
  const folded = (from.evidence ?? []).map(({ foldedFrom, ...e }) => (foldedFrom === into.id ? e : { ...e, foldedFrom: foldedFrom ?? from.id }));
  const evidence = [...(into.evidence ?? []), ...folded];
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

/** The article by its link, or by its number in the incident's sources list (1 = first). */
export function findArticle(incident: Incident, which: string): ArticleEvidence | undefined {
  const evidence = incident.evidence ?? [];
  return evidence[/^\d+$/.test(which) ? Number(which) - 1 : evidence.findIndex((e) => e.url === which)];
}

/**
 * Splits the article out (findArticle). An article an admin merge folded in goes back to the incident
 * it came from, under that id, so its alert there is restored rather than posted again: `home` is that
 * incident when it has been split out before and lives on (the article joins it), else null (it is
 * made again from the article). Any other article becomes a new incident. Returns null when there is
 * no such article, or when it is the incident's only article.
 */
export function splitArticle(incident: Incident, which: string, by: string, at: string, home: Incident | null = null): Split | null {
  const evidence = incident.evidence ?? [];
  const article = findArticle(incident, which);
  if (article === undefined || evidence.length < 2) return null;
  const rest = evidence.filter((e) => e.key !== article.key);
  const remaining = withEvidence({ ...incident, excludedKeys: [...new Set([...(incident.excludedKeys ?? []), article.key])] }, rest);
  const { foldedFrom, ...own } = article;
  const splitNote = note(at, 'split', by, [`An admin split this report out of incident ${incident.id}`]);
  const created = home
    ? withEvidence({ ...home, history: appendHistory(home.history, splitNote) }, [...(home.evidence ?? []), own])
    : withEvidence(
        {
          ...incident,
          id: foldedFrom !== undefined && foldedFrom !== incident.id ? foldedFrom : `bw-${shortHash(`split\u0000${article.key}`)}`,
          status: 'open',
          moreSources: 0,
          mergedFrom: [],
          excludedKeys: rest.map((e) => e.key),
          history: [splitNote],
        },
        [own],
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
