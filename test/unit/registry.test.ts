// The registry warns when there is nothing to poll (issue 18 point 5: an empty config must not run
// silently), and suggests a chat command only where a chat platform is connected.
import { describe, expect, it } from 'vitest';
import type { ConnectedSink } from '../../src/alerts/active-routes.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createRegistry } from '../../src/pipeline/registry.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const CONSOLE: ConnectedSink = { name: 'console', defaultChannel: null, needsChannel: false };
const SLACK: ConnectedSink = { name: 'slack', defaultChannel: 'C1', needsChannel: true };
const FEED = { id: 'ico', name: 'ICO', url: 'https://ico.example/rss', intervalMinutes: 60 };

async function warnings(configFeeds: (typeof FEED)[], connected: ConnectedSink[]): Promise<string[]> {
  const store = openSqliteStore(':memory:');
  const lines: Array<{ level: string; event: string; message: string }> = [];
  const log = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(JSON.parse(line)) });
  await createRegistry({ configFeeds, configDestinations: [], defaultIntervalMinutes: 15, dryRun: false }, store, connected, log);
  await store.close();
  return lines.filter((l) => l.event === 'config:no-feeds' && l.level === 'warn').map((l) => l.message);
}

describe('createRegistry', () => {
  it('warns when no feed is configured, with the fix that fits the sinks in use', async () => {
    const consoleOnly = await warnings([], [CONSOLE]);
    expect(consoleOnly).toHaveLength(1);
    expect(consoleOnly[0]).toMatch(/^No feeds to poll: .*Add feeds under "feeds:" in the config file/);
    expect(consoleOnly[0]).not.toMatch(/\/breach /);
    expect((await warnings([], [CONSOLE, SLACK]))[0]).toMatch(/or add one from chat with \/breach feed add\.$/);
    expect(await warnings([FEED], [CONSOLE])).toEqual([]);
  });
});
