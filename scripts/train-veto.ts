// `node scripts/train-veto.ts`: trains the veto model (src/domain/classify/veto.ts) on the TUNE splits of
// both corpora only (scripts/veto-training.ts), so that the held-out items stay a fair test of it, leaving
// out the words of config/veto-ignore.yaml, and writes config/veto-model.json. Deterministic.
import { writeFileSync } from 'node:fs';
import { DEFAULT_VETO_PATH } from '../src/config/load-veto.ts';
import { trainVeto } from '../src/domain/classify/veto.ts';
import { VETO_MIN_DOCS, loadVetoIgnore, vetoTrainingSet } from './veto-training.ts';

const { examples, description } = vetoTrainingSet();
const model = trainVeto(examples, description, VETO_MIN_DOCS, loadVetoIgnore());
const json = `{"trainedOn":${JSON.stringify(model.trainedOn)},"docs":${JSON.stringify(model.docs)},"features":{\n${[...model.features]
  .map(([f, c]) => `${JSON.stringify(f)}:[${c[0]},${c[1]}]`)
  .join(',\n')}\n}}\n`;
writeFileSync(DEFAULT_VETO_PATH, json);
console.log(`Wrote ${model.features.size} features from ${model.docs[0]} non-alerts and ${model.docs[1]} alerts to ${DEFAULT_VETO_PATH}`);
