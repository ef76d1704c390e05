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
import { pairOf, PAIRS } from './tokens.ts';

/** A word of the text, as the tokeniser gives it. */
export interface PhraseToken {
  readonly norm: string;
  /** The word without a possessive "'s" ("council's" → "council"), when it has one. */
  readonly stem?: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** What a gap may skip: any words, or words that are no denial (~N!). */
type GapKind = 'any' | 'plain';

/**
 * One step of a phrase: a word, a word prefix or ending, a number (`pounds`: written after "£"), or a gap of up
 * to `gap` words.
 */
type Step =
  | { word: string }
  | { prefix: string }
  | { suffix: string }
  | { number: true; pounds: boolean }
  | { gap: number; kind: GapKind };

/**
 * A trie node. The tries hold ~150,000 nodes, most of them a leaf or one link of a chain: a node has no
 * Map until it has a word after it, and shares the one empty array until it has an edge of that kind
 * (edges are added by concat, which copies to an array of the exact length, at compile time only): this keeps
 * the recogniser's heap small.
 */
interface Node<T> {
  words: Map<string, Node<T>> | null;
  prefixes: ReadonlyArray<{ prefix: string; next: Node<T> }>;
  suffixes: ReadonlyArray<{ suffix: string; next: Node<T> }>;
  /** The next node after a number ("#"), and after a sum in pounds ("£#"). */
  number: Node<T> | null;
  pounds: Node<T> | null;
  gaps: ReadonlyArray<{ gap: number; kind: GapKind; next: Node<T> }>;
  /** Only words lead on from here (no prefix, ending, number or sum): set once the trie is built. */
  simple: boolean;
  /** The first letters of `words`, one bit each (see letterBit): most words are ruled out without a lookup. */
  letters: number;
  /** Values whose phrase ends here. */
  ends: readonly T[];
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
/** What a search with no match gives: one frozen empty list, not a new one per sentence. */
const NO_MATCHES: ReadonlyArray<PhraseMatch<unknown>> = Object.freeze([]);

/** Lower case, no apostrophes, no accents: the same as the tokeniser's normalised word. */
export function normaliseWord(raw: string): string {
  return raw.toLowerCase().replace(/['’]/g, '').normalize('NFD').replace(/\p{M}/gu, '');
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

const NONE: readonly never[] = Object.freeze([]);

function emptyNode<T>(): Node<T> {
  return {
    words: null,
    prefixes: NONE,
    suffixes: NONE,
    number: null,
    pounds: null,
    gaps: NONE,
    ends: NONE,
    simple: false,
    letters: 0,
  };
}

/** Compiles phrases (each with the value it stands for) into one word trie. */
export function compilePhrases<T>(entries: ReadonlyArray<{ phrase: string; value: T }>): PhraseSet<T> {
  const root = emptyNode<T>();
  let size = 0;
  for (const { phrase, value } of entries) {
    for (const form of expandPhrase(phrase)) {
      let node = root;
      for (const step of form) node = child(node, step);
      if (!node.ends.includes(value)) node.ends = node.ends.concat([value]);
      size++;
    }
  }
  finish(root);
  // Where a match can start: a word whose first two letters begin some phrase's first word (or prefix), or
  // any word when a phrase starts with an ending or a number.
  const starts = openers(root);
  // One match attempt: the sentence's tokens, the text they index, where the match started, what it found.
  interface Run {
    tokens: readonly PhraseToken[];
    text: string;
    from: number;
    /** Made at the first match: most sentences have none. */
    out: Array<PhraseMatch<T>> | null;
  }
  const walk = (run: Run, node: Node<T>, i: number): void => {
    for (let e = 0; e < node.ends.length; e++) {
      (run.out ??= []).push({ value: node.ends[e] as T, from: run.from, to: i });
    }
    for (let g = 0; g < node.gaps.length; g++) {
      const { gap, kind, next } = node.gaps[g] as Node<T>['gaps'][number];
      // Up to `gap` words skipped (none is fine), then the next step must match.
      const last = Math.min(run.tokens.length - 1, i + gap);
      for (let j = i; j <= last; j++) {
        step(run, next, j);
        if (kind === 'plain' && DENIALS.has((run.tokens[j] as PhraseToken).norm)) break;
      }
    }
    if (node.words !== null || !node.simple) step(run, node, i);
  };
  const step = (run: Run, node: Node<T>, i: number): void => {
    const token = run.tokens[i];
    if (token === undefined) return;
    const norm = token.norm;
    // A possessive's stem starts with the same letter as the word.
    if ((node.letters & letterBit(norm)) !== 0 && node.words !== null) {
      let exact = node.words.get(norm);
      if (exact === undefined) {
        const stem = token.stem;
        if (stem !== undefined) exact = node.words.get(stem);
      }
      if (exact !== undefined) walk(run, exact, i + 1);
    }
    for (let k = 0; k < node.prefixes.length; k++) {
      const p = node.prefixes[k] as Node<T>['prefixes'][number];
      if (norm.startsWith(p.prefix)) walk(run, p.next, i + 1);
    }
    for (let k = 0; k < node.suffixes.length; k++) {
      const p = node.suffixes[k] as Node<T>['suffixes'][number];
      if (norm.length > p.suffix.length && norm.endsWith(p.suffix)) walk(run, p.next, i + 1);
    }
    if ((node.number !== null || node.pounds !== null) && DIGITS.test(norm)) {
      if (node.number !== null) walk(run, node.number, i + 1);
      if (node.pounds !== null && run.text.charCodeAt(token.start - 1) === POUND) walk(run, node.pounds, i + 1);
    }
  };
  const startingAt = (tokens: readonly PhraseToken[], i: number, text = ''): Array<PhraseMatch<T>> => {
    const run: Run = { tokens, text, from: i, out: null };
    walk(run, root, i);
    return run.out ?? (NO_MATCHES as Array<PhraseMatch<T>>);
  };
  // Every start, or (first) only up to the first start with a match.
  const scan = (tokens: readonly PhraseToken[], text: string, first: boolean): Array<PhraseMatch<T>> => {
    const run: Run = { tokens, text, from: 0, out: null };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as PhraseToken;
      if (starts !== null && !opens(starts, token.norm) && (token.stem === undefined || !opens(starts, token.stem))) continue;
      run.from = i;
      walk(run, root, i);
      if (first && run.out !== null) break;
    }
    return run.out ?? (NO_MATCHES as Array<PhraseMatch<T>>);
  };
  const findAll = (tokens: readonly PhraseToken[], text = ''): Array<PhraseMatch<T>> => scan(tokens, text, false);
  return { findAll, startingAt, test: (tokens, text = '') => scan(tokens, text, true).length > 0, size };
}

/** A word's first letter as one bit of 32: a to z, or bit 26 for anything else (a digit, an accent). */
function letterBit(word: string): number {
  const c = word.charCodeAt(0) - 97;
  return c >= 0 && c < 26 ? 1 << c : 1 << 26;
}

/** The first-two-letter pairs of the root's words and prefixes, or null when a match may start at any word. */
function openers<T>(root: Node<T>): Uint8Array | null {
  if (root.suffixes.length > 0 || root.number !== null || root.pounds !== null || root.gaps.length > 0) return null;
  const pairs = new Uint8Array(PAIRS);
  for (const word of root.words?.keys() ?? []) pairs[pairOf(word)] = 1;
  for (const { prefix } of root.prefixes) pairs[pairOf(prefix)] = 1;
  return pairs;
}

function opens(pairs: Uint8Array, word: string): boolean {
  return pairs[pairOf(word)] === 1;
}

/** Sets each node's `simple` and `letters` once every phrase is in the trie. */
function finish<T>(node: Node<T>): void {
  node.simple =
    node.prefixes.length === 0 && node.suffixes.length === 0 && node.number === null && node.pounds === null;
  node.letters = 0;
  for (const [word, next] of node.words ?? []) {
    node.letters |= letterBit(word);
    finish(next);
  }
  // Three loops, not one over a spread of the three: no array per node at start-up.
  for (const edge of node.prefixes) finish(edge.next);
  for (const edge of node.suffixes) finish(edge.next);
  for (const edge of node.gaps) finish(edge.next);
  if (node.number) finish(node.number);
  if (node.pounds) finish(node.pounds);
}

/** Follows or makes the trie edge for one step (gaps and words fold into the same edges when equal). */
function child<T>(node: Node<T>, step: Step): Node<T> {
  if ('word' in step) {
    node.words ??= new Map();
    let next = node.words.get(step.word);
    if (!next) node.words.set(step.word, (next = emptyNode<T>()));
    return next;
  }
  if ('prefix' in step) {
    let edge = node.prefixes.find((p) => p.prefix === step.prefix);
    if (!edge) node.prefixes = node.prefixes.concat([(edge = { prefix: step.prefix, next: emptyNode<T>() })]);
    return edge.next;
  }
  if ('suffix' in step) {
    let edge = node.suffixes.find((p) => p.suffix === step.suffix);
    if (!edge) node.suffixes = node.suffixes.concat([(edge = { suffix: step.suffix, next: emptyNode<T>() })]);
    return edge.next;
  }
  if ('number' in step) return step.pounds ? (node.pounds ??= emptyNode<T>()) : (node.number ??= emptyNode<T>());
  let edge = node.gaps.find((g) => g.gap === step.gap && g.kind === step.kind);
  if (!edge) node.gaps = node.gaps.concat([(edge = { gap: step.gap, kind: step.kind, next: emptyNode<T>() })]);
  return edge.next;
}
