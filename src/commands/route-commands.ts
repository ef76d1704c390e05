// Admin commands for routes: which channel gets which incidents.
import { shortHash } from '../domain/text.ts';
import type { StoredRoute } from '../store/ports.ts';
import { errorReply, type CommandDeps } from './deps.ts';
import type { Command, CommandContext, CommandReply } from './types.ts';

type RouteCommand = Extract<Command, { kind: 'route_add' | 'route_remove' | 'route_list' }>;

export function describeRoute(route: Pick<StoredRoute, 'sink' | 'channel' | 'filters'>): string {
  const parts: string[] = [];
  if (route.filters.sectors?.length) parts.push(`sectors ${route.filters.sectors.join(', ')}`);
  if (route.filters.regions?.length) parts.push(`regions ${route.filters.regions.join(', ')}`);
  if (route.filters.minAffected !== undefined) parts.push(`at least ${route.filters.minAffected.toLocaleString('en-GB')} people`);
  if (route.filters.keywords?.length) parts.push(`keywords ${route.filters.keywords.join(', ')}`);
  const where = route.channel ? `${route.sink} channel ${route.channel}` : route.sink;
  return `${where}: ${parts.length > 0 ? parts.join('; ') : 'every incident'}`;
}

export async function routeCommands(command: RouteCommand, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  switch (command.kind) {
    case 'route_add': {
      const channel = command.channel || ctx.channelId;
      if (!channel) return errorReply('Which channel? Name it (route add #channel …) or run the command in that channel.');
      const addedAt = deps.now().toISOString();
      const route: StoredRoute = {
        id: `r-${shortHash(`${ctx.platform}:${channel}:${JSON.stringify(command.filters)}:${addedAt}`).slice(0, 6)}`,
        sink: ctx.platform,
        channel,
        filters: command.filters,
        addedBy: ctx.userId,
        addedAt,
      };
      await deps.store.addRoute(route);
      deps.onRegistryChanged?.();
      return { visibility: 'ephemeral', title: `Added route ${route.id}`, blocks: [{ kind: 'text', text: `New incidents go to ${describeRoute(route)}.` }] };
    }
    case 'route_remove': {
      if (!(await deps.store.removeRoute(command.routeId))) return errorReply(`No route "${command.routeId}". See /breach route list.`);
      deps.onRegistryChanged?.();
      return { visibility: 'ephemeral', title: `Removed route ${command.routeId}`, blocks: [{ kind: 'text', text: 'Alerts already posted stay where they are.' }] };
    }
    case 'route_list': {
      const routes = await deps.store.listRoutes();
      const items = routes.map((r) => `${r.id}: ${describeRoute(r)}`);
      return {
        visibility: 'ephemeral',
        title: `${routes.length} route(s) added from chat`,
        blocks: [{ kind: 'list', items: items.length > 0 ? items : ['None yet. Routes in config/breachwatch.yaml (alerts.destinations) also apply.'] }],
      };
    }
  }
}
