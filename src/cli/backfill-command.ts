// `breachwatch backfill --days N`: posts, once, the incidents of the past N days that were stored
// without posting (a feed's first poll, alerts older than maxArticleAgeDays when they came in). It
// queues their alerts in the store's outbox for the routes in force; the running bot (or the next
// `breachwatch start`) sends them. A destination that already has an incident's alert gets nothing.
import { activeRoutes, type ConnectedSink } from '../alerts/active-routes.ts';
import { destinationsFor, type Route } from '../alerts/route.ts';
import { loadConfig, type AppConfig } from '../config/load-config.ts';
import { describeBacklog, type BacklogStatus } from '../domain/backlog.ts';
import { compactIncident, type NewOutboxEntry } from '../domain/delivery.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { Store } from '../store/ports.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';

export const BACKFILL_USAGE = `breachwatch backfill --days N — post, once, the incidents of the past N days that were recorded
without posting (a feed's first poll). Their alerts are queued in the store; the running bot, or the next
\`breachwatch start\`, sends them. An incident already posted to a destination is not posted there again.`;

const MAX_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Incidents read at most: a backfill is for a first hour's catch-up, not a history export. */
const MAX_INCIDENTS = 10_000;

/** Reads `--days N` (also `--days=N`); throws an InputInvalid error that says what to type. */
export function parseBackfillArgs(args: readonly string[]): { days: number } | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  let days: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--days') days = args[++i];
    else if (arg.startsWith('--days=')) days = arg.slice('--days='.length);
    else throw new BreachwatchError(ErrorCode.InputInvalid, `backfill does not take "${arg}". Usage: breachwatch backfill --days N`);
  }
  const n = days === undefined ? NaN : Number(days);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
    throw new BreachwatchError(ErrorCode.InputInvalid, `backfill needs a whole number of days from 1 to ${MAX_DAYS}. Usage: breachwatch backfill --days N`);
  }
  return { days: n };
}

/** The sinks the configured tokens would connect (never with DRY_RUN), for routing without connecting. */
export function configuredSinks(config: Pick<AppConfig, 'slack' | 'discord' | 'dryRun'>): ConnectedSink[] {
  const sinks: ConnectedSink[] = [{ name: 'console', defaultChannel: null, needsChannel: false }];
  if (config.dryRun) return sinks;
  if (config.slack) sinks.push({ name: 'slack', defaultChannel: config.slack.defaultChannel, needsChannel: true });
  if (config.discord) {
    sinks.push({ name: 'discord', defaultChannel: config.discord.defaultChannel, needsChannel: true, servedWorkspaces: config.discord.guildIds });
  }
  return sinks;
}

export interface BackfillResult {
  /** Incidents of the period that got at least one alert queued. */
  incidents: number;
  /** Alerts queued (one per incident and destination). */
  queued: number;
  /** Incidents of the period already posted everywhere they are routed. */
  alreadyPosted: number;
}

/** Queues the alerts; `routes` as the running bot computes them (routesFor). */
export async function backfill(days: number, deps: { store: Store; routes: readonly Route[]; now: Date }): Promise<BackfillResult> {
  const since = new Date(deps.now.getTime() - days * DAY_MS).toISOString();
  const incidents = await deps.store.recentIncidents({ limit: MAX_INCIDENTS, since });
  const entries: NewOutboxEntry[] = [];
  const result: BackfillResult = { incidents: 0, queued: 0, alreadyPosted: 0 };
  // Oldest first, so the channel reads in the order the stories broke.
  for (const incident of incidents.reverse()) {
    const alerted = new Set(await deps.store.alertDestinations(incident.id));
    const missing = destinationsFor(incident, deps.routes).filter((d) => !alerted.has(d));
    if (missing.length === 0) {
      result.alreadyPosted += 1;
      continue;
    }
    const payload = { kind: 'alert' as const, incident: compactIncident(incident), factChanges: [], source: null };
    for (const destination of missing) entries.push({ incidentId: incident.id, destination, kind: 'alert', payload });
    result.incidents += 1;
  }
  await deps.store.enqueue(entries, deps.now.toISOString());
  result.queued = entries.length;
  return result;
}

/** The routes the bot would use with this config and store (config destinations and chat-added routes). */
export async function routesFor(config: Pick<AppConfig, 'slack' | 'discord' | 'dryRun' | 'alerts'>, store: Store): Promise<Route[]> {
  const active = activeRoutes({
    configDestinations: config.alerts.destinations,
    storedRoutes: await store.listRoutes(),
    connected: configuredSinks(config),
    dryRun: config.dryRun,
  });
  return active.routes;
}

export function describeBackfill(days: number, result: BackfillResult, backlog: BacklogStatus | null = null): string {
  // Past items still waiting to be recorded (docs/adr/024-first-poll-backlog.md) have no incident yet.
  const waiting = backlog ? describeBacklog(backlog) : null;
  const later = waiting ? ` ${waiting} by the bot: incidents among them are not included yet; run backfill again once they are.` : '';
  if (result.queued === 0) {
    const posted = result.alreadyPosted > 0 ? ` (${result.alreadyPosted} already posted)` : '';
    return `Nothing to post: no incident of the past ${days} day(s) is waiting${posted}.${later}`;
  }
  return (
    `Queued ${result.queued} alert(s) for ${result.incidents} incident(s) of the past ${days} day(s)` +
    `${result.alreadyPosted > 0 ? `; ${result.alreadyPosted} already posted were left alone` : ''}. ` +
    `The running bot sends them within a minute; if it is not running, \`breachwatch start\` sends them.${later}`
  );
}

/** The command: reads the config and store as `start` does, queues, prints one line. Returns the exit code. */
export async function runBackfillCommand(
  args: readonly string[],
  io: { env: NodeJS.ProcessEnv; cwd: string; defaultConfig: string; out: NodeJS.WritableStream },
): Promise<number> {
  const parsed = parseBackfillArgs(args);
  if (parsed === 'help') {
    io.out.write(`${BACKFILL_USAGE}\n`);
    return 0;
  }
  const config = loadConfig(io.env, io.cwd, io.defaultConfig);
  const store = openSqliteStore(config.store.path);
  try {
    const result = await backfill(parsed.days, { store, routes: await routesFor(config, store), now: new Date() });
    io.out.write(`${describeBackfill(parsed.days, result, await store.backlogStatus())}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
