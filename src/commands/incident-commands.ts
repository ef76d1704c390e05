// Admin corrections of incidents. Each one is stored in one transaction with the updates it causes
// to alerts already posted, so it survives restarts and the channel sees the correction.
import { destinationsFor, type Route } from '../alerts/route.ts';
import { findArticle, mergeIncidents, setNotBreach, splitArticle } from '../domain/corrections.ts';
import { compactIncident, type NewOutboxEntry } from '../domain/delivery.ts';
import type { Incident } from '../domain/types.ts';
import { errorReply, type CommandDeps } from './deps.ts';
import type { Command, CommandContext, CommandReply } from './types.ts';

type IncidentCommand = Extract<Command, { kind: 'incident_merge' | 'incident_split' | 'incident_not_breach' }>;

function updates(incident: Incident, note: string, routes: readonly Route[], incidentId = incident.id): NewOutboxEntry[] {
  return destinationsFor(incident, routes).map((destination) => ({
    incidentId,
    destination,
    kind: 'update' as const,
    payload: { kind: 'update' as const, incident: compactIncident(incident), factChanges: [note], source: null },
  }));
}

/**
 * The split-out incident's messages: where it already has an alert (an incident a merge folded in,
 * restored by the split) that alert is edited back to its own facts, with no new post; elsewhere an alert.
 */
function alertsOrRestores(incident: Incident, routes: readonly Route[], alerted: ReadonlySet<string>): NewOutboxEntry[] {
  return destinationsFor(incident, routes).map((destination) => {
    const kind = alerted.has(destination) ? ('update' as const) : ('alert' as const);
    return { incidentId: incident.id, destination, kind, payload: { kind, incident: compactIncident(incident), factChanges: [], source: null } };
  });
}

const done = (title: string, text: string): CommandReply => ({ visibility: 'ephemeral', title, blocks: [{ kind: 'text', text }] });
const notFound = (id: string): CommandReply => errorReply(`No incident "${id}". Incident ids look like bw-0q2ft4d0dm: see /breach recent.`);

export async function incidentCommands(command: IncidentCommand, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  const at = deps.now().toISOString();
  // Incidents are shared by every served workspace and server, so a correction is recorded with where it came from.
  const by = ctx.workspaceId ? `${ctx.platform}:${ctx.workspaceId}:${ctx.userId}` : `${ctx.platform}:${ctx.userId}`;
  const routes = deps.routes?.() ?? [];
  switch (command.kind) {
    case 'incident_merge': {
      const into = await deps.store.getIncident(command.intoId);
      const from = await deps.store.getIncident(command.fromId);
      if (!into) return notFound(command.intoId);
      if (!from) return notFound(command.fromId);
      if (into.id === from.id) return errorReply(`${command.intoId} and ${command.fromId} are already one incident.`);
      const merged = mergeIncidents(into, from, by, at);
      await deps.store.applyCorrection({
        upsert: [merged],
        absorbed: [{ from: from.id, into: merged.id }],
        moveArticles: [],
        outbox: [
          ...updates(merged, `An admin merged incident ${from.id} into this one`, routes),
          ...updates(merged, `An admin merged this into incident ${merged.id}: further updates go there`, routes, from.id),
        ],
        at,
      });
      return done(`Merged ${from.id} into ${merged.id}`, `${merged.id} now has ${merged.articles.length} source(s); its alerts were updated.`);
    }
    case 'incident_split': {
      const incident = await deps.store.getIncident(command.incidentId);
      if (!incident) return notFound(command.incidentId);
      // An article a merge folded in goes home: to its incident if that lives on, else it is made again.
      const homeId = findArticle(incident, command.article)?.foldedFrom;
      const found = homeId ? await deps.store.getIncident(homeId) : null;
      const home = found && found.id === homeId && found.id !== incident.id ? found : null;
      const result = splitArticle(incident, command.article, by, at, home);
      if (!result) {
        return errorReply(`I can't split "${command.article}" out of ${incident.id}: give the link or number (1–${incident.articles.length}) of one of its sources, and it needs two or more.`);
      }
      const [feedId = '', itemKey = ''] = result.article.key.split('\u0000');
      await deps.store.applyCorrection({
        upsert: [result.remaining, result.split],
        absorbed: [],
        moveArticles: [{ feedId, itemKey, incidentId: result.split.id }],
        outbox: [
          ...updates(result.remaining, `An admin split "${result.article.title}" out into incident ${result.split.id}`, routes),
          ...alertsOrRestores(result.split, routes, new Set(await deps.store.alertDestinations(result.split.id))),
        ],
        at,
      });
      return done(`Split into ${result.split.id}`, `"${result.article.title}" is now incident ${result.split.id}; it will not be merged back automatically.`);
    }
    case 'incident_not_breach': {
      const incident = await deps.store.getIncident(command.incidentId);
      if (!incident) return notFound(command.incidentId);
      const next = setNotBreach(incident, command.notBreach, by, at);
      const note = command.notBreach ? 'An admin marked this as not a data breach' : 'An admin reopened this incident';
      await deps.store.applyCorrection({ upsert: [next], absorbed: [], moveArticles: [], outbox: updates(next, note, routes), at });
      return done(
        command.notBreach ? `${incident.id} marked not a breach` : `${incident.id} reopened`,
        command.notBreach ? 'Its alerts say so now; later reports about it are recorded quietly.' : 'It is listed again and later reports update it.',
      );
    }
  }
}
