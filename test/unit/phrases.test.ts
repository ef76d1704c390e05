// The phrase language of the knowledge files and its word-trie matcher (src/domain/classify/phrases.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenise } from '../../src/domain/classify/index.ts';
import { PhraseSyntaxError, compilePhrases, expandPhrase, matchSpan } from '../../src/domain/classify/phrases.ts';

const matches = (phrases: string[], text: string): string[] => {
  const set = compilePhrases(phrases.map((phrase) => ({ phrase, value: phrase })));
  const tokens = tokenise(text);
  return set.findAll(tokens, text).map((m) => {
    const { start, end } = matchSpan(tokens, m);
    return text.slice(start, end);
  });
};

describe('phrase language', () => {
  it('expands alternatives and optional words into every form', () => {
    expect(expandPhrase('sent to the wrong {address|person}').length).toBe(2);
    expect(expandPhrase('[a|the] [local] council').length).toBe(6);
    expect(expandPhrase('{a {big|small}|the} council').length).toBe(3);
  });

  it.each([
    ['{a|b', 'missing "}"'],
    ['council]', 'unexpected "]"'],
    ['data ~3', 'a gap (~N) must sit between words or start the phrase'],
    ['data ~99 leaked', 'a gap is ~1 to ~16'],
    ['data ~x leaked', 'is not a gap'],
    ['ha* data', 'a prefix needs at least three letters'],
    ['*ed data', 'an ending needs at least three letters'],
    ['data ~3? leaked', 'is not a gap'],
    ['[a]', 'it has no word'],
  ])('refuses %j: %s', (phrase, why) => {
    expect(() => expandPhrase(phrase)).toThrow(PhraseSyntaxError);
    expect(() => expandPhrase(phrase)).toThrow(why);
  });

  it('refuses a phrase with too many forms, and says to split it', () => {
    const wide = Array.from({ length: 10 }, () => '{a|b|c|d}').join(' ');
    expect(() => expandPhrase(wide)).toThrow(/split it/);
  });
});

describe('matching', () => {
  it('matches whole words, case, apostrophes and accents aside', () => {
    expect(matches(['the council'], 'The Council’s data was leaked')).toEqual(['The Council’s']);
    expect(matches(['council'], 'councillors met')).toEqual([]);
    expect(matches(['cafe'], 'a Café list')).toEqual(['Café']);
  });

  it('reads prefixes, gaps and hyphens', () => {
    expect(matches(['hack*'], 'hackers got in')).toEqual(['hackers']);
    expect(matches(['details ~3 leaked'], 'details were then leaked')).toEqual(['details were then leaked']);
    expect(matches(['details ~3 leaked'], 'details leaked')).toEqual(['details leaked']);
    expect(matches(['details ~1 leaked'], 'details were then leaked')).toEqual([]);
    expect(matches(['multi-academy trust'], 'a multi-academy trust said')).toEqual(['multi-academy trust']);
    expect(matches(['multi-academy trust'], 'a multi academy trust said')).toEqual(['multi academy trust']);
  });

  it('reads a plain gap that never crosses a denial', () => {
    expect(matches(['data ~5! was lost'], 'The data of staff was lost')).toEqual(['data of staff was lost']);
    expect(matches(['data ~5! was lost'], 'The data was lost')).toEqual(['data was lost']);
    expect(matches(['data ~5! lost'], 'The data was not lost')).toEqual([]);
    expect(matches(['data ~5 lost'], 'The data was not lost')).toEqual(['data was not lost']);
  });

  it('reads endings, numbers and sums in pounds', () => {
    expect(matches(['unlawfully *ing'], 'he was unlawfully accessing files')).toEqual(['unlawfully accessing']);
    expect(matches(['unlawfully *ing'], 'he was unlawfully ing')).toEqual([]);
    expect(matches(['# [#] people affected'], '2,000 people affected')[0]).toBe('2,000 people affected');
    expect(matches(['fined ~5 £#'], 'The ICO fined the trust £40,000 today')).toEqual(['fined the trust £40']);
    expect(matches(['fined ~5 £#'], 'The clerk was fined for snooping on 204 patients')).toEqual([]);
    // A sum needs the text the tokens index: without it, it never matches.
    const set = compilePhrases([{ phrase: 'fined £#', value: 1 }]);
    expect(set.test(tokenise('fined £40'))).toBe(false);
    expect(set.test(tokenise('fined £40'), 'fined £40')).toBe(true);
  });

  it('finds the matches that start at one word', () => {
    const set = compilePhrases([{ phrase: 'leaked [draft] memo', value: 1 }]);
    const tokens = tokenise('the leaked draft memo');
    expect(set.startingAt(tokens, 1).map((m) => [m.from, m.to])).toEqual([[1, 4]]);
    expect(set.startingAt(tokens, 2)).toEqual([]);
  });

  it('lets up to N words come first when a phrase starts with a gap (read from a fixed word on)', () => {
    const set = compilePhrases([{ phrase: '~2 unit is investigating', value: 1 }]);
    expect(set.startingAt(tokenise('unit is investigating'), 0)).toHaveLength(1);
    expect(set.startingAt(tokenise("'s cyber unit is investigating"), 0)).toHaveLength(1);
    expect(set.startingAt(tokenise('and its cyber unit is investigating'), 0)).toEqual([]);
    expect(set.test(tokenise('the force said its cyber unit is investigating'))).toBe(true);
  });

  it('finds every match, at every start', () => {
    expect(matches(['the council', 'council'], 'the council and a council')).toEqual(['the council', 'council', 'council']);
  });

  it('gives each value once per place even when two phrases of it match there', () => {
    const set = compilePhrases([{ phrase: 'the council', value: 'x' }, { phrase: '[the] council', value: 'x' }]);
    expect(set.findAll(tokenise('the council')).length).toBe(2);
  });

  it('keeps the order phrases were given in: endings and values at one word, and many phrases at once', () => {
    const set = compilePhrases([
      { phrase: 'data *aked', value: 'aked' },
      { phrase: 'data *ked', value: 'ked' },
      { phrase: 'data leaked', value: 'word' },
      { phrase: 'data {leaked|lost}', value: 'either' },
      { phrase: 'data leaked', value: 'ked' },
    ]);
    // At "leaked": the word's values in the order given (each once), then each ending's, in the order written.
    expect(set.findAll(tokenise('the data leaked')).map((m) => m.value)).toEqual(['word', 'either', 'ked', 'aked', 'ked']);
    // Thousands of phrases (the word table grows several times while they are put in): each found, once.
    const many = Array.from({ length: 5000 }, (_, i) => ({ phrase: `w${i} [x] {a|b} w${(i * 7) % 5000}`, value: i }));
    const big = compilePhrases(many);
    expect(big.size).toBe(20_000);
    for (const i of [0, 1, 999, 4321, 4999]) {
      const found = big.findAll(tokenise(`w${i} x b w${(i * 7) % 5000}`));
      expect(found.map((m) => [m.value, m.from, m.to])).toEqual([[i, 0, 4]]);
    }
    expect(big.test(tokenise('w1 x c w7'))).toBe(false);
  });

  it('reads a long hostile sentence in linear time (property: matches only where the words are)', () => {
    const set = compilePhrases([{ phrase: 'a ~12 a ~12 a ~12 b', value: 1 }]);
    const tokens = tokenise('a '.repeat(20_000));
    const started = process.hrtime.bigint();
    expect(set.test(tokens)).toBe(false);
    // Each start reads at most the phrase's length ahead, whatever the text.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(20_000);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 30 }), (words) => {
        const text = words.join(' ');
        const found = compilePhrases([{ phrase: 'a b', value: 1 }]).test(tokenise(text));
        expect(found).toBe(/\ba b\b/.test(text));
      }),
    );
  });
});
