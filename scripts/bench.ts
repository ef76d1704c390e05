// `npm run bench`: articles classified per second on one core (this thread only), over the corpus.
// Warm-up first, then five rounds of at least 1 s each; the median round is the figure (the range is
// printed too: this machine is shared and a single run can be 30% off either way). The mixed corpus,
// its true alerts and the five real 3-4 KB seed pages separately.
import { loadGazetteer } from '../src/config/load-gazetteer.ts';
import { loadVetoModel } from '../src/config/load-veto.ts';
import { classify } from '../src/domain/classify/index.ts';
import type { ArticleText } from '../src/domain/types.ts';
import { loadCorpus, loadSeeds, toText } from './eval-lib.ts';

const TARGET = 2000;
const ROUND_MS = 1000;
const ROUNDS = 5;
const gazetteer = loadGazetteer();
const veto = loadVetoModel();
const corpus = loadCorpus();
const seeds = (loadSeeds() ?? []).map((s) => s.text);
const all: ArticleText[] = [...corpus.map(toText), ...seeds];
const alerts: ArticleText[] = [...corpus.filter((a) => a.labels.alert).map(toText), ...seeds];

function round(articles: readonly ArticleText[]): number {
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (const a of articles) classify(a, gazetteer, veto);
    n += articles.length;
    elapsed = performance.now() - started;
  }
  return n / (elapsed / 1000);
}

function rate(name: string, articles: readonly ArticleText[]): number {
  for (let i = 0; i < articles.length * 3; i++) classify(articles[i % articles.length] as ArticleText, gazetteer, veto); // warm-up
  const rounds = Array.from({ length: ROUNDS }, () => round(articles)).sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)] ?? 0;
  const chars = articles.reduce((sum, a) => sum + a.title.length + a.summary.length + (a.content?.length ?? 0), 0) / articles.length;
  const range = `${Math.round(rounds[0] ?? 0)}-${Math.round(rounds[ROUNDS - 1] ?? 0)}`;
  console.log(`${name.padEnd(28)} ${Math.round(median).toString().padStart(6)} articles/s  ${(1000 / median).toFixed(3)} ms/article  (median of ${ROUNDS} rounds, range ${range}; ${articles.length} articles, mean ${Math.round(chars)} chars)`);
  return median;
}

console.log(`classify() on one core, Node ${process.version}`);
const mixed = rate('corpus (all articles)', all);
const heavy = rate('alert-heavy (true alerts)', alerts);
const long = seeds.length > 0 ? rate('seeds (real, 3-4 KB each)', seeds) : Infinity;
const ok = Math.min(mixed, heavy, long) >= TARGET;
console.log(`${ok ? 'ok' : 'MISS'}: target ${TARGET} articles/s on each`);
process.exitCode = ok ? 0 : 1;
