// npm run chaos [-- --seed N --kills N --incidents N]: the crash-safety harness (test/chaos/chaos-run.ts).
// Kills the real bot with SIGKILL at random moments, restarts it, and checks that every incident was
// alerted exactly once on Slack and on Discord and every update applied once. Exits 1 on any loss or
// duplicate; the seed is printed so that a failing schedule can be run again.
import { parseArgs } from 'node:util';
import { killAll } from '../test/chaos/bot-process.ts';
import { formatChaosResult, runChaos } from '../test/chaos/chaos-run.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, kills: { type: 'string', default: '50' }, incidents: { type: 'string', default: '16' }, rounds: { type: 'string', default: '10' } },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const kills = Number(values.kills);
if (!Number.isInteger(seed) || !Number.isInteger(kills) || kills < 1) {
  process.stderr.write('usage: npm run chaos -- [--seed N] [--kills N] [--incidents N] [--rounds N]\n');
  process.exit(2);
}
process.stdout.write(`chaos: seed ${seed} (re-run with: npm run chaos -- --seed ${seed} --kills ${kills})\n`);
const stop = (): void => {
  void killAll().then(() => process.exit(130));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  const result = await runChaos({ seed, kills, incidents: Number(values.incidents), rounds: Number(values.rounds), log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${formatChaosResult(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  await killAll();
  process.stderr.write(`chaos: the harness failed (seed ${seed}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
