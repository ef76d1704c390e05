// `node scripts/bench-ab.ts <other checkout> [seeds|corpus]`: is this checkout's classify() faster than
// another's? On a shared host whose speed swings by 40% from minute to minute, two `npm run bench` runs
// cannot tell a 10% change; this loads both checkouts' classifiers into one process and times them in
// alternating 60 ms rounds, so both see the same host. Prints the median and the 90th-percentile ratio of
// this checkout's rate to the other's (above 1: this one is faster). Make the other checkout with
// `git worktree add /tmp/before <commit>` (it needs its own node_modules link: `ln -s $PWD/node_modules /tmp/before/`).
// FLUSH_MB=32 writes through that many MB between articles (untimed), so every article starts with cold
// caches, the last level included: this host's slow spells (a long page at about half speed) lie between
// that and warm caches, and a change that helps with warm caches can hurt with cold ones.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as GazetteerModule from '../src/config/load-gazetteer.ts';
import type * as VetoModule from '../src/config/load-veto.ts';
import type * as RecogniserModule from '../src/config/load-recogniser.ts';
import type { ArticleText, Classification } from '../src/domain/types.ts';
import { loadCorpus, loadSeeds, toText } from './eval-lib.ts';

type Classifier = (article: ArticleText) => Classification;

const ROUND_MS = 60;
const PAIRS = 200;

async function load(root: string): Promise<Classifier> {
  const at = (file: string): string => path.resolve(root, file);
  if (existsSync(at('src/config/load-recogniser.ts'))) {
    const { loadRecogniser } = (await import(at('src/config/load-recogniser.ts'))) as typeof RecogniserModule;
    const recogniser = loadRecogniser({ gazetteer: at('config/gazetteer.json'), knowledge: at('config/knowledge'), veto: at('config/veto-model.json') });
    return recogniser.classify;
  }
  // A checkout from before the recogniser (classify(text, gazetteer, veto)).
  const { loadGazetteer } = (await import(at('src/config/load-gazetteer.ts'))) as typeof GazetteerModule;
  const { loadVetoModel } = (await import(at('src/config/load-veto.ts'))) as typeof VetoModule;
  const { classify } = (await import(at('src/domain/classify/index.ts'))) as { classify: (...args: unknown[]) => Classification };
  const gazetteer = loadGazetteer(at('config/gazetteer.json'));
  const veto = loadVetoModel(at('config/veto-model.json'));
  return (article) => classify(article, gazetteer, veto);
}

/** Written through between articles when FLUSH_MB is set, to evict the caches. */
const FLUSH = new Int32Array((Number(process.env.FLUSH_MB ?? 0) * 1024 * 1024) / 4);
function round(classify: Classifier, articles: readonly ArticleText[]): number {
  let n = 0;
  let spent = 0;
  const started = performance.now();
  while (performance.now() - started < ROUND_MS) {
    for (const a of articles) {
      for (let i = 0; i < FLUSH.length; i += 16) FLUSH[i] = (FLUSH[i] ?? 0) + 1;
      const t0 = performance.now();
      classify(a);
      spent += performance.now() - t0;
    }
    n += articles.length;
  }
  return n / (spent / 1000);
}

const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] ?? 0;

const [other, set = 'seeds'] = process.argv.slice(2);
if (!other) {
  console.error('usage: node scripts/bench-ab.ts <other checkout> [seeds|corpus]');
  process.exit(2);
}
const articles = set === 'corpus' ? loadCorpus().map(toText) : (loadSeeds() ?? []).map((s) => s.text);
const before = await load(path.resolve(other));
const now = await load(path.resolve(import.meta.dirname, '..'));
// Warm up on every article first, as a running bot (and `npm run bench`) would have: code that has seen
// only the seeds is faster on them than code that has seen the whole corpus.
for (const a of [...loadCorpus().map(toText), ...articles]) {
  before(a);
  now(a);
}
for (let i = 0; i < 20; i++) {
  round(before, articles);
  round(now, articles);
}
const ratios: number[] = [];
const rates: [number[], number[]] = [[], []];
for (let i = 0; i < PAIRS; i++) {
  // Alternate which goes first, so neither always runs right after the other.
  let b: number;
  let n: number;
  if (i % 2 === 0) {
    b = round(before, articles);
    n = round(now, articles);
  } else {
    n = round(now, articles);
    b = round(before, articles);
  }
  rates[0].push(b);
  rates[1].push(n);
  ratios.push(n / b);
}
const fmt = (x: number): string => Math.round(x).toLocaleString('en-GB');
console.log(`${set}: other ${fmt(quantile(rates[0], 0.5))}/s, this ${fmt(quantile(rates[1], 0.5))}/s (medians of ${PAIRS} rounds of ${ROUND_MS} ms; ratio ${(quantile(rates[1], 0.5) / quantile(rates[0], 0.5)).toFixed(3)})`);
console.log(`ratio this/other per pair of rounds: median ${quantile(ratios, 0.5).toFixed(3)} (middle half ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)}); 90th percentiles ${(quantile(rates[1], 0.9) / quantile(rates[0], 0.9)).toFixed(3)}`);
