// Words of a text with their offsets: the one tokeniser behind the gazetteer and the word-dispatched lexicons.

/**
 * A distinct word (its normalised spelling), one object for every token spelled the same. What a lexicon,
 * the gazetteer or the veto model looks up by word is remembered here (see wordMemo), so a word is looked
 * up once, not at every token: a string-keyed lookup per token per lexicon was an eighth of classify().
 */
export interface Word {
  readonly norm: string;
  /** Per-lookup answers for this word, by the slot wordMemo gave the lookup. */
  readonly memo: unknown[];
}

/**
 * A word of a text at its offsets. What the word is (its spelling, normalised word, inner words) is shared by
 * every token spelled the same; a token itself is three fields, as a text has hundreds of them.
 */
export class Token {
  readonly spelling: Spelling;
  readonly start: number;
  readonly end: number;

  constructor(spelling: Spelling, start: number, end: number) {
    this.spelling = spelling;
    this.start = start;
    this.end = end;
  }

  get word(): Word {
    return this.spelling.word;
  }
  get norm(): string {
    return this.spelling.word.norm;
  }
  /** The norm without a possessive "'s" ("Education's" → "education"), when the raw token has one. */
  get stem(): string | undefined {
    return this.spelling.stem;
  }
  get raw(): string {
    return this.spelling.raw;
  }
  /** The word has an apostrophe or a non-ASCII letter inside (a regex word boundary can fall within it). */
  get mixed(): boolean {
    return this.spelling.mixed;
  }
  /** For a mixed word, the words that start where a regex word boundary falls inside it ("s" in "council’s"). */
  get inner(): readonly InnerWord[] {
    return this.spelling.inner;
  }
}

export interface InnerWord {
  /** Offset in the token. */
  at: number;
  word: Word;
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

const WORDS = new Map<string, Word>();
/** Distinct words kept; past this the table starts again (old Word objects stay valid). */
const MAX_WORDS = 100_000;

export function wordOf(norm: string): Word {
  let word = WORDS.get(norm);
  if (word === undefined) {
    if (WORDS.size >= MAX_WORDS) WORDS.clear();
    word = { norm, memo: [] };
    WORDS.set(norm, word);
  }
  return word;
}

/** [A-Za-z0-9_], the characters of a regex word (\w). */
export function isAsciiWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** A word as spelled in a text ("The", "the", "Council’s"). */
export interface Spelling {
  readonly raw: string;
  readonly word: Word;
  readonly stem: string | undefined;
  readonly mixed: boolean;
  readonly inner: readonly InnerWord[];
  /** The tests (one bit each, see spellingTest) answered for this spelling, and those it passes. */
  checked: number;
  passes: number;
  checkedHigh: number;
  passesHigh: number;
}

const NO_INNER: readonly InnerWord[] = Object.freeze([]);

/** Where a regex word boundary falls inside a spelling (after an apostrophe or accent), and the word from there. */
function innerWordsOf(raw: string): readonly InnerWord[] {
  const inner: InnerWord[] = [];
  for (let k = 1; k < raw.length; k++) {
    if (!isAsciiWord(raw.charCodeAt(k - 1)) && isAsciiWord(raw.charCodeAt(k))) inner.push({ at: k, word: wordOf(normaliseToken(raw.slice(k))) });
  }
  return inner.length > 0 ? inner : NO_INNER;
}

const AMPERSAND: Spelling = { raw: '&', word: wordOf('and'), stem: undefined, mixed: false, inner: NO_INNER, checked: 0, passes: 0, checkedHigh: 0, passesHigh: 0 };

/**
 * Each spelling met in a text ("The", "the", "Council’s"), with its word, found by a hash of its characters
 * taken while the tokeniser reads them: a known spelling (nearly every word of an article) is found with no
 * string made, lower-cased or hashed again. Open addressing over the hashes alone (0: an empty slot), so a
 * probe reads one small array that stays in the processor's cache; emptied when three quarters full.
 */
const TABLE_SIZE = 1 << 14;
const MASK = TABLE_SIZE - 1;
const hashes = new Int32Array(TABLE_SIZE);
const spellings: (Spelling | undefined)[] = new Array<Spelling | undefined>(TABLE_SIZE).fill(undefined);
let stored = 0;

/** The spelling text[start, end), whose hash (see tokenise; never 0) is `hash`. */
function spellingAt(text: string, start: number, end: number, hash: number, mixed: boolean): Spelling {
  const length = end - start;
  let slot = hash & MASK;
  for (let h = hashes[slot] as number; h !== 0; slot = (slot + 1) & MASK, h = hashes[slot] as number) {
    if (h !== hash) continue;
    const found = spellings[slot] as Spelling;
    const raw = found.raw;
    if (raw.length !== length) continue;
    let k = 0;
    while (k < length && raw.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === length) return found;
  }
  if (stored >= (TABLE_SIZE * 3) / 4) {
    hashes.fill(0);
    spellings.fill(undefined);
    stored = 0;
    slot = hash & MASK;
  }
  const spelling = newSpelling(text.slice(start, end), mixed);
  hashes[slot] = hash;
  spellings[slot] = spelling;
  stored++;
  return spelling;
}

function newSpelling(raw: string, mixed: boolean): Spelling {
  // Plain ASCII words only need lower-casing; apostrophes and accents need the full normalisation.
  const word = mixed ? wordOf(normaliseToken(raw)) : wordOf(raw.toLowerCase());
  const c = raw.charCodeAt(raw.length - 2);
  const stem = (c === 39 || c === 0x2019) && (raw.endsWith('s') || raw.endsWith('S')) ? word.norm.slice(0, -1) : undefined;
  // A mixed spelling passes every test: a regex word boundary can fall inside it.
  const all = mixed ? -1 : 0;
  return { raw, word, stem, mixed, inner: mixed ? innerWordsOf(raw) : NO_INNER, checked: all, passes: all, checkedHigh: all, passesHigh: all };
}

let slots = 0;
let prechecks = 0;

/**
 * A lookup by word, remembered on each Word: compute(norm) runs once per distinct word. Each call takes a
 * slot on every Word, so make one per lexicon or model, not per article.
 */
export function wordMemo<T extends object | number | string | boolean | null>(compute: (norm: string) => T): (word: Word) => T {
  const slot = slots++;
  return (word) => {
    const known = word.memo[slot];
    if (known !== undefined) return known as T;
    const v = compute(word.norm);
    word.memo[slot] = v;
    return v;
  };
}

/**
 * A test of a word remembered on each spelling, for checks made at every token: the answer is a bit on
 * the spelling (the first 64 tests made, in two 32-bit fields; later ones on the word's memo, correct but
 * slower), so a check reads one number per token, where a memo lookup per token per check made such checks
 * a sixth of a long page's time. A spelling with an apostrophe or accent inside passes every test (a regex
 * word boundary can fall within it).
 */
export function spellingTest(may: (norm: string) => boolean): (spelling: Spelling) => boolean {
  const index = prechecks++;
  if (index >= 64) {
    const memo = wordMemo(may);
    return (s) => s.mixed || memo(s.word);
  }
  const high = index >= 32;
  const bit = 1 << index % 32;
  return (s) => {
    if (((high ? s.checkedHigh : s.checked) & bit) === 0) record(s, high, bit, may(s.word.norm));
    return ((high ? s.passesHigh : s.passes) & bit) !== 0;
  };
}

function record(s: Spelling, high: boolean, bit: number, passes: boolean): void {
  if (high) {
    s.checkedHigh |= bit;
    if (passes) s.passesHigh |= bit;
  } else {
    s.checked |= bit;
    if (passes) s.passes |= bit;
  }
}

/**
 * A quick check before a regex made of whole words: false only when no token can be where the regex
 * matches, that is no token's word passes `may` and none has an apostrophe or accent inside.
 */
export function tokenPrecheck(may: (norm: string) => boolean): (tokens: readonly Token[]) => boolean {
  return anyToken(spellingTest(may));
}

/** Some token's spelling passes the test. */
export function anyToken(test: (spelling: Spelling) => boolean): (tokens: readonly Token[]) => boolean {
  return (tokens) => {
    for (let i = 0; i < tokens.length; i++) if (test((tokens[i] as Token).spelling)) return true;
    return false;
  };
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** 1 for the ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;

/** Letters and digits: c is the character at p (its first UTF-16 unit); non-ASCII ones are checked with a
 * Unicode test (rare in English news). */
function isWordChar(c: number, text: string, p: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  // Quotes, dashes, ellipsis, no-break space: the punctuation of news copy, answered without the Unicode test.
  if (c === 0x2019 || c === 0x2018 || c === 0x201c || c === 0x201d || c === 0x2013 || c === 0x2014 || c === 0x2026 || c === 0xa0 || c === 0xa3) return false;
  return WORD_CHAR.test(text[p] ?? '');
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
      if (c === 38) out.push(new Token(AMPERSAND, p, p + 1));
      p++;
      continue;
    }
    const start = p;
    let mixed = c >= 128;
    let hash = c;
    p++;
    while (p < n) {
      c = text.charCodeAt(p);
      if (isWordChar(c, text, p)) {
        if (c >= 128) mixed = true;
        hash = (Math.imul(hash, 31) + c) | 0;
        p++;
        continue;
      }
      // An apostrophe between letters is inside the word ("Mayor's").
      if (c !== 39 && c !== 0x2019) break;
      const after = p + 1 < n ? text.charCodeAt(p + 1) : -1;
      if (after < 0 || !isWordChar(after, text, p + 1)) break;
      mixed = true;
      hash = (Math.imul(Math.imul(hash, 31) + c, 31) + after) | 0;
      p += 2;
    }
    hash = (hash ^ (hash >>> 15)) | 0;
    out.push(new Token(spellingAt(text, start, p, hash === 0 ? 1 : hash, mixed), start, p));
  }
  return out;
}

