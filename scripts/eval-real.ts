// `npm run eval`, second part: the classifier on the real-derived corpus (issue 17), as feeds carry it.
// The test split is printed as aggregates only (never its titles or misses); the tune split's misses are
// listed with their reasons. `--blind` prints aggregates only for every item (a new batch, scored before
// anything is tuned on it). Exits 1 when a target of issue 17 point 7 is missed on the test split.
import { existsSync } from 'node:fs';
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import type { ArticleText } from '../src/domain/types.ts';
import { FIELDS } from './eval-lib.ts';
import { REAL_PATH, REAL_TARGETS, accuracy, loadRealCorpus, rates, realSplit, realText, scoreReal } from './real-corpus.ts';
import type { RealItem, RealMode, RealScore } from './real-corpus.ts';

const blind = process.argv.includes('--blind');
const pct = (x: number): string => x.toFixed(3);
const header = (text: string): void => console.log(`\n${text}\n${'-'.repeat(text.length)}`);

if (!existsSync(REAL_PATH)) {
  console.log(`\nReal-derived corpus missing at ${REAL_PATH}: not scored.`);
  process.exit(0);
}

const recogniser = loadRecogniser(process.env['BREACHWATCH_NO_VETO'] ? { veto: false } : {});
const gazetteer = recogniser.gazetteer;
const run = (t: ArticleText) => recogniser.classify(t);
const names = {
  isGazetteerName: (name: string): boolean => gazetteer.byName(name)?.name === name,
  namedIn: (text: string): ReadonlySet<string> => new Set(gazetteer.find(text).map((m) => m.entry.name)),
};
const items = loadRealCorpus();
const test = items.filter((i) => blind || realSplit(i.story) === 'test');
const tune = blind ? [] : items.filter((i) => realSplit(i.story) === 'tune');
const stories = (xs: readonly RealItem[]): number => new Set(xs.map((i) => i.story)).size;

header(`Real-derived corpus: ${items.length} items from ${stories(items)} stories — ${REAL_PATH}`);
console.log(`  ${blind ? 'blind batch: every item scored as unseen' : 'test split'}: ${test.length} items, ${stories(test)} stories, ` +
  `${test.filter((i) => i.labels.alert).length} alerts (aggregates only); tune split: ${tune.length} items`);

const scores = new Map<string, RealScore>();
for (const mode of ['full', 'headline'] as const) {
  for (const [name, set] of [['test', test], ['tune', tune]] as const) scores.set(`${mode}/${name}`, scoreReal(set, mode, run, names));
}
const get = (mode: RealMode, split: 'test' | 'tune'): RealScore => scores.get(`${mode}/${split}`) as RealScore;
const line = (s: RealScore): string => {
  const r = rates(s.counts);
  const c = s.counts;
  return `precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}, tn ${c.tn})`;
};

header('Alert decision');
for (const mode of ['full', 'headline'] as const) {
  const label = mode === 'full' ? 'headline + lead' : 'headline only';
  console.log(`  ${label.padEnd(16)} test  ${line(get(mode, 'test'))}`);
  if (!blind) console.log(`  ${''.padEnd(16)} tune  ${line(get(mode, 'tune'))}`);
}

header('Fields on true alerts, headline + lead (test / tune)');
for (const f of FIELDS) {
  const cell = (s: RealScore): string => `${pct(accuracy(s, f))} (${s.fields[f].correct}/${s.fields[f].total})`;
  console.log(`  ${f.padEnd(16)} ${cell(get('full', 'test'))}  ${blind ? '' : cell(get('full', 'tune'))}`);
}

header('Recall by how the body is named (test, headline + lead / headline only)');
for (const naming of ['formal', 'informal', 'role', 'acronym', 'supplier', 'none'] as const) {
  const alerts = test.filter((i) => i.labels.alert && i.naming === naming);
  if (alerts.length === 0) continue;
  const found = (mode: RealMode): number => alerts.filter((i) => run(realText(i, mode)).alert).length;
  console.log(`  ${naming.padEnd(9)} ${found('full')}/${alerts.length}  ${found('headline')}/${alerts.length}`);
}

header('Score calibration (test, headline + lead): of the items scored in each band, how many are alerts');
for (const b of get('full', 'test').bands) {
  if (b.items === 0) continue;
  console.log(`  score >= ${b.from.toFixed(1)}  ${String(b.items).padStart(4)} items  ${String(b.alerts).padStart(4)} alerts (${pct(b.alerts / b.items)})  ${b.raised} raised`);
}

if (!blind) {
  header(`Tune-split misses, headline + lead (${get('full', 'tune').misses.length})`);
  for (const m of get('full', 'tune').misses) {
    console.log(`  ${m.item.id} [${m.item.naming}] "${m.item.title}"\n    ${m.why}\n${m.got.reasons.map((r) => `      ${r}`).join('\n')}`);
  }
}

header('Targets (issue 17 point 7, test split)');
const full = rates(get('full', 'test').counts);
const head = rates(get('headline', 'test').counts);
const checks: Array<[string, number, number]> = [
  ['full precision', full.precision, REAL_TARGETS.full.precision],
  ['full recall', full.recall, REAL_TARGETS.full.recall],
  ['organisation', accuracy(get('full', 'test'), 'organisation'), REAL_TARGETS.full.organisation],
  ['sector', accuracy(get('full', 'test'), 'sector'), REAL_TARGETS.full.sector],
  ['affected exact', accuracy(get('full', 'test'), 'affected'), REAL_TARGETS.full.affected],
  ['headline prec.', head.precision, REAL_TARGETS.headline.precision],
  ['headline recall', head.recall, REAL_TARGETS.headline.recall],
];
let missed = false;
for (const [name, value, target] of checks) {
  if (value < target) missed = true;
  console.log(`  ${value >= target ? 'ok  ' : 'MISS'} ${name.padEnd(16)} ${pct(value)} (target ${target})`);
}
process.exitCode = missed ? 1 : 0;
