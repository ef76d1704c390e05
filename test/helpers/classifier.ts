// The real classifier over the committed gazetteer, built once per test file.
import { loadGazetteer } from '../../src/config/load-gazetteer.ts';
import { classify } from '../../src/domain/classify/index.ts';
import type { ArticleText, Classification } from '../../src/domain/types.ts';

let cached: ((text: ArticleText) => Classification) | null = null;

export function realClassifier(): (text: ArticleText) => Classification {
  if (cached === null) {
    const gazetteer = loadGazetteer();
    cached = (text) => classify(text, gazetteer);
  }
  return cached;
}
