// Which routes are live: the config file's destinations plus routes added from chat, limited to the
// platforms that are connected, with each platform's default channel when nothing else routes to it.
import type { StoredRoute } from '../store/ports.ts';
import type { Route } from './route.ts';

export interface ConnectedSink {
  name: string;
  /** Where alerts go on this platform when no route names a channel (SLACK_DEFAULT_CHANNEL …). */
  defaultChannel: string | null;
  /** Whether the sink needs a channel (Slack, Discord) or not (console). */
  needsChannel: boolean;
  /**
   * The workspaces or servers this platform serves (Discord: DISCORD_GUILD_IDS). When set, a route added
   * from chat is used only if it was added from one of them; one stored before scopes is paused.
   */
  servedWorkspaces?: readonly string[];
}

export interface ActiveRoutes {
  routes: Route[];
  /** Sentences for the log: routes that cannot be used, and why. */
  warnings: string[];
}

export function activeRoutes(input: {
  configDestinations: readonly Route[];
  storedRoutes: readonly StoredRoute[];
  connected: readonly ConnectedSink[];
  dryRun: boolean;
}): ActiveRoutes {
  if (input.dryRun) return { routes: [{ sink: 'console' }], warnings: ['DRY_RUN is on: every alert goes to the console only.'] };
  const byName = new Map(input.connected.map((s) => [s.name, s]));
  const warnings: string[] = [];
  const routes: Route[] = [];
  const served = input.storedRoutes.filter((route) => {
    const scopes = byName.get(route.sink)?.servedWorkspaces;
    if (!scopes || (route.workspaceId !== null && scopes.includes(route.workspaceId))) return true;
    const origin = route.workspaceId === null ? 'before routes belonged to a server' : `from server ${route.workspaceId}, which is not served`;
    const what = `Route ${route.id} (${route.sink} channel ${route.channel ?? 'default'})`;
    warnings.push(`${what} was added ${origin}: it is paused. Add it again from a served server, then remove it.`);
    return false;
  });
  for (const route of [...input.configDestinations, ...served]) {
    const sink = byName.get(route.sink);
    if (!sink) {
      warnings.push(`A route sends alerts to ${route.sink}, which is not connected: set its token to use it.`);
      continue;
    }
    const channel = route.channel ?? sink.defaultChannel ?? undefined;
    if (sink.needsChannel && !channel) {
      warnings.push(`A ${route.sink} route names no channel and ${route.sink} has no default channel: add a channel to the route.`);
      continue;
    }
    routes.push({ sink: route.sink, channel: sink.needsChannel ? channel : undefined, filters: route.filters });
  }
  for (const sink of input.connected) {
    if (sink.needsChannel && sink.defaultChannel && !routes.some((r) => r.sink === sink.name)) {
      routes.push({ sink: sink.name, channel: sink.defaultChannel });
    }
  }
  if (routes.length === 0) {
    warnings.push('No route can be used: alerts go to the console.');
    routes.push({ sink: 'console' });
  }
  return { routes, warnings };
}
