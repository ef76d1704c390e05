// Counts read as a person reads them (issue 17 point 8): numbers in words, fractions of a magnitude,
// ranges and revised counts, with property tests over numbers written out in words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCounts, parseCount } from '../../src/domain/classify/index.ts';
import { parseWordNumber } from '../../src/domain/classify/number-words.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';

const RULES = loadCompiledKnowledge().counts;

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 1..999 in British English: "three hundred and twenty-five". */
function below1000(n: number, hyphen: boolean): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const tens = rest < 20 ? ONES[rest] : `${TENS[Math.floor(rest / 10)]}${rest % 10 ? `${hyphen ? '-' : ' '}${ONES[rest % 10]}` : ''}`;
  if (h === 0) return tens ?? '';
  return rest === 0 ? `${ONES[h]} hundred` : `${ONES[h]} hundred and ${tens}`;
}

/** 1..999,999,999 written out. */
function inWords(n: number, hyphen = true): string {
  const parts: string[] = [];
  for (const [scale, name] of [[1e6, 'million'], [1e3, 'thousand'], [1, '']] as const) {
    const chunk = Math.floor(n / scale) % 1000;
    if (chunk > 0) parts.push(`${below1000(chunk, hyphen)}${name ? ` ${name}` : ''}`);
  }
  return parts.join(' ');
}

describe('parseWordNumber', () => {
  it.each([
    ['three hundred', 300],
    ['twenty-five', 25],
    ['twenty five', 25],
    ['one hundred and twenty', 120],
    ['two thousand five hundred', 2500],
    ['a hundred', 100],
    ['a thousand', 1000],
    ['twelve hundred', 1200],
    ['half a million', 500000],
    ['a quarter of a million', 250000],
    ['quarter of a million', 250000],
    ['three quarters of a million', 750000],
    ['a third of a million', 333333],
    ['one and a half million', 1500000],
    ['two million', 2000000],
    ['Seventeen', 17],
  ])('%s → %d', (words, value) => expect(parseWordNumber(words)).toBe(value));

  it.each(['', 'a', 'half', 'three four', 'hundred', 'hundred hundred', 'thousand million', 'million thousand million',
    'a half', 'and', 'many', 'thousands', 'two and a half'])('%j → null', (words) => expect(parseWordNumber(words)).toBeNull());

  it('reads every number from one to 999,999,999 written out, with or without hyphens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.boolean(), (n, hyphen) => {
        expect(parseWordNumber(inWords(n, hyphen))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseCount with words', () => {
  it.each([
    ['three hundred', 300],
    ['half a million', 500000],
    ['a million', 1000000],
    ['1.5 million', 1500000],
  ])('%s → %d', (raw, value) => expect(parseCount(raw)).toBe(value));
});

describe('findCounts: counts in words as a person reads them', () => {
  const values = (s: string): number[] => findCounts(s, RULES).map((c) => c.value);
  it.each([
    ['The details of half a million patients were taken.', 500000],
    ['records of a quarter of a million people were exposed', 250000],
    ['the data of three hundred patients was emailed out', 300],
    ['Twenty-five officers had their addresses shared.', 25],
    ['about one and a half million customers', 1500000],
    ['nearly two thousand five hundred pupils', 2500],
    ['a hundred residents were told', 100],
  ])('%s → %d', (sentence, value) => expect(values(sentence)).toEqual([value]));

  it('keeps the rules for small words: next to the noun, not "half a dozen"', () => {
    expect(values('Half a dozen officers were named.')).toEqual([]);
    expect(values('One person replied to all recipients.')).toEqual([]);
    expect(findCounts('twenty-five officers', RULES)[0]?.word).toBe(true);
    expect(findCounts('three hundred officers', RULES)[0]?.word).toBe(false);
  });

  it('reads a range as its upper bound: "up to" as a person would report it', () => {
    expect(values('between 100 and 200 people were affected')).toEqual([200]);
    expect(values('some 100 to 200 patients')).toEqual([200]);
    expect(values('100-200 residents')).toEqual([200]);
  });

  it('reads a revised count', () => {
    expect(values('The number of patients affected has risen to 1,050.')).toEqual([1050]);
  });

  it('finds any written-out count before a noun for people (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 9_999_999 }), (n) => {
        expect(values(`The home addresses of ${inWords(n)} patients were sent out by mistake.`)).toEqual([n]);
      }),
      { numRuns: 500 },
    );
  });
});
