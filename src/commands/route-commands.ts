// Admin commands for routes: which channel gets which incidents. A route belongs to the Slack workspace
// or Discord server it was added from; admins see and remove only their own (docs/adr/009-chat-scope.md).
import { shortHash } from '../domain/text.ts';
import type { StoredRoute } from '../store/ports.ts';
import { errorReply, type CommandDeps } from './deps.ts';
import type { Command, CommandContext, CommandReply } from './types.ts';
import { formatCount } from '../domain/text-order.ts';

type RouteCommand = Extract<Command, { kind: 'route_add' | 'route_remove' | 'route_list' }>;

/** What a channel id looks like on each platform: a route can only point at its own platform's channels. */
const CHANNEL_SHAPES: Record<CommandContext['platform'], { pattern: RegExp; name: string }> = {
  slack: { pattern: /^[A-Z][A-Z0-9]{1,30}$/, name: 'a Slack channel' },
  discord: { pattern: /^\d{5,25}$/, name: 'a Discord channel' },
  console: { pattern: /^$/, name: 'a channel' },
};

export function describeRoute(route: Pick<StoredRoute, 'sink' | 'channel' | 'filters'>): string {
  const parts: string[] = [];
  if (route.filters.sectors?.length) parts.push(`sectors ${route.filters.sectors.join(', ')}`);
  if (route.filters.regions?.length) parts.push(`regions ${route.filters.regions.join(', ')}`);
  if (route.filters.minAffected !== undefined) parts.push(`at least ${formatCount(route.filters.minAffected)} people`);
  if (route.filters.minScore !== undefined) parts.push(`score at least ${route.filters.minScore}`);
  if (route.filters.keywords?.length) parts.push(`keywords ${route.filters.keywords.join(', ')}`);
  const where = route.channel ? `${route.sink} channel ${route.channel}` : route.sink;
  return `${where}: ${parts.length > 0 ? parts.join('; ') : 'every incident'}`;
}

/**
 * Whether an admin may see and remove a route: it was added on their platform, from their workspace or
 * server, or before routes recorded one (those are shown to every admin of their platform to clean up).
 */
export function routeInScope(route: Pick<StoredRoute, 'sink' | 'workspaceId'>, ctx: CommandContext): boolean {
  return route.sink === ctx.platform && (route.workspaceId === null || route.workspaceId === ctx.workspaceId);
}

/** Routes stored before scopes: Discord ones may have been added by a stranger, so they are paused. */
function legacyNote(route: Pick<StoredRoute, 'sink' | 'workspaceId'>): string {
  if (route.workspaceId !== null) return '';
  return route.sink === 'discord'
    ? ' (from before routes belonged to a server: paused; add it again here, then remove this one)'
    : ' (from before routes belonged to a workspace)';
}

export async function routeCommands(command: RouteCommand, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  switch (command.kind) {
    case 'route_add': {
      if (!ctx.workspaceId) {
        return errorReply('Routes are added from a channel of your Slack workspace or Discord server, not from a direct message.');
      }
      const channel = command.channel || ctx.channelId;
      if (!channel) return errorReply('Which channel? Name it (route add #channel …) or run the command in that channel.');
      const shape = CHANNEL_SHAPES[ctx.platform];
      if (!shape.pattern.test(channel)) {
        return errorReply(`"${channel}" is not ${shape.name}: pick a channel of this ${ctx.platform === 'slack' ? 'workspace' : 'server'}.`);
      }
      const addedAt = deps.now().toISOString();
      const route: StoredRoute = {
        id: `r-${shortHash(`${ctx.platform}:${ctx.workspaceId}:${channel}:${JSON.stringify(command.filters)}:${addedAt}`).slice(0, 6)}`,
        sink: ctx.platform,
        channel,
        filters: command.filters,
        addedBy: ctx.userId,
        addedAt,
        workspaceId: ctx.workspaceId,
      };
      await deps.store.addRoute(route);
      deps.onRegistryChanged?.();
      return { visibility: 'ephemeral', title: `Added route ${route.id}`, blocks: [{ kind: 'text', text: `New incidents go to ${describeRoute(route)}.` }] };
    }
    case 'route_remove': {
      // Another scope's route is "not found": its id, channel and filters are not this admin's business.
      const route = (await deps.store.listRoutes()).find((r) => r.id === command.routeId && routeInScope(r, ctx));
      if (!route || !(await deps.store.removeRoute(route.id))) return errorReply(`No route "${command.routeId}" here. See /breach route list.`);
      deps.onRegistryChanged?.();
      return { visibility: 'ephemeral', title: `Removed route ${command.routeId}`, blocks: [{ kind: 'text', text: 'Alerts already posted stay where they are.' }] };
    }
    case 'route_list': {
      const routes = (await deps.store.listRoutes()).filter((r) => routeInScope(r, ctx));
      const items = routes.map((r) => `${r.id}: ${describeRoute(r)}${legacyNote(r)}`);
      return {
        visibility: 'ephemeral',
        title: `${routes.length} route(s) added from chat here`,
        blocks: [{ kind: 'list', items: items.length > 0 ? items : ['None yet. Routes in config/breachwatch.yaml (alerts.destinations) also apply.'] }],
      };
    }
  }
}
