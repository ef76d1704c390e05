// Routing: which destinations want an incident, by sector, size and keywords.
import type { Incident, Sector } from '../domain/types.ts';

export interface RouteFilters {
  sectors?: readonly Sector[] | undefined;
  /** Regions of the breached body, as the gazetteer names them ("London", "North West", "Wales"…). */
  regions?: readonly string[] | undefined;
  minAffected?: number | undefined;
  /** The lowest classifier score (0.5-0.99) an incident needs; `npm run eval` shows what each buys. */
  minScore?: number | undefined;
  keywords?: readonly string[] | undefined;
}

export interface Route {
  sink: string;
  channel?: string | undefined;
  filters?: RouteFilters | undefined;
}

/** "console", "slack:C0123", "discord:98765": the key the outbox and delivery records use. */
export function destinationKey(route: Pick<Route, 'sink' | 'channel'>): string {
  return route.channel ? `${route.sink}:${route.channel}` : route.sink;
}

export function parseDestinationKey(key: string): { sink: string; channel: string | null } {
  const at = key.indexOf(':');
  return at === -1 ? { sink: key, channel: null } : { sink: key.slice(0, at), channel: key.slice(at + 1) };
}

export function routeMatches(incident: Incident, filters: RouteFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.sectors && filters.sectors.length > 0 && (incident.sector === null || !filters.sectors.includes(incident.sector))) {
    return false;
  }
  if (filters.regions && filters.regions.length > 0) {
    const region = incident.region?.toLowerCase();
    if (!region || !filters.regions.some((r) => r.toLowerCase() === region)) return false;
  }
  if (filters.minAffected !== undefined && (incident.affected === null || incident.affected < filters.minAffected)) return false;
  // An incident from before scores were kept (score absent or null) is not held back.
  if (filters.minScore !== undefined && typeof incident.score === 'number' && incident.score < filters.minScore) return false;
  if (filters.keywords && filters.keywords.length > 0) {
    const haystack = [incident.organisation, ...incident.otherOrganisations, ...incident.articles.map((a) => a.title), ...incident.dataTypes]
      .join(' ')
      .toLowerCase();
    if (!filters.keywords.some((k) => haystack.includes(k.toLowerCase()))) return false;
  }
  return true;
}

/** Destination keys for an incident; a destination listed twice gets one message. */
export function destinationsFor(incident: Incident, routes: readonly Route[]): string[] {
  return [...new Set(routes.filter((r) => routeMatches(incident, r.filters)).map(destinationKey))];
}
