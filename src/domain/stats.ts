// Numbers about incidents, for `/breach stats`.
import type { Incident, Sector } from './types.ts';
import { compareText } from './text-order.ts';

export interface IncidentStats {
  incidents: number;
  articles: number;
  /** People affected, summed over incidents that state a count. */
  affected: number;
  bySector: Array<{ sector: Sector | null; incidents: number }>;
  topOrganisations: Array<{ organisation: string; incidents: number }>;
}

/** How many organisations `/breach stats` lists. */
export const TOP_ORGANISATIONS = 5;

/** Most first; a tie in the order of the key's text (String(null) for no sector). */
export function byCountThenName<K>(a: readonly [K, number], b: readonly [K, number]): number {
  return b[1] - a[1] || compareText(String(a[0]), String(b[0]));
}

/**
 * A summary of a set of incidents for `/breach stats`: the reference a store's aggregate query must agree
 * with (the SQLite store counts in SQL and orders with byCountThenName).
 */
export function summariseIncidents(incidents: readonly Incident[]): IncidentStats {
  const bySector = new Map<Sector | null, number>();
  const byOrg = new Map<string, number>();
  let affected = 0;
  let articles = 0;
  for (const incident of incidents) {
    bySector.set(incident.sector, (bySector.get(incident.sector) ?? 0) + 1);
    byOrg.set(incident.organisation, (byOrg.get(incident.organisation) ?? 0) + 1);
    affected += incident.affected ?? 0;
    articles += incident.articles.length;
  }
  const sortDesc = <K>(m: Map<K, number>) => [...m.entries()].sort(byCountThenName);
  return {
    incidents: incidents.length,
    articles,
    affected,
    bySector: sortDesc(bySector).map(([sector, count]) => ({ sector, incidents: count })),
    topOrganisations: sortDesc(byOrg)
      .slice(0, TOP_ORGANISATIONS)
      .map(([organisation, count]) => ({ organisation, incidents: count })),
  };
}
