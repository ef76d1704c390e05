// Issue 16 point 4: two processes with the same BREACHWATCH_INSTANCE_ID on one store. The second
// refuses to start (exit non-zero, names the variable to set) instead of polling and posting too;
// after the first is killed, a restart with the same id starts at once (its holder is provably dead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { killAll, killHard, startBot, writeBotConfig } from '../chaos/bot-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bw-same-'));
afterAll(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

const exitWithin = (exited: Promise<number | null>, ms: number): Promise<number | null | 'still running'> =>
  Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);

it('refuses a second process with the same instance id, and lets a restart after a kill start at once', async () => {
  const configPath = path.join(dir, 'breachwatch.yaml');
  // A feed nobody answers: polling fails quietly, which is all this test needs.
  writeBotConfig(configPath, { dbPath: path.join(dir, 'bw.db'), feeds: [{ id: 'f', name: 'F', url: 'http://127.0.0.1:9/feed' }], tickCron: '* * * * * *' });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    BREACHWATCH_CONFIG: configPath,
    BREACHWATCH_INSTANCE_ID: 'same-id',
    LOG_FORMAT: 'json',
  };
  const first = startBot(env);
  await first.running();
  const second = startBot(env);
  const code = await exitWithin(second.exited, 15_000);
  expect(code).not.toBe('still running');
  expect(code).not.toBe(0);
  expect(second.output()).toMatch(/BREACHWATCH_INSTANCE_ID/);
  expect(second.output()).not.toContain('breachwatch is running');
  expect(first.child.exitCode).toBeNull();

  await killHard(first);
  const restarted = startBot(env);
  await restarted.running(10_000);
  await killHard(restarted);
}, 60_000);
