// Test wiring for the Discord adapter: the fake API and gateway, the real adapter with a capturing
// logger, and the real command core over an in-memory SQLite store.
import { createDiscordAdapter } from '../../adapters/discord/discord-app.ts';
import type { DiscordAdapter } from '../../adapters/discord/discord-app.ts';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { PlatformProxy } from '../../src/http/platform-proxy.ts';
import type { Incident } from '../../src/domain/types.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Logger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification, makeIncident, T0 } from '../contract/store-fixtures.ts';
import { startFakeDiscord } from './fake-discord-api.ts';
import type { FakeDiscord } from './fake-discord-api.ts';

export interface DiscordHarness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  store: Store;
  /** Every line the adapter logged (no secrets redaction applied: the adapter must not log them). */
  logs: string[];
  log: Logger;
  replies: CommandReply[];
  close(): Promise<void>;
}


export function commandDeps(store: Store, now: () => Date = () => new Date(T0)): CommandDeps {
  return {
    store,
    now,
    configFeeds: [],
    checkFeedUrl: () => ({ ok: true }),
    fetchArticles: async () => ({ feedTitle: 'Test feed', articles: [] }),
    classify: () => makeClassification(),
  };
}

/** Stores one incident (with its article) so that recent/show/autocomplete have something to find. */
export async function seedIncident(store: Store, overrides: Partial<Incident> = {}): Promise<Incident> {
  const incident = makeIncident(overrides);
  const article = makeArticle({ key: incident.id, url: incident.articles[0]?.url ?? null, title: incident.articles[0]?.title ?? 'Title' });
  await store.commitArticle({ article, classification: makeClassification({ organisation: incident.organisation }), incident, outbox: [] });
  return incident;
}

export async function startDiscordHarness(
  options: { guildIds?: string[]; deferAfterMs?: number; fake?: FakeDiscord; store?: Store; slowHandlerMs?: number; proxy?: PlatformProxy } = {},
): Promise<DiscordHarness> {
  const fake = options.fake ?? (await startFakeDiscord());
  const store = options.store ?? openSqliteStore(':memory:');
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', format: 'json', write: (line) => logs.push(line) });
  const replies: CommandReply[] = [];
  const deps = commandDeps(store);
  const adapter = createDiscordAdapter(
    {
      token: fake.token,
      applicationId: fake.applicationId,
      guildIds: options.guildIds ?? [fake.guildId],
      apiUrl: fake.apiUrl,
      defaultChannel: null, publicKey: null, interactionsPort: 0,
    },
    {
      storeId: await store.storeId(),
      handleCommand: async (command, ctx) => {
        if (options.slowHandlerMs) await new Promise((resolve) => setTimeout(resolve, options.slowHandlerMs));
        const reply = await handleCommand(command, ctx, deps);
        replies.push(reply);
        return reply;
      },
      completeIncidentIds: async (prefix) => {
        const incidents = await store.recentIncidents({ limit: 50 });
        return incidents.filter((i) => i.id.startsWith(prefix)).map((i) => ({ id: i.id, label: i.organisation }));
      },
      log,
      readyTimeoutMs: 10_000,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    },
  );
  await adapter.start();
  return {
    fake,
    adapter,
    store,
    logs,
    log,
    replies,
    close: async () => {
      await adapter.stop();
      await fake.close();
      await store.close();
    },
  };
}
