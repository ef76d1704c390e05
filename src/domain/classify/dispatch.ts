// Word-dispatched lexicons. A lexicon here is a long alternation of phrases ("lost a laptop", "sent to
// the wrong address"); as one regex, every phrase is tried at every word of the text. Instead, each
// phrase is filed under the stems its first word can start with (regex-source.ts reads them from the pattern
// source), and at each word only the phrases filed under that word's stems are tried, with a sticky
// regex at the word's start. The hits are those a global scan of the original patterns would give —
// leftmost first, the earlier phrase winning at one position, no overlaps — which
// test/unit/dispatch.test.ts checks against the regexes over the whole corpus.
import { alternatives, closing, firstStems, requiredLetters, stemFits } from './regex-source.ts';
import type { Need } from './regex-source.ts';
import { anyToken, isAsciiWord, spellingTest, tokenPrecheck, wordMemo } from './tokens.ts';
import type { InnerWord, Spelling, Token } from './tokens.ts';

export interface WordHit {
  /** Index of the pattern (of those given) that matched. */
  pattern: number;
  /** Offset in the scanned text. */
  index: number;
  text: string;
}

export interface WordLexicon {
  /** tokens: the words of `text`, with offsets `offset` ahead of it (a sentence's tokens in its document). */
  scan(text: string, tokens: readonly Token[], offset?: number): readonly WordHit[];
}

interface Unit {
  source: string;
  pattern: number;
}

/** The phrases of a pattern, each starting at a word boundary: "\b(a|b)rest" gives "(?:a)rest", "(?:b)rest". */
function unitsOf(re: RegExp, pattern: number): Unit[] | null {
  const out: Unit[] = [];
  for (const alt of alternatives(re.source)) {
    if (!alt.startsWith('\\b')) return null;
    const body = alt.slice(2);
    if (body.startsWith('(') && !/^\(\?[=!<]/.test(body)) {
      const close = closing(body, 0);
      const inner = body.slice(1, close - 1).replace(/^\?:/, '');
      const rest = body.slice(close);
      for (const g of alternatives(inner)) out.push({ source: `(?:${g})${rest}`, pattern });
    } else {
      out.push({ source: body, pattern });
    }
  }
  return out;
}

const PREFIX = 2;
const NONE: number[] = [];
const NO_HITS: readonly WordHit[] = Object.freeze([]);

/**
 * patterns: case-insensitive regexes whose every alternative starts with \b. skipWords: words no match may
 * start at (a union's "(?!(?:and|of)\b)"). Falls back to scanning with the regexes when a pattern cannot be
 * split into word-initial phrases.
 */
export function wordLexicon(patterns: readonly RegExp[], skipWords: ReadonlySet<string> = new Set()): WordLexicon {
  const units: Unit[] = [];
  for (const [i, re] of patterns.entries()) {
    const u = re.flags.includes('i') ? unitsOf(re, i) : null;
    if (!u) return regexLexicon(patterns, skipWords);
    units.push(...u);
  }
  const wild: number[] = [];
  const byStem = new Map<string, number[]>();
  for (const [i, unit] of units.entries()) {
    const stems = firstStems(unit.source);
    if (!stems || [...stems].some((s) => s.length === 0)) {
      wild.push(i);
      continue;
    }
    for (const s of stems) {
      const list = byStem.get(s) ?? [];
      if (list.length === 0) byStem.set(s, list);
      list.push(i);
    }
  }
  // Stems are filed under their first two letters ("e" of "e-?mail" under "e"; "a" of the whole word "a ").
  const byPrefix = new Map<string, string[]>();
  for (const s of byStem.keys()) {
    const key = s.trimEnd().slice(0, PREFIX);
    const list = byPrefix.get(key) ?? [];
    if (list.length === 0) byPrefix.set(key, list);
    list.push(s);
  }
  // One sticky regex per list of candidate phrases (the lists are built once per stem, or pair of stems).
  const regexFor = (ids: number[]): RegExp => {
    // Named groups only when there is a pattern to tell apart.
    const one = new Set(ids.map((id) => units[id]?.pattern)).size === 1;
    return new RegExp(ids.map((id) => (one ? `(?:${units[id]?.source ?? ''})` : `(?<u${id}>${units[id]?.source ?? ''})`)).join('|'), 'iy');
  };
  // Candidate phrases per stem, the phrases that can start anywhere merged in, sorted: built once.
  const merged = (lists: number[][]): number[] => [...new Set([...lists.flat(), ...wild])].sort((a, b) => a - b);
  const perStem = new Map<string, number[]>();
  for (const [stem, list] of byStem) perStem.set(stem, merged([list]));
  const wildOnly = merged([]);
  const combos = new Map<string, number[]>();
  // Two lower-case letters a-z as 0..675: which word beginnings some phrase can start with (quick reject).
  const starts = new Uint8Array(26 * 27);
  for (const stem of byStem.keys()) {
    const letters = stem.trimEnd();
    const a = letters.charCodeAt(0) - 97;
    // A one-letter stem: any second letter, or none (26) when the stem is the whole word ("a ").
    const b = letters.length > 1 ? letters.charCodeAt(1) - 97 : stem.endsWith(' ') ? 26 : -1;
    if (a < 0 || a > 25 || b < -1 || b > 26) continue;
    if (b === -1) for (let k = 0; k < 27; k++) starts[a * 27 + k] = 1;
    else starts[a * 27 + b] = 1;
  }
  const plainStart = [...byStem.keys()].every((stem) => /^[a-z]/.test(stem));
  const candidatesOf = (word: string): number[] => {
    if (plainStart && wild.length === 0) {
      const a = word.charCodeAt(0) - 97;
      const b = word.length > 1 ? word.charCodeAt(1) - 97 : 26;
      if (a >= 0 && a <= 25 && b >= 0 && b <= 26 && starts[a * 27 + b] === 0) return NONE;
    }
    return skipWords.has(word) ? NONE : lookup(word);
  };
  // Words repeat across articles: each word's candidate phrases, with their regex, are remembered on the word.
  const NO_PHRASES: Candidates = { ids: NONE, re: null };
  const byList = new Map<number[], Candidates>();
  const candidates = wordMemo((word): Candidates => {
    const ids = candidatesOf(word);
    if (ids.length === 0) return NO_PHRASES;
    let found = byList.get(ids);
    if (!found) {
      found = { ids, re: regexFor(ids) };
      byList.set(ids, found);
    }
    return found;
  });
  /** Some phrase can start at the word (or inside it: an apostrophe or accent), checked before the memo. */
  const mayStart = spellingTest((word) => candidatesOf(word).length > 0);
  const lookup = (word: string): number[] => {
    let first: string | null = null;
    let key: string | null = null;
    for (const stems of [byPrefix.get(word.slice(0, 1)), word.length >= PREFIX ? byPrefix.get(word.slice(0, PREFIX)) : undefined]) {
      if (!stems) continue;
      for (const s of stems) {
        if (!stemFits(word, s)) continue;
        if (first === null) first = s;
        else key = key === null ? `${first}|${s}` : `${key}|${s}`;
      }
    }
    if (first === null) return wildOnly;
    if (key === null) return perStem.get(first) ?? wildOnly;
    let ids = combos.get(key);
    if (!ids) {
      ids = merged(key.split('|').map((s) => byStem.get(s) ?? []));
      combos.set(key, ids);
    }
    return ids;
  };

  /** The pattern of a hit: the one the candidates come from, or the one whose named group matched. */
  const patternOf = (ids: number[], m: RegExpExecArray): number => {
    const groups = m.groups;
    const id = (groups && ids.find((i) => groups[`u${i}`] !== undefined)) ?? ids[0] ?? 0;
    return units[id]?.pattern ?? 0;
  };

  return {
    // One loop with no call per word: a call per word here was not inlined once several lexicons shared
    // this code, and allocated at every word (a fifth of classify()'s allocation).
    scan(text, tokens, offset = 0) {
      let end = 0;
      // Most sentences have no hit: the list is made at the first.
      let hits: WordHit[] | null = null;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        if (!mayStart(t.spelling)) continue;
        // Inside a word, a regex word boundary also falls after an apostrophe or an accented letter
        // ("council's", "lost'stolen", "Zoëstolen"): those positions are tried too (k from 0).
        const last = t.mixed ? t.inner.length : 0;
        for (let k = -1; k < last; k++) {
          const inner = k < 0 ? null : (t.inner[k] as InnerWord);
          const at = inner === null ? t.start - offset : t.start + inner.at - offset;
          if (at < end || at < 0 || at >= text.length) continue;
          const { ids, re } = candidates(inner === null ? t.word : inner.word);
          // No regex word boundary after "_" or a digit ("lost_data").
          if (re === null || (at > 0 && isAsciiWord(text.charCodeAt(at - 1)))) continue;
          re.lastIndex = at;
          const m = re.exec(text);
          if (!m || m[0].length === 0) continue;
          (hits ??= []).push({ pattern: patternOf(ids, m), index: at, text: m[0] });
          end = at + m[0].length;
        }
      }
      return hits ?? NO_HITS;
    },
  };
}

/** The phrases that can start at a word, and the one sticky regex that tries them (null: none). */
interface Candidates {
  ids: number[];
  re: RegExp | null;
}

/**
 * A quick check before a regex whose every alternative starts a word ("\b" then letters): false only when
 * no word of the sentence starts with a stem a match can begin with (and none has an apostrophe or accent
 * inside: see tokenPrecheck). Null when the regex is not of that shape; then the regex must simply run.
 */
export function stemPrecheck(re: RegExp): ((tokens: readonly Token[]) => boolean) | null {
  const units = unitsOf(re, 0);
  if (!units) return null;
  const stems: string[] = [];
  for (const unit of units) {
    const first = firstStems(unit.source);
    if (!first || [...first].some((stem) => stem.length === 0)) return null;
    stems.push(...first);
  }
  return tokenPrecheck((word) => stems.some((stem) => stemFits(word, stem)));
}

/**
 * The spelling test that a word holds one of the runs of letters (see requiredLetters): one per set of
 * runs, however many patterns share it (a spelling holds 64 tests as bits; see spellingTest).
 */
const needTests = new Map<string, (spelling: Spelling) => boolean>();
function holdsOne(needs: readonly Need[]): (spelling: Spelling) => boolean {
  const key = needs.map((n) => `${n.wordStart ? '^' : ''}${n.letters}`).join('|');
  let test = needTests.get(key);
  if (!test) {
    test = spellingTest((word) => needs.some((n) => (n.wordStart ? word.startsWith(n.letters) : word.includes(n.letters))));
    needTests.set(key, test);
  }
  return test;
}

/**
 * The words of a sentence may hold a match of re: none is ruled out unless no word holds a run of letters
 * that every match holds (requiredLetters), or else no word starts as a match can (stemPrecheck); always
 * true when neither can be read from the pattern.
 */
export function mayMatch(re: RegExp): (tokens: readonly Token[]) => boolean {
  const needs = requiredLetters(re.source);
  if (needs) return anyToken(holdsOne(needs));
  return stemPrecheck(re) ?? (() => true);
}

/**
 * The same check on part of a sentence, [from, to) in the text its tokens index: false only when no word
 * there holds one of the runs (and none has an apostrophe or accent inside). A word cut by `from` always
 * passes: to a regex on the part, its cut end starts a word ("told" of "untold").
 */
export function mayContain(re: RegExp): (tokens: readonly Token[], from: number, to: number) => boolean {
  const needs = requiredLetters(re.source);
  if (!needs) return () => true;
  const test = holdsOne(needs);
  return (tokens, from, to) => {
    // Tokens come in text order: the first that ends after `from` is found by halving (a long sentence
    // with many names would otherwise be read from its start for each), and none after the first that
    // starts at `to` is in the part.
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tokens[mid] as Token).end > from) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.start >= to) break;
      if (t.start < from || test(t.spelling)) return true;
    }
    return false;
  };
}

/** The same hits from the regexes themselves: one union, scanned globally. */
export function regexLexicon(patterns: readonly RegExp[], skipWords: ReadonlySet<string>): WordLexicon {
  // Skipped words are whole words at a word boundary: "\b(?!(?:and|of)\b)".
  const skip = skipWords.size > 0 ? `\\b(?!(?:${[...skipWords].join('|')})\\b)` : '';
  const re = new RegExp(`${skip}(?:${patterns.map((p, i) => `(?<p${i}>${p.source})`).join('|')})`, patterns.every((p) => p.flags.includes('i')) ? 'gi' : 'g');
  return {
    scan(text) {
      const hits: WordHit[] = [];
      for (const m of text.matchAll(re)) {
        const groups = m.groups ?? {};
        const pattern = patterns.findIndex((_, i) => groups[`p${i}`] !== undefined);
        hits.push({ pattern: Math.max(pattern, 0), index: m.index ?? 0, text: m[0] });
      }
      return hits;
    },
  };
}
