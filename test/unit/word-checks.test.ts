// The quick word checks written beside a regex (or before a phrase set) never rule out a text the regex or
// the phrases match: checked on generated text full of the characters that make words and word boundaries
// tricky, and on every sentence of the corpus and the seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import { DATA_WORDS, mayNameData } from '../../src/domain/classify/classify.ts';
import { mayHoldNumberWord, WORD_NUMBER_RE } from '../../src/domain/classify/numbers.ts';
import { buildDoc, mayHoldYear, YEAR } from '../../src/domain/classify/text.ts';
import { tokenise } from '../../src/domain/classify/tokens.ts';
import type { Token } from '../../src/domain/classify/tokens.ts';
import { loadCorpus, loadSeeds, toText } from '../../scripts/eval-lib.ts';

const once = (re: RegExp): RegExp => new RegExp(re.source, re.flags.replace('g', ''));
const CHECKS: Array<[string, RegExp, (tokens: readonly Token[]) => boolean]> = [
  ['DATA_WORDS', DATA_WORDS, mayNameData],
  ['WORD_NUMBER_RE', WORD_NUMBER_RE, mayHoldNumberWord],
  ['YEAR', once(YEAR), mayHoldYear],
];
const PARTS = ['data', 'Data', 'names', 'one', 'TWENTY', 'five', '2019', '1985', '20199', "data's", 'data’s', 'é', 'Zoë',
  "'", '’', '_', ' ', ', ', '-', '.'];

describe('word checks never rule out a match', () => {
  it.each(CHECKS)('%s on generated text', (_name, re, may) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 14 }), (list) => {
        const text = list.join('');
        if (re.test(text)) expect(may(tokenise(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds on every sentence of the corpus and the seeds, with the phrase sets of the knowledge files', () => {
    const k = loadCompiledKnowledge();
    const sets = [k.causes, k.dataTypes, k.dataTypes.personal, k.firms, k.counts.unknown, ...Object.values(k.regulator)];
    const texts = [...loadCorpus().map(toText), ...(loadSeeds() ?? []).map((s) => s.text)];
    for (const s of texts.flatMap((a) => buildDoc(a, k).sentences)) {
      for (const [name, re, may] of CHECKS) if (re.test(s.text)) expect(may(s.tokens), `${name}: ${s.text}`).toBe(true);
      for (const set of sets) if (set.phrases.test(s.tokens, s.text)) expect(set.may(s.tokens), s.text).toBe(true);
    }
  });
});
