// The incidents half of `npm run eval`: B-cubed precision, recall and F1 of the incidents the pipeline
// forms from the labelled corpus (alerts fed in publication order), end to end and with the labels
// standing in for the classifier, for all / tune / holdout, with every wrong merge and split listed.
// Exits 1 when end-to-end F1 on the whole corpus is below the target.
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import { CLUSTER_TARGET_F1, clusterCorpus, formatClusterReport, labelClassification } from './cluster-eval.ts';
import { loadCorpus } from './eval-lib.ts';

const recogniser = loadRecogniser();
const corpus = loadCorpus();
const heading = (text: string): void => console.log(`\n${text}\n${'-'.repeat(text.length)}`);

heading('Incidents (B-cubed over the true alerts, fed in publication order)');
const multi = new Map<string, number>();
for (const a of corpus) if (a.labels.incident) multi.set(a.labels.incident, (multi.get(a.labels.incident) ?? 0) + 1);
console.log(`  ${multi.size} labelled incidents, ${[...multi.values()].filter((n) => n >= 2).length} with 2 or more articles`);

let endToEndAll = 0;
for (const scope of ['all', 'tune', 'holdout'] as const) {
  const part = scope === 'all' ? corpus : corpus.filter((a) => a.split === scope);
  const alone = await clusterCorpus(part, (a) => labelClassification(a));
  const e2e = await clusterCorpus(part, (_a, text) => recogniser.classify(text));
  if (scope === 'all') endToEndAll = e2e.f1;
  console.log(`  ${scope.padEnd(8)} end to end: P ${e2e.precision.toFixed(3)} R ${e2e.recall.toFixed(3)} F1 ${e2e.f1.toFixed(3)}   clustering alone: P ${alone.precision.toFixed(3)} R ${alone.recall.toFixed(3)} F1 ${alone.f1.toFixed(3)}`);
}

heading('Every wrong merge and split — clustering alone (labels as classifier)');
console.log(formatClusterReport('clustering alone', await clusterCorpus(corpus, (a) => labelClassification(a)), corpus));
heading('Every wrong merge and split — end to end (an article the classifier missed counts as its own incident)');
console.log(formatClusterReport('end to end', await clusterCorpus(corpus, (_a, text) => recogniser.classify(text)), corpus));

const ok = endToEndAll >= CLUSTER_TARGET_F1;
console.log(`\n  ${ok ? 'ok  ' : 'MISS'} incidents B-cubed F1 (end to end) ${endToEndAll.toFixed(3)} (target ${CLUSTER_TARGET_F1})`);
process.exitCode = ok ? 0 : 1;
