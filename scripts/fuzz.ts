// `npm run fuzz`: the fuzz properties of test/fuzz/properties.ts with many cases each (issue 8 point 6).
// Usage: node scripts/fuzz.ts [--runs N] [--seed S] [--only feeds|render|replies|commands]
// Prints cases and time per property; exits 1 with fast-check's counterexample when one fails.
import { parseArgs } from 'node:util';
import { loadSeedFeeds } from '../test/fuzz/feed-arbitraries.ts';
import { fuzzTargets, type FuzzOutcome } from '../test/fuzz/properties.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' }, only: { type: 'string' } },
});
const numRuns = Number(values.runs);
if (!Number.isInteger(numRuns) || numRuns < 1) {
  process.stderr.write(`--runs must be a whole number, e.g. --runs 10000 (got "${values.runs}")\n`);
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(values.seed);

const seeds = await loadSeedFeeds();
process.stdout.write(`fuzz: ${numRuns} cases per property, seed ${seed}, ${seeds.length} seed feeds\n`);
const outcomes: FuzzOutcome[] = [];
for (const target of fuzzTargets(seeds).filter((t) => values.only === undefined || t.key === values.only)) {
  const run = await target.run({ numRuns, seed });
  outcomes.push(run);
  const rate = run.runs / Math.max(run.ms / 1000, 0.001);
  process.stdout.write(`${run.failed ? 'FAIL' : 'ok  '} ${run.name.padEnd(9)} ${String(run.runs).padStart(6)} cases  ${(run.ms / 1000).toFixed(1).padStart(6)} s  (${Math.round(rate)}/s)  ${target.name}\n`);
  if (run.failed) process.stdout.write(`${run.report}\n`);
}
const total = outcomes.reduce((sum, o) => sum + o.runs, 0);
const ms = outcomes.reduce((sum, o) => sum + o.ms, 0);
const failed = outcomes.filter((o) => o.failed);
process.stdout.write(`fuzz: ${total} cases in ${(ms / 1000).toFixed(1)} s, ${failed.length} failing propert${failed.length === 1 ? 'y' : 'ies'}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
