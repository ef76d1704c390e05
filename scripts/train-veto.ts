// `node scripts/train-veto.ts`: trains the veto model (src/domain/classify/veto.ts) on the labelled
// corpus's TUNE split only, so that the holdout split stays a fair test of it, and writes
// config/veto-model.json. Deterministic: the same corpus gives the same file.
import { writeFileSync } from 'node:fs';
import { DEFAULT_VETO_PATH } from '../src/config/load-veto.ts';
import { buildDoc } from '../src/domain/classify/text.ts';
import { trainVeto } from '../src/domain/classify/veto.ts';
import { loadCorpus, toText } from './eval-lib.ts';

const tune = loadCorpus().filter((a) => a.split === 'tune');
const model = trainVeto(
  tune.map((a) => ({ doc: buildDoc(toText(a)), alert: a.labels.alert })),
  `tune split of the labelled corpus: ${tune.length} articles`,
);
const json = `{"trainedOn":${JSON.stringify(model.trainedOn)},"docs":${JSON.stringify(model.docs)},"features":{\n${[...model.features]
  .map(([f, c]) => `${JSON.stringify(f)}:[${c[0]},${c[1]}]`)
  .join(',\n')}\n}}\n`;
writeFileSync(DEFAULT_VETO_PATH, json);
console.log(`Wrote ${model.features.size} features from ${model.docs[0]} non-alerts and ${model.docs[1]} alerts to ${DEFAULT_VETO_PATH}`);
