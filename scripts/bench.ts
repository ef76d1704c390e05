// `npm run bench`: articles classified per second on one core (this thread only), over the corpus.
// Warm-up first, then at least 5 s of measurement; the mixed corpus and its true alerts separately.
import { loadGazetteer } from '../src/config/load-gazetteer.ts';
import { classify } from '../src/domain/classify/index.ts';
import type { ArticleText } from '../src/domain/types.ts';
import { loadCorpus, loadSeeds, toText } from './eval-lib.ts';

const TARGET = 2000;
const MEASURE_MS = 5000;
const gazetteer = loadGazetteer();
const corpus = loadCorpus();
const seeds = (loadSeeds() ?? []).map((s) => s.text);
const all: ArticleText[] = [...corpus.map(toText), ...seeds];
const alerts: ArticleText[] = [...corpus.filter((a) => a.labels.alert).map(toText), ...seeds];

function rate(name: string, articles: readonly ArticleText[]): number {
  for (let i = 0; i < articles.length * 3; i++) classify(articles[i % articles.length] as ArticleText, gazetteer); // warm-up
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (const a of articles) classify(a, gazetteer);
    n += articles.length;
    elapsed = performance.now() - started;
  }
  const perSecond = n / (elapsed / 1000);
  const chars = articles.reduce((sum, a) => sum + a.title.length + a.summary.length + (a.content?.length ?? 0), 0) / articles.length;
  console.log(`${name.padEnd(28)} ${Math.round(perSecond).toString().padStart(6)} articles/s  ${(1000 / perSecond).toFixed(3)} ms/article  (${articles.length} articles, mean ${Math.round(chars)} chars, ${n} classified in ${(elapsed / 1000).toFixed(1)} s)`);
  return perSecond;
}

console.log(`classify() on one core, Node ${process.version}`);
const mixed = rate('corpus (all articles)', all);
const heavy = rate('alert-heavy (true alerts)', alerts);
const long = seeds.length > 0 ? rate('seeds (real, 3-4 KB each)', seeds) : Infinity;
const ok = Math.min(mixed, heavy, long) >= TARGET;
console.log(`${ok ? 'ok' : 'MISS'}: target ${TARGET} articles/s on each`);
process.exitCode = ok ? 0 : 1;
