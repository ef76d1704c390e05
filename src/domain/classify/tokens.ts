// Words of a text with their offsets: the one tokeniser behind the gazetteer, the phrase trie and the veto.

/** A word of a text at its offsets, with its normalised spelling. */
export interface Token {
  /** The word as written ("Council’s"). */
  readonly raw: string;
  /** Lower case, no apostrophes or accents ("councils"). */
  readonly norm: string;
  /** The norm without a possessive "'s" ("Education's" → "education"), when the raw token has one. */
  readonly stem: string | undefined;
  /** The word has an apostrophe or a non-ASCII letter inside (a regex word boundary can fall within it). */
  readonly mixed: boolean;
  /** The norm's first two letters as a number (see pairOf): one read rules most words out of a word list. */
  readonly pair: number;
  readonly start: number;
  readonly end: number;
}

export const APOSTROPHES = /['’]/g;
const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /\p{M}/gu;

export function normaliseToken(raw: string): string {
  if (raw === '&') return 'and';
  let t = raw.toLowerCase();
  if (t.includes("'") || t.includes('’')) t = t.replace(APOSTROPHES, '');
  if (NON_ASCII.test(t)) t = t.normalize('NFD').replace(MARKS, '');
  return t;
}

/** A word's first two letters as 0..728 (27 × 27: a to z, or 26 for anything else or none). */
export const PAIRS = 27 * 27;
export function pairOf(word: string): number {
  const a = word.charCodeAt(0) - 97;
  const b = word.length > 1 ? word.charCodeAt(1) - 97 : 26;
  return (a >= 0 && a < 26 ? a : 26) * 27 + (b >= 0 && b < 26 ? b : 26);
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Letters and digits: c is the character at p (its first UTF-16 unit); non-ASCII ones are checked with a
 * Unicode test (rare in English news). */
function isWordChar(c: number, text: string, p: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  // Quotes, dashes, ellipsis, no-break space: the punctuation of news copy, answered without the Unicode test.
  if (c === 0x2019 || c === 0x2018 || c === 0x201c || c === 0x201d || c === 0x2013 || c === 0x2014) return false;
  if (c === 0x2026 || c === 0xa0 || c === 0xa3) return false;
  return WORD_CHAR.test(text[p] ?? '');
}

const AND = pairOf('and');

function makeToken(raw: string, start: number, end: number, mixed: boolean): Token {
  // Plain ASCII words only need lower-casing; apostrophes and accents need the full normalisation.
  const norm = mixed ? normaliseToken(raw) : raw.toLowerCase();
  const c = raw.charCodeAt(raw.length - 2);
  const possessive = (c === 39 || c === 0x2019) && (raw.endsWith('s') || raw.endsWith('S'));
  return { raw, norm, stem: possessive ? norm.slice(0, -1) : undefined, mixed, pair: pairOf(norm), start, end };
}

/** Words (letters/digits, with inner apostrophes: "Mayor's") and "&", with offsets. Hand-written: a
 * Unicode regex over the whole text is several times slower. Each character is read once. */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let p = 0;
  while (p < n) {
    let c = text.charCodeAt(p);
    if (!isWordChar(c, text, p)) {
      if (c === 38) out.push({ raw: '&', norm: 'and', stem: undefined, mixed: false, pair: AND, start: p, end: p + 1 });
      p++;
      continue;
    }
    const start = p;
    let mixed = c >= 128;
    p++;
    while (p < n) {
      c = text.charCodeAt(p);
      if (isWordChar(c, text, p)) {
        if (c >= 128) mixed = true;
        p++;
        continue;
      }
      // An apostrophe between letters is inside the word ("Mayor's").
      if (c !== 39 && c !== 0x2019) break;
      if (p + 1 >= n || !isWordChar(text.charCodeAt(p + 1), text, p + 1)) break;
      mixed = true;
      p += 2;
    }
    out.push(makeToken(text.slice(start, p), start, p, mixed));
  }
  return out;
}
