// The real classifier over the committed gazetteer and veto model, built once per test file.
import { loadGazetteer } from '../../src/config/load-gazetteer.ts';
import { loadVetoModel } from '../../src/config/load-veto.ts';
import { classify } from '../../src/domain/classify/index.ts';
import type { ArticleText, Classification } from '../../src/domain/types.ts';

let cached: ((text: ArticleText) => Classification) | null = null;

export function realClassifier(): (text: ArticleText) => Classification {
  if (cached === null) {
    const gazetteer = loadGazetteer();
    const veto = loadVetoModel();
    cached = (text) => classify(text, gazetteer, veto);
  }
  return cached;
}
