// `npm run soak [-- --minutes 60 --feeds 500 --out FILE]`: the real bot (console sink, jemalloc preloaded as in
// the Docker image) polls a loopback farm of 500 feeds (peer fixtures and generated news feeds, ETag/304)
// every minute; each minute 5% of the generated feeds get a new item. Its RSS (VmRSS) is sampled every 5 s.
// Prints the working set (median RSS after the first quarter, the warm-up) and its growth (median of the
// last quarter against the second, and as a rate per hour), ok/MISS against <= 250 MiB and flat (growth
// <= 5% of the working set). Writes the samples as JSON (default data/soak.json).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JEMALLOC, median, rssMiB, runBot, sleep, tempDir } from './bench-lib/bot-memory.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, feeds: { type: 'string', default: '500' }, out: { type: 'string' } } });
const MINUTES = Number(values.minutes);
const FEEDS = Number(values.feeds);
const OUT = values.out ?? path.join(ROOT, 'data', 'soak.json');
const SAMPLE_MS = 5_000;
const NEW_ITEMS_EVERY_MS = 60_000;
const NEW_SHARE = 0.05;
const TARGET_MIB = 250;
const FLAT = 0.05;
if (!(MINUTES > 0) || !Number.isInteger(FEEDS) || FEEDS < 1) {
  process.stderr.write('usage: npm run soak -- [--minutes N] [--feeds N] [--out FILE]\n');
  process.exit(2);
}

const dir = tempDir('bw-soak-');
const bot = await runBot({ feeds: FEEDS, env: { LD_PRELOAD: JEMALLOC }, dir });
const stop = async (): Promise<void> => {
  await bot.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void stop().then(() => process.exit(130)));
console.log(`soak: ${FEEDS} feeds, ${MINUTES} min, jemalloc; the bot (pid ${bot.pid}) polled every feed once`);

const samples: Array<{ at: number; rssMiB: number; requests: number; notModified: number }> = [];
const started = Date.now();
let nextNews = started + NEW_ITEMS_EVERY_MS;
while (Date.now() - started < MINUTES * 60_000) {
  await sleep(SAMPLE_MS);
  if (bot.bot.child.exitCode !== null) throw new Error(`the bot exited during the soak:\n${bot.bot.output().slice(-2000)}`);
  if (Date.now() >= nextNews) {
    bot.farm.advance(NEW_SHARE);
    nextNews += NEW_ITEMS_EVERY_MS;
  }
  const sample = { at: (Date.now() - started) / 1000, rssMiB: rssMiB(bot.pid), ...bot.farm.stats() };
  samples.push(sample);
  if (samples.length % 12 === 0) console.log(`  ${(sample.at / 60).toFixed(1)} min: RSS ${sample.rssMiB.toFixed(0)} MiB, ${sample.requests} requests (${sample.notModified} 304)`);
}
await stop();

const quarter = (q: number): number[] => samples.filter((s) => s.at >= (MINUTES * 60 * q) / 4 && s.at < (MINUTES * 60 * (q + 1)) / 4).map((s) => s.rssMiB);
const workingSet = median(samples.filter((s) => s.at >= (MINUTES * 60) / 4).map((s) => s.rssMiB));
const second = median(quarter(1));
const last = median(quarter(3));
const growth = (last - second) / second;
const perHour = ((last - second) / ((MINUTES / 2) * 60)) * 3600;
const ok = { size: workingSet <= TARGET_MIB, flat: growth <= FLAT };
console.log(`working set (median RSS after the first quarter): ${workingSet.toFixed(0)} MiB ${ok.size ? 'ok' : 'MISS'}: target <= ${TARGET_MIB} MiB`);
console.log(
  `growth: last quarter ${last.toFixed(0)} MiB vs second quarter ${second.toFixed(0)} MiB = ${(growth * 100).toFixed(1)}% ` +
    `(${perHour.toFixed(1)} MiB/hour) ${ok.flat ? 'ok' : 'MISS'}: flat means <= ${FLAT * 100}%`,
);
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify({ node: process.version, feeds: FEEDS, minutes: MINUTES, allocator: 'jemalloc', workingSet, second, last, growth, perHour, samples }, null, 2)}\n`);
console.log(`written: ${OUT}`);
process.exitCode = ok.size && ok.flat ? 0 : 1;
