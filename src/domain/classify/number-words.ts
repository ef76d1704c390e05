// Numbers written in words, read as a person reads them: "three hundred" → 300, "twenty-five" → 25,
// "two thousand five hundred" → 2500, "half a million" → 500000, "a quarter of a million" → 250000,
// "one and a half million" → 1500000. Linear in the words; anything that is not a well-formed number is null.

const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  dozen: 12,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = { thousand: 1e3, million: 1e6, billion: 1e9 };
/** Parts of one: "half", "a quarter", "three quarters", "two thirds". */
const PARTS: Readonly<Record<string, number>> = { half: 1 / 2, quarter: 1 / 4, quarters: 1 / 4, third: 1 / 3, thirds: 1 / 3 };

/** Longest first, so that "seventeen" is not read as "seven". */
const UNIT_WORDS = Object.keys(UNITS).filter((w) => w !== 'dozen').sort((a, b) => b.length - a.length);
const DIGIT_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
/** One to ninety-nine in words ("seven", "forty", "twenty-five"). */
const BELOW_HUNDRED = `(?:(?:${Object.keys(TENS).join('|')})(?:[- ](?:${DIGIT_WORDS}))?|${UNIT_WORDS.join('|')})`;
const MAGNITUDE = 'hundred|thousand|million|billion';
const JOIN = String.raw`(?:\s+and\s+|[\s-]+)`;

/**
 * A regex source (no groups) for a number in words: fractions of a magnitude first, then whole numbers built
 * of words below a hundred and magnitudes, optionally "and a half" before the last magnitude.
 */
export const WORD_NUMBER_SOURCE =
  String.raw`(?:(?:a|one|two|three)\s+)?(?:half|quarters?|thirds?)\s+(?:of\s+)?an?\s+(?:thousand|million|billion)` +
  String.raw`|(?:${BELOW_HUNDRED}|an?(?=\s+(?:${MAGNITUDE})\b))(?:${JOIN}(?:${BELOW_HUNDRED}|${MAGNITUDE})\b)*` +
  String.raw`(?:\s+and\s+a\s+half\s+(?:thousand|million|billion))?`;

/** Does the phrase hold a magnitude word, so that it reads as a figure ("three hundred"), not a small word? */
export const hasMagnitude = (phrase: string): boolean => /\b(?:hundred|thousand|million|billion)\b/i.test(phrase);

/** "three quarters of a million" → 750000; null when the phrase is not a fraction of a magnitude. */
function parseFraction(words: readonly string[]): number | null {
  const scale = SCALES[words.at(-1) ?? ''];
  if (scale === undefined) return null;
  const body = words.slice(0, -1).filter((w) => w !== 'of');
  if (body.at(-1) !== 'a' && body.at(-1) !== 'an') return null;
  const [first, second] = body;
  if (body.length === 2 && first !== undefined && PARTS[first] !== undefined) return PARTS[first] * scale;
  if (body.length === 3 && first !== undefined && second !== undefined && PARTS[second] !== undefined) {
    const count = first === 'a' ? 1 : UNITS[first];
    if (count === undefined || count > 3) return null;
    return count * PARTS[second] * scale;
  }
  return null;
}

/** Whole numbers: "two thousand five hundred and twelve", "a hundred", "one and a half million". */
function parseWhole(words: readonly string[]): number | null {
  let total = 0;
  let current = 0;
  let half = false;
  let lastScale = Infinity;
  /** What the previous word was, so that "three four" or "hundred hundred" are refused. */
  let last: 'start' | 'unit' | 'ten' | 'hundred' | 'scale' | 'a' = 'start';
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'and') {
      if (words[i + 1] === 'a' && words[i + 2] === 'half') {
        half = true;
        i += 2;
      }
      continue;
    }
    if (w === 'a' || w === 'an') {
      if (last !== 'start') return null;
      current = 1;
      last = 'a';
    } else if (UNITS[w] !== undefined) {
      // "dozen" alone is 12; "a dozen" and "two dozen" are left to the caller's own rules.
      if (last === 'unit' || last === 'a' || (w === 'dozen' && words.length > 1)) return null;
      current += UNITS[w];
      last = 'unit';
    } else if (TENS[w] !== undefined) {
      if (last === 'unit' || last === 'ten' || last === 'a') return null;
      current += TENS[w];
      last = 'ten';
    } else if (w === 'hundred') {
      if (last === 'hundred' || last === 'start' || current >= 100 || current === 0) return null;
      current *= 100;
      last = 'hundred';
    } else if (SCALES[w] !== undefined) {
      const scale = SCALES[w];
      if (scale >= lastScale || last === 'start' || current === 0) return null;
      total += (current + (half ? 0.5 : 0)) * scale;
      half = false;
      current = 0;
      lastScale = scale;
      last = 'scale';
    } else return null;
  }
  if (half || last === 'a' || last === 'start') return null;
  return total + current;
}

/** A number in words, or null. Case, hyphens and spacing do not matter. */
export function parseWordNumber(phrase: string): number | null {
  const words = phrase.toLowerCase().split(/[\s-]+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  const value = parseFraction(words) ?? parseWhole(words);
  return value === null || !Number.isFinite(value) ? null : Math.round(value);
}
