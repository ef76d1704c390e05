// The feeds and routes in force: the config file's plus those admins added from chat. Reloaded when
// a command changes them, so the running bot picks them up without a restart.
import { activeRoutes, type ConnectedSink } from '../alerts/active-routes.ts';
import type { Route } from '../alerts/route.ts';
import type { Logger } from '../log/logger.ts';
import { isSourceKind } from '../sources/source-kinds.ts';
import type { RegistryStore } from '../store/ports.ts';
import type { FeedSource } from './poll-feed.ts';

export interface RegistryInput {
  configFeeds: readonly FeedSource[];
  configDestinations: readonly Route[];
  defaultIntervalMinutes: number;
  dryRun: boolean;
}

export interface Registry {
  feeds(): readonly FeedSource[];
  routes(): readonly Route[];
  reload(): Promise<void>;
}

export async function createRegistry(input: RegistryInput, store: RegistryStore, connected: readonly ConnectedSink[], log: Logger): Promise<Registry> {
  let feeds: FeedSource[] = [...input.configFeeds];
  const inChat = !input.dryRun && connected.some((sink) => sink.needsChannel);
  let routes: Route[] = [{ sink: 'console' }];
  const reload = async (): Promise<void> => {
    const stored = await store.listFeeds();
    const configUrls = new Set(input.configFeeds.map((f) => f.url));
    feeds = [
      ...input.configFeeds,
      ...stored
        .filter((f) => f.enabled && !configUrls.has(f.url))
        .map((f) => ({
          id: f.id,
          name: f.name,
          url: f.url,
          intervalMinutes: f.intervalMinutes ?? input.defaultIntervalMinutes,
          kind: isSourceKind(f.kind) ? f.kind : ('auto' as const),
        })),
    ];
    const active = activeRoutes({ configDestinations: input.configDestinations, storedRoutes: await store.listRoutes(), connected, dryRun: input.dryRun });
    for (const warning of active.warnings) log.warn('config:route', warning);
    routes = active.routes;
    if (feeds.length === 0) {
      log.warn(
        'config:no-feeds',
        'No feeds to poll: breachwatch runs but will find nothing. Add feeds under "feeds:" in the config file ' +
          `(config/breachwatch.yaml lists the UK sources worth watching) and restart${inChat ? ', or add one from chat with /breach feed add' : ''}.`,
      );
    }
  };
  await reload();
  return { feeds: () => feeds, routes: () => routes, reload };
}
