// `node scripts/veto-cv.ts`: does the text model earn its place on feed items? Two-fold cross-validation by story on
// the real-derived TUNE split (never the test split): trained on the long-form tune split and one fold, it scores
// the other fold's items that the rules alert on below full confidence, and counts the true and false alerts it
// would withdraw at several margins. docs/adr/011-text-model.md records the result.
import { createHash } from 'node:crypto';
import type { ArticleText } from '../src/domain/types.ts';
import { loadGazetteer } from '../src/config/load-gazetteer.ts';
import { loadCompiledKnowledge } from '../src/config/load-knowledge.ts';
import { createRecogniser } from '../src/domain/classify/classify.ts';
import { buildDoc } from '../src/domain/classify/text.ts';
import { compileVeto, trainVeto, vetoScore } from '../src/domain/classify/veto.ts';
import { loadCorpus, toText } from './eval-lib.ts';
import { loadRealCorpus, realSplit, realText } from './real-corpus.ts';
import { loadVetoIgnore } from './veto-training.ts';
const knowledge = loadCompiledKnowledge();
const gazetteer = loadGazetteer();
const ignore = loadVetoIgnore();
const rules = createRecogniser({ gazetteer, knowledge });
const fold = (story: string) => createHash('sha256').update('cv:' + story).digest()[0]! % 2;
const long = loadCorpus().filter((a) => a.split === 'tune');
const real = loadRealCorpus().filter((i) => realSplit(i.story) === 'tune');
const ex = (t: ArticleText, alert: boolean) => { const doc = buildDoc(t, knowledge); return { doc, alert, names: gazetteer.find(doc.text, doc.tokens) }; };
const margins = [0, -0.5, -1, -1.5, -2, -3, -4];
const res = margins.map(() => ({ tpLost: 0, fpCut: 0 }));
for (const k of [0, 1]) {
  const train = [...long.map((a) => ex(toText(a), a.labels.alert)),
    ...real.filter((i) => fold(i.story) !== k).flatMap((i) => [ex(realText(i, 'full'), i.labels.alert), ex(realText(i, 'headline'), i.labels.alert)])];
  const veto = compileVeto(trainVeto(train, 'cv', 2, ignore));
  for (const i of real.filter((i) => fold(i.story) === k)) {
    const t = realText(i, 'full');
    const c = rules.classify(t);
    if (!c.alert || c.score >= 0.9) continue;
    const doc = buildDoc(t, knowledge);
    if (doc.sentences.every((s) => s.zone === 'title')) continue;
    const { logOdds } = vetoScore(veto, doc, gazetteer.find(doc.text, doc.tokens));
    margins.forEach((m, j) => { if (logOdds < m) { if (i.labels.alert) res[j]!.tpLost++; else res[j]!.fpCut++; } });
  }
}
margins.forEach((m, j) => console.log(`margin ${m}: true alerts withdrawn ${res[j]!.tpLost}, false alerts withdrawn ${res[j]!.fpCut}`));
