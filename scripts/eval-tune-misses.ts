// `node scripts/eval-tune-misses.ts fn|fp|org|aff`: the misses of the TUNE split only, with their text,
// for rule work. The holdout split is never printed article by article (see docs/adr/005-classifier.md).
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import { loadCorpus, toText, fieldCorrect } from './eval-lib.ts';
const recogniser = loadRecogniser();
const g = recogniser.gazetteer;
const corpus = loadCorpus();
const mode = process.argv[2] ?? 'fn';
for (const a of corpus) {
  if (a.split !== 'tune') continue;
  const c = recogniser.classify(toText(a));
  const want = a.labels.alert;
  if (mode === 'fn' && want && !c.alert) {
    console.log(`=== ${a.id} want ${a.labels.organisation} (${a.labels.sector}) got ${c.category} ${c.organisation}`);
    console.log(`T: ${a.title}\nS: ${a.summary}\nC: ${a.content ?? ''}`);
    console.log('R: ' + c.reasons.join(' | '));
  }
  if (mode === 'org' && want && c.alert && !fieldCorrect('organisation', a.labels, c, (n) => g.byName(n)?.name === n)) {
    console.log(`=== ${a.id} want ${a.labels.organisation} (${a.labels.sector}) got ${c.organisation} (${c.sector})`);
    console.log(`T: ${a.title}\nS: ${a.summary}\nC: ${a.content ?? ''}`);
    console.log('R: ' + c.reasons.join(' | '));
  }
  if (mode === 'aff' && want && c.alert && !fieldCorrect('affected', a.labels, c, (n) => g.byName(n)?.name === n)) {
    console.log(`=== ${a.id} want ${a.labels.affected} got ${c.affected}`);
    console.log(`T: ${a.title}\nS: ${a.summary}\nC: ${a.content ?? ''}`);
    console.log('R: ' + c.reasons.join(' | '));
  }
  if (mode === 'fp' && !want && c.alert) {
    console.log(`=== ${a.id} ${a.labels.category} got ${c.organisation}`);
    console.log(`T: ${a.title}\nS: ${a.summary}\nC: ${a.content ?? ''}`);
    console.log('R: ' + c.reasons.join(' | '));
  }
}
