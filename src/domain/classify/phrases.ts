// Phrases from the knowledge files (config/knowledge/*.yaml), compiled once into a word trie and matched
// against a sentence's words. The phrase language is small on purpose, so that a domain expert can write it:
//
//   sent to the wrong {address|person|people}   one of the words or word groups in braces
//   [local|borough] council                      optional words in brackets
//   hack*                                        any word that starts with "hack"
//   *ing                                         any word that ends with "ing"
//   details ~3 leaked                            up to three other words in between
//   data ~12! was lost                           up to twelve words in between, none of them no, not or never
//   fined ~5 #                                   # is a number ("2,500" is the numbers 2 and 500)
//   fined ~5 £#                                  £# is a number written right after "£" (a sum in pounds)
//   multi-academy trust                          a hyphen splits words, as in the text ("multi academy")
//   ~3 unit is investigating                     up to three words first (read from a fixed word on)
//
// Words are compared normalised (lower case, no apostrophes or accents). Matching reads each word of the
// sentence once per start and never more than the longest phrase ahead: linear in the sentence.
import { buildTrie, GAP_KINDS, letterBit, wordEdge } from './phrase-trie.ts';
import type { Step, Trie } from './phrase-trie.ts';
import type { PhraseEntries, TrieSource } from './trie-source.ts';
import { pairOf, PAIRS } from './tokens.ts';

/** A word of the text, as the tokeniser gives it. */
export interface PhraseToken {
  readonly norm: string;
  /** The word without a possessive "'s" ("council's" → "council"), when it has one. */
  readonly stem?: string | undefined;
  readonly start: number;
  readonly end: number;
}

export interface PhraseMatch<T> {
  value: T;
  /** Token indexes: [from, to). */
  from: number;
  to: number;
}

/** `text` is the text the tokens' offsets index: only a sum in pounds (£#) reads it, and never matches without it. */
export interface PhraseSet<T> {
  /** Every match at every start, shortest first at each start. */
  findAll(tokens: readonly PhraseToken[], text?: string): Array<PhraseMatch<T>>;
  /** The matches that start at token i, shortest first. */
  startingAt(tokens: readonly PhraseToken[], i: number, text?: string): Array<PhraseMatch<T>>;
  /** Whether any phrase matches. */
  test(tokens: readonly PhraseToken[], text?: string): boolean;
  readonly size: number;
}

/** Where a match lies in the text its tokens index: [start, end). */
export function matchSpan(tokens: readonly PhraseToken[], m: PhraseMatch<unknown>): { start: number; end: number } {
  return { start: (tokens[m.from] as PhraseToken).start, end: (tokens[m.to - 1] as PhraseToken).end };
}

/** A phrase that cannot be read: says which phrase and why, for the knowledge file's loader to report. */
export class PhraseSyntaxError extends Error {}

const MAX_EXPANSIONS = 20_000;
const MAX_GAP = 16;
/** The words a plain gap (~N!) never crosses: "data … was lost" is not "data was not lost". */
const DENIALS: ReadonlySet<string> = new Set(['no', 'not', 'never']);
/** A number as a word: digits, or a sum's digits with its unit ("£80k", "£1.5m" ends in "5m"). */
const DIGITS = /^\d+(?:k|m|bn)?$/;
const POUND = 0xa3;
const NON_ASCII = /[^\u0000-\u007f]/;
/** A plain gap's kind in Trie.extras (GAP_KINDS). */
const PLAIN = GAP_KINDS.indexOf('plain');
/** What a search with no match gives: one frozen empty list, not a new one per sentence. */
const NO_MATCHES: ReadonlyArray<PhraseMatch<unknown>> = Object.freeze([]);

/** Lower case, no apostrophes, no accents: the same as the tokeniser's normalised word. */
export function normaliseWord(raw: string): string {
  const word = raw.toLowerCase().replace(/['’]/g, '');
  // ASCII has no accents to take off (and needs no Unicode data to say so).
  return NON_ASCII.test(word) ? word.normalize('NFD').replace(/\p{M}/gu, '') : word;
}

/** Reads one phrase into every sequence of steps it stands for. */
export function expandPhrase(phrase: string): Step[][] {
  const tokens = phrase.match(/[{}[\]|]|[^\s{}[\]|]+/g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new PhraseSyntaxError(`phrase "${phrase}": ${why}`);
  };
  // seq := item*; item := word | '{' alts '}' | '[' alts ']'; alts := seq ('|' seq)*
  const readSeq = (): Step[][] => {
    let out: Step[][] = [[]];
    while (at < tokens.length) {
      const t = tokens[at] as string;
      if (t === '|' || t === '}' || t === ']') break;
      at++;
      let options: Step[][];
      if (t === '{' || t === '[') {
        options = readAlts(t === '{' ? '}' : ']');
        if (t === '[') options = [[], ...options];
      } else options = [t.startsWith('~') ? [stepOf(t, fail)] : t.split('-').filter((w) => w !== '').map((w) => stepOf(w, fail))];
      const next: Step[][] = [];
      for (const head of out) for (const tail of options) next.push([...head, ...tail]);
      if (next.length > MAX_EXPANSIONS) fail(`more than ${MAX_EXPANSIONS} forms: split it into several phrases`);
      out = next;
    }
    return out;
  };
  const readAlts = (close: string): Step[][] => {
    const options = [...readSeq()];
    while (tokens[at] === '|') {
      at++;
      options.push(...readSeq());
    }
    if (tokens[at] !== close) fail(`missing "${close}"`);
    at++;
    return options;
  };
  const forms = readSeq();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  for (const form of forms) {
    if (!form.some((s) => !('gap' in s))) fail('it has no word');
    // A leading gap ("~3 unit is investigating") lets up to N words come first: it only means something where
    // a phrase is read from a fixed word on (the words right after a body's name, mentions.yaml).
    if ('gap' in (form.at(-1) as Step)) fail('a gap (~N) must sit between words or start the phrase');
  }
  return forms;
}

function stepOf(token: string, fail: (why: string) => never): Step {
  const gap = /^~(\d+)(!?)$/.exec(token);
  if (gap) {
    const n = Number(gap[1]);
    if (n < 1 || n > MAX_GAP) fail(`a gap is ~1 to ~${MAX_GAP}`);
    return { gap: n, kind: gap[2] === '!' ? 'plain' : 'any' };
  }
  if (token.startsWith('~')) fail(`"${token}" is not a gap: write ~ and a number, e.g. ~3 (~3! for one with no denial)`);
  if (token === '#' || token === '£#') return { number: true, pounds: token === '£#' };
  if (token.endsWith('*')) {
    const prefix = normaliseWord(token.slice(0, -1));
    if (prefix.length < 3) fail(`"${token}": a prefix needs at least three letters`);
    return { prefix };
  }
  if (token.startsWith('*')) {
    const suffix = normaliseWord(token.slice(1));
    if (suffix.length < 3) fail(`"${token}": an ending needs at least three letters`);
    return { suffix };
  }
  return { word: normaliseWord(token) };
}

/**
 * Compiles phrases (each with the value it stands for) into one word trie (phrase-trie.ts); `source` may give
 * the trie from the compiled-recogniser cache instead (trie-source.ts).
 */
export function compilePhrases<T>(entries: PhraseEntries<T>, source?: TrieSource): PhraseSet<T> {
  const build = (list: PhraseEntries<T>): Trie<T> => buildTrie(formsOf(list));
  const trie = source === undefined ? build(entries) : source.trie(entries, build);
  const { vocab, wordFrom, edgeWord, edgeNext, letters, extraOf, extras, extraTexts, endFrom, ends, values } = trie;
  // Where a match can start: a word whose first two letters begin some phrase's first word (or prefix), or
  // any word when a phrase starts with an ending or a number.
  const starts = openers(trie);
  // One match attempt: the sentence's tokens, the text they index, where the match started, what it found.
  interface Run {
    tokens: readonly PhraseToken[];
    text: string;
    from: number;
    /** Made at the first match: most sentences have none. */
    out: Array<PhraseMatch<T>> | null;
  }
  // A node's other edges (trie.extras at x): counts of prefixes, endings and gaps, the number's and the sum's next
  // node, then (text, next) by prefix and by ending, (gap, kind, next) by gap.
  const walk = (run: Run, node: number, i: number): void => {
    for (let e = endFrom[node] as number, last = endFrom[node + 1] as number; e < last; e++) {
      (run.out ??= []).push({ value: values[ends[e] as number] as T, from: run.from, to: i });
    }
    const x = extraOf[node] as number;
    if (x >= 0) {
      const gapCount = extras[x + 2] as number;
      for (let g = x + 5 + 2 * ((extras[x] as number) + (extras[x + 1] as number)), last = g + 3 * gapCount; g < last; g += 3) {
        const gap = extras[g] as number;
        const plain = extras[g + 1] === PLAIN;
        const next = extras[g + 2] as number;
        // Up to `gap` words skipped (none is fine), then the next step must match.
        const lastWord = Math.min(run.tokens.length - 1, i + gap);
        for (let j = i; j <= lastWord; j++) {
          step(run, next, j);
          if (plain && DENIALS.has((run.tokens[j] as PhraseToken).norm)) break;
        }
      }
    }
    if (letters[node] !== 0) step(run, node, i);
  };
  const step = (run: Run, node: number, i: number): void => {
    const token = run.tokens[i];
    if (token === undefined) return;
    const norm = token.norm;
    // A possessive's stem starts with the same letter as the word.
    if (((letters[node] as number) & letterBit(norm)) !== 0) {
      const word = vocab.get(norm);
      let next = word === undefined ? -1 : wordEdge(wordFrom, edgeWord, edgeNext, node, word);
      if (next < 0 && token.stem !== undefined) {
        const stem = vocab.get(token.stem);
        if (stem !== undefined) next = wordEdge(wordFrom, edgeWord, edgeNext, node, stem);
      }
      if (next >= 0) walk(run, next, i + 1);
    }
    const x = extraOf[node] as number;
    if (x < 0) return;
    const prefixes = x + 5;
    const suffixes = prefixes + 2 * (extras[x] as number);
    for (let p = prefixes; p < suffixes; p += 2) {
      if (norm.startsWith(extraTexts[extras[p] as number] as string)) walk(run, extras[p + 1] as number, i + 1);
    }
    for (let p = suffixes, last = suffixes + 2 * (extras[x + 1] as number); p < last; p += 2) {
      const suffix = extraTexts[extras[p] as number] as string;
      if (norm.length > suffix.length && norm.endsWith(suffix)) walk(run, extras[p + 1] as number, i + 1);
    }
    const number = extras[x + 3] as number;
    const pounds = extras[x + 4] as number;
    if ((number >= 0 || pounds >= 0) && DIGITS.test(norm)) {
      if (number >= 0) walk(run, number, i + 1);
      if (pounds >= 0 && run.text.charCodeAt(token.start - 1) === POUND) walk(run, pounds, i + 1);
    }
  };
  const startingAt = (tokens: readonly PhraseToken[], i: number, text = ''): Array<PhraseMatch<T>> => {
    const run: Run = { tokens, text, from: i, out: null };
    walk(run, 0, i);
    return run.out ?? (NO_MATCHES as Array<PhraseMatch<T>>);
  };
  // Every start, or (first) only up to the first start with a match.
  const scan = (tokens: readonly PhraseToken[], text: string, first: boolean): Array<PhraseMatch<T>> => {
    const run: Run = { tokens, text, from: 0, out: null };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as PhraseToken;
      if (starts !== null && !opens(starts, token.norm) && (token.stem === undefined || !opens(starts, token.stem))) continue;
      run.from = i;
      walk(run, 0, i);
      if (first && run.out !== null) break;
    }
    return run.out ?? (NO_MATCHES as Array<PhraseMatch<T>>);
  };
  const findAll = (tokens: readonly PhraseToken[], text = ''): Array<PhraseMatch<T>> => scan(tokens, text, false);
  return { findAll, startingAt, test: (tokens, text = '') => scan(tokens, text, true).length > 0, size: trie.size };
}

/** Every form of every phrase, in order, read one at a time (no list of all forms is kept). */
function* formsOf<T>(entries: PhraseEntries<T>): Generator<{ steps: readonly Step[]; value: T }> {
  for (const { phrase, value } of entries) for (const steps of expandPhrase(phrase)) yield { steps, value };
}

/** The first-two-letter pairs of the root's words and prefixes, or null when a match may start at any word. */
function openers(trie: Trie<unknown>): Uint8Array | null {
  const { extras, extraTexts } = trie;
  const x = trie.extraOf[0] as number;
  // A phrase that starts with an ending, a number, a sum or a gap may start at any word.
  if (x >= 0 && ((extras[x + 1] as number) > 0 || (extras[x + 2] as number) > 0 || (extras[x + 3] as number) >= 0 || (extras[x + 4] as number) >= 0)) {
    return null;
  }
  const pairs = new Uint8Array(PAIRS);
  for (const word of trie.rootWords) pairs[pairOf(word)] = 1;
  if (x >= 0) for (let p = x + 5, last = p + 2 * (extras[x] as number); p < last; p += 2) pairs[pairOf(extraTexts[extras[p] as number] as string)] = 1;
  return pairs;
}

function opens(pairs: Uint8Array, word: string): boolean {
  return pairs[pairOf(word)] === 1;
}
