// `npm run eval`: the real classifier over the labelled corpus and the five seeds. Prints precision,
// recall and F1 for the alert decision (all / tune / holdout), per-field accuracy over the true alerts,
// and every tune-split miss with the classifier's reasons. Exits 1 when a floor is missed.
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import type { ArticleText } from '../src/domain/types.ts';
import { CORPUS_PATH, FIELDS, SEEDS_DIR, TARGETS, evaluate, fieldValue, loadCorpus, loadSeeds, rates } from './eval-lib.ts';
import type { Field, Report, Result } from './eval-lib.ts';

// BREACHWATCH_NO_VETO=1 scores the rules alone, without the text model (docs/adr/005-classifier.md).
const noVeto = Boolean(process.env['BREACHWATCH_NO_VETO']);
const recogniser = loadRecogniser(noVeto ? { veto: false } : {});
const gazetteer = recogniser.gazetteer;
const run = (t: ArticleText) => recogniser.classify(t);
const corpus = loadCorpus();
const report = evaluate(corpus, run, (name) => gazetteer.byName(name)?.name === name);

const pct = (x: number): string => x.toFixed(3);
const FIELD_NOTES: Record<Field, string> = {
  organisation: 'primary body is the labelled one (or one of the labelled co-breached bodies)',
  sector: 'exact',
  affected: 'exact integer (null = not stated)',
  cause: 'exact',
  regulatorAction: 'exact after normalising fine amounts',
  dataTypes: 'Jaccard overlap >= 0.5',
};

function header(text: string): void {
  console.log(`\n${text}\n${'-'.repeat(text.length)}`);
}

function indent(lines: readonly string[]): string {
  return lines.map((l) => `      ${l}`).join('\n');
}

function describeMiss(r: Result, extra: string): string {
  const a = r.article;
  return `  ${a.id} [${a.split}] "${a.title}"\n    ${extra}\n    reasons:\n${indent(r.got.reasons)}`;
}

const alerts = corpus.filter((a) => a.labels.alert).length;
header(`Corpus: ${corpus.length} articles (${alerts} alerts, ${(100 * alerts / corpus.length).toFixed(0)}%), ${corpus.filter((a) => a.split === 'holdout').length} held out — ${CORPUS_PATH}`);
console.log(noVeto ? '  Rules alone (BREACHWATCH_NO_VETO)' : '  Rules with the veto model (config/veto-model.json; its tune figures are on its own training data)');

header('Alert decision');
for (const scope of ['all', 'tune', 'holdout'] as const) {
  const c = report.counts[scope];
  const r = rates(c);
  console.log(`  ${scope.padEnd(8)} precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}, tn ${c.tn})`);
}

header('Fields, accuracy over the true alerts (all / tune / holdout)');
for (const f of FIELDS) {
  const cell = (s: keyof Report['fields']): string => {
    const x = report.fields[s][f];
    return `${pct(x.total ? x.correct / x.total : 1)} (${x.correct}/${x.total})`;
  };
  console.log(`  ${f.padEnd(16)} ${cell('all')}  ${cell('tune')}  ${cell('holdout')}   — ${FIELD_NOTES[f]}`);
}

// The holdout stays unseen: its misses are counted, never shown (issue 17 point 2).
const tuneOnly = <T extends { article: { split: string } }>(xs: readonly T[]): T[] => xs.filter((x) => x.article.split === 'tune');
const hidden = (all: number, shown: number): string => `${shown} in the tune split; ${all - shown} held out, not shown`;
const falsePositives = tuneOnly(report.falsePositives);
header(`False positives (${hidden(report.falsePositives.length, falsePositives.length)})`);
for (const r of falsePositives) console.log(describeMiss(r, `expected ${r.article.labels.category}, got alert (${r.got.organisation})`));
const falseNegatives = tuneOnly(report.falseNegatives);
header(`False negatives (${hidden(report.falseNegatives.length, falseNegatives.length)})`);
for (const r of falseNegatives) console.log(describeMiss(r, `expected alert (${r.article.labels.organisation}), got ${r.got.category}`));
const fieldMisses = report.fieldMisses.filter((m) => m.result.article.split === 'tune');
header(`Wrong fields on true alerts (${hidden(report.fieldMisses.length, fieldMisses.length)})`);
for (const { result, field } of fieldMisses) {
  console.log(describeMiss(result, `${field}: expected ${fieldValue(field, result.article.labels)}, got ${fieldValue(field, result.got)}`));
}

header('Seeds (issue 4 point 5)');
const seeds = loadSeeds();
let seedFailures = 0;
if (seeds === null) console.log(`  Seed folder missing at ${SEEDS_DIR}: seeds not checked.`);
else {
  for (const s of seeds) {
    const c = run(s.text);
    const problems = s.check(c);
    if (problems.length > 0) seedFailures++;
    console.log(`  ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${s.id}: ${c.organisation}${c.otherOrganisations.length ? ` + ${c.otherOrganisations.join(', ')}` : ''}, affected ${c.affected}${problems.length ? ` — ${problems.join('; ')}` : ''}`);
    if (problems.length > 0) console.log(indent(c.reasons));
  }
}

header('Floors (whole corpus; issue 17: at most two points below issue 4)');
const all = rates(report.counts.all);
const acc = (f: Field): number => report.fields.all[f].correct / Math.max(1, report.fields.all[f].total);
const checks: [string, number, number][] = [
  ['precision', all.precision, TARGETS.precision],
  ['recall', all.recall, TARGETS.recall],
  ['organisation', acc('organisation'), TARGETS.organisation],
  ['sector', acc('sector'), TARGETS.sector],
  ['affected exact', acc('affected'), TARGETS.affected],
];
let failed = seedFailures > 0;
for (const [name, value, target] of checks) {
  const ok = value >= target;
  if (!ok) failed = true;
  console.log(`  ${ok ? 'ok  ' : 'MISS'} ${name.padEnd(15)} ${pct(value)} (target ${target})`);
}
if (seedFailures > 0) console.log(`  MISS seeds: ${seedFailures} wrong`);
const hold = rates(report.counts.holdout);
console.log(`  holdout (not tuned on): precision ${pct(hold.precision)}, recall ${pct(hold.recall)}, organisation ${pct(report.fields.holdout.organisation.correct / Math.max(1, report.fields.holdout.organisation.total))}`);
process.exitCode = failed ? 1 : 0;
