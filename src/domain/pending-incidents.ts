// What a feed's articles decided and not yet written, as the store would answer it once written: so that a
// feed's new articles can be written in ONE transaction at its end (issue 21 point 3) while a later article
// of the feed still finds the incident and alerts an earlier one made or changed. Pure.
import type { NewOutboxEntry } from './delivery.ts';
import type { Incident } from './types.ts';

/** The decided, unwritten commits, as far as incident lookups care. */
export interface PendingChanges {
  /** Each incident as the latest pending commit leaves it. */
  incidents: ReadonlyMap<string, Incident>;
  /** Incidents folded into another by a pending commit: gone once written. */
  absorbed: ReadonlySet<string>;
  outbox: readonly NewOutboxEntry[];
}

type PendingCommit = { incident: Incident | null; absorbed?: readonly string[]; outbox: readonly NewOutboxEntry[] };

/** PendingChanges that grow as commits are decided (addPendingChange), rather than made again from all of them. */
export interface GrowingPendingChanges extends PendingChanges {
  incidents: Map<string, Incident>;
  absorbed: Set<string>;
  outbox: NewOutboxEntry[];
}

export function emptyPendingChanges(): GrowingPendingChanges {
  return { incidents: new Map(), absorbed: new Set(), outbox: [] };
}

/** Folds one more commit into `changes`: the same as pendingChanges of the commits before it and this one. */
export function addPendingChange(changes: GrowingPendingChanges, commit: PendingCommit): void {
  if (commit.incident !== null) changes.incidents.set(commit.incident.id, commit.incident);
  for (const id of commit.absorbed ?? []) {
    changes.absorbed.add(id);
    changes.incidents.delete(id);
  }
  changes.outbox.push(...commit.outbox);
}

export function pendingChanges(commits: readonly PendingCommit[]): PendingChanges {
  const changes = emptyPendingChanges();
  for (const commit of commits) addPendingChange(changes, commit);
  return changes;
}

const time = (iso: string): number => Date.parse(iso);

/**
 * `findIncidents` with the pending changes written: the stored answer without incidents a pending commit
 * changed or folded away, plus the pending incidents that match (an organisation among `organisations`,
 * last seen since `since`, open or not a breach), in the store's order (last seen, newest first, then id).
 */
export function withPendingIncidents(
  stored: readonly Incident[],
  pending: PendingChanges,
  query: { organisations: readonly string[]; since: string },
): Incident[] {
  if (pending.incidents.size === 0 && pending.absorbed.size === 0) return [...stored];
  const names = new Set(query.organisations);
  const since = time(query.since);
  const matches = (incident: Incident): boolean =>
    (incident.status === 'open' || incident.status === 'not_breach') &&
    time(incident.lastSeen) >= since &&
    [incident.organisation, ...incident.otherOrganisations].some((name) => names.has(name));
  const kept = stored.filter((incident) => !pending.absorbed.has(incident.id) && !pending.incidents.has(incident.id));
  const added = [...pending.incidents.values()].filter(matches);
  return [...kept, ...added].sort((a, b) => time(b.lastSeen) - time(a.lastSeen) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `alertDestinations` with the pending changes written: stored destinations and pending alerts' ones, sorted. */
export function withPendingAlerts(stored: readonly string[], pending: PendingChanges, incidentId: string): string[] {
  const pendingAlerts = pending.outbox.filter((e) => e.kind === 'alert' && e.incidentId === incidentId).map((e) => e.destination);
  return [...new Set([...stored, ...pendingAlerts])].sort();
}
