// A short run of the chaos harness (npm run chaos runs the long one): the real bot, SIGKILLed 5 times
// at random moments and restarted, alerts each incident once per platform and applies each update once.
import { afterAll, expect, it } from 'vitest';
import { killAll } from './bot-process.ts';
import { formatChaosResult, runChaos } from './chaos-run.ts';

afterAll(async () => {
  await killAll();
});

it('loses and doubles nothing when the bot is killed with SIGKILL 5 times', async () => {
  const result = await runChaos({ seed: 8, kills: 5, incidents: 6, rounds: 5 });
  const report = formatChaosResult(result);
  expect(result.kills, report).toBe(5);
  expect(result.slack.problems, report).toEqual([]);
  expect(result.discord.problems, report).toEqual([]);
  expect(result.missingArticles, report).toEqual([]);
  expect(result.ok, report).toBe(true);
}, 180_000);
