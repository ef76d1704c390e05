// The real classifier over the committed gazetteer, knowledge files and veto model, built once per test file.
import { loadRecogniser } from '../../src/config/load-recogniser.ts';
import type { ArticleText, Classification } from '../../src/domain/types.ts';

let cached: ((text: ArticleText) => Classification) | null = null;

export function realClassifier(): (text: ArticleText) => Classification {
  if (cached === null) {
    cached = loadRecogniser().classify;
  }
  return cached;
}
