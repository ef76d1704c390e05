// Where the recogniser's compiled tries come from (ADR 023): built from their phrases (the default), built and
// recorded for the compiled-recogniser cache, or taken one by one from such a record. Compiling the knowledge asks
// for its tries in a fixed order, so a record made by one compile is read back, in the same order, by the next;
// src/config/recogniser-cache.ts keys the record by the files' bytes and the code that makes and reads it.
// A trie's values are kept as numbers (the first place each value has among the phrases it was built from) and
// taken from the phrases again when read back: an entry found is the very entry object of this compile.
import type { Extra, GapKind, Trie } from './phrase-trie.ts';

/** Phrases to compile, each with the value its matches give. */
export type PhraseEntries<T> = ReadonlyArray<{ readonly phrase: string; readonly value: T }>;

/**
 * Compiles phrase entries into a trie; `build` is the plain build (phrases.ts), which a source may skip. `derived`
 * gives plain data read off phrases (what a match may start with, the longest form: each an expansion of every
 * phrase), which the cache keeps too; `derive` must give data V8 can serialise (no functions).
 */
export interface TrieSource {
  trie<T>(entries: PhraseEntries<T>, build: (entries: PhraseEntries<T>) => Trie<T>): Trie<T>;
  derived<R>(phrases: readonly string[], derive: (phrases: readonly string[]) => R): R;
}

/**
 * A trie as plain data for the cache: typed arrays, and strings in arrays; no object per node. Its values are
 * numbers (what a number stands for is the packer's business), and its rare edges (Extra) are flattened.
 */
export interface PackedTrie {
  /** The words by number. */
  readonly words: readonly string[];
  readonly edges: Int32Array;
  readonly mask: number;
  readonly letters: Int32Array;
  readonly steps: Uint8Array;
  readonly extraOf: Int32Array;
  /** Each Extra in turn: counts of prefixes, suffixes and gaps, number, pounds, then (text, next) × prefixes, … */
  readonly extraInts: Int32Array;
  /** The prefixes' and endings' texts, in the order extraInts names them. */
  readonly extraTexts: readonly string[];
  readonly endFrom: Int32Array;
  /** By place in `ends`: the value's number. */
  readonly ends: Int32Array;
  readonly rootWords: readonly string[];
  readonly size: number;
}

/** A knowledge trie as the cache keeps it, with a check of the phrase entries it was built from. */
export interface RecordedTrie extends PackedTrie {
  /** How many phrase entries it was built from, and their phrases' total length: checked when read back. */
  readonly entryCount: number;
  readonly phraseChars: number;
}

/** Data derived from phrases, with the same check. */
export interface DerivedRecord {
  readonly value: unknown;
  readonly entryCount: number;
  readonly phraseChars: number;
}

/** What one compile asked for, in order. */
export interface TrieRecord {
  readonly tries: readonly RecordedTrie[];
  readonly derived: readonly DerivedRecord[];
}

/** The record's tries do not fit the phrases asked for: the cache is not this code's or these files' (never used). */
export class TrieRecordMismatch extends Error {}

const GAP_KINDS: readonly GapKind[] = ['any', 'plain'];
const NONE: readonly never[] = Object.freeze([]);

export function packTrie<T>(trie: Trie<T>, valueNumber: (value: T) => number): PackedTrie {
  const words = new Array<string>(trie.vocab.size);
  for (const [word, n] of trie.vocab) words[n] = word;
  const ints: number[] = [];
  const extraTexts: string[] = [];
  for (const x of trie.extras) {
    ints.push(x.prefixes.length, x.suffixes.length, x.gaps.length, x.number, x.pounds);
    for (const p of x.prefixes) ints.push(extraTexts.push(p.prefix) - 1, p.next);
    for (const p of x.suffixes) ints.push(extraTexts.push(p.suffix) - 1, p.next);
    for (const g of x.gaps) ints.push(g.gap, GAP_KINDS.indexOf(g.kind), g.next);
  }
  const ends = new Int32Array(trie.ends.length);
  for (let k = 0; k < ends.length; k++) ends[k] = valueNumber(trie.ends[k] as T);
  const { edges, mask, letters, steps, extraOf, endFrom, rootWords, size } = trie;
  const extraInts = Int32Array.from(ints);
  return { words, edges, mask, letters, steps, extraOf, extraInts, extraTexts, endFrom, ends, rootWords, size };
}

export function unpackTrie<T>(packed: PackedTrie, valueOf: (n: number) => T): Trie<T> {
  const vocab = new Map<string, number>();
  packed.words.forEach((word, n) => vocab.set(word, n));
  const ints = packed.extraInts;
  const texts = packed.extraTexts;
  const extras: Extra[] = [];
  const at = (i: number): number => ints[i] as number;
  for (let i = 0; i < ints.length; ) {
    const [prefixCount, suffixCount, gapCount, number, pounds] = [at(i), at(i + 1), at(i + 2), at(i + 3), at(i + 4)];
    const p = i + 5;
    const q = p + 2 * prefixCount;
    const g = q + 2 * suffixCount;
    i = g + 3 * gapCount;
    extras.push({
      prefixes: listOf(prefixCount, (k) => ({ prefix: texts[at(p + 2 * k)] as string, next: at(p + 2 * k + 1) })),
      suffixes: listOf(suffixCount, (k) => ({ suffix: texts[at(q + 2 * k)] as string, next: at(q + 2 * k + 1) })),
      number,
      pounds,
      gaps: listOf(gapCount, (k) => ({
        gap: at(g + 3 * k),
        kind: GAP_KINDS[at(g + 3 * k + 1)] as GapKind,
        next: at(g + 3 * k + 2),
      })),
    });
  }
  const ends = new Array<T>(packed.ends.length);
  for (let k = 0; k < ends.length; k++) ends[k] = valueOf(packed.ends[k] as number);
  const { edges, mask, letters, steps, extraOf, endFrom, rootWords, size } = packed;
  return { vocab, edges, mask, letters, steps, extraOf, extras, endFrom, ends, rootWords, size };
}

/** A list of `count` items; an empty one is one shared empty list (most nodes here have gaps only). */
function listOf<E>(count: number, item: (k: number) => E): readonly E[] {
  if (count === 0) return NONE;
  const out = new Array<E>(count);
  for (let k = 0; k < count; k++) out[k] = item(k);
  return out;
}

function phraseChars(entries: ReadonlyArray<{ readonly phrase: string }>): number {
  let n = 0;
  for (const e of entries) n += e.phrase.length;
  return n;
}

/** Builds every trie and keeps a record of each (and of what is derived), in order, for the cache. */
export function recordingTries(): { source: TrieSource; record: TrieRecord } {
  const tries: RecordedTrie[] = [];
  const derived: DerivedRecord[] = [];
  const source: TrieSource = {
    trie(entries, build) {
      const trie = build(entries);
      // A value's number: the place of the first phrase entry with that value.
      const first = new Map<unknown, number>();
      entries.forEach((e, i) => {
        if (!first.has(e.value)) first.set(e.value, i);
      });
      const numberOf = (value: unknown): number => {
        const at = first.get(value);
        if (at === undefined) throw new TrieRecordMismatch('a trie value that is no phrase entry’s value');
        return at;
      };
      tries.push({ ...packTrie(trie, numberOf), entryCount: entries.length, phraseChars: phraseChars(entries) });
      return trie;
    },
    derived(phrases, derive) {
      const value = derive(phrases);
      const chars = phraseChars(phrases.map((phrase) => ({ phrase })));
      derived.push({ value, entryCount: phrases.length, phraseChars: chars });
      return value;
    },
  };
  return { source, record: { tries, derived } };
}

/**
 * Gives back what a record holds, in order, trie values taken from the phrase entries of this compile. Throws
 * TrieRecordMismatch when a record does not fit what is asked (another count of entries or of phrase letters,
 * or fewer records than asked for): the caller builds afresh. `allUsed`: every record was asked for.
 */
export function replayingTries(record: TrieRecord): { source: TrieSource; allUsed: () => boolean } {
  let nextTrie = 0;
  let nextDerived = 0;
  type Checked = { entryCount: number; phraseChars: number } | undefined;
  const fits = (r: Checked, entries: ReadonlyArray<{ readonly phrase: string }>, what: string): void => {
    if (r === undefined) throw new TrieRecordMismatch(`the record has fewer ${what} than are asked for`);
    if (r.entryCount !== entries.length || r.phraseChars !== phraseChars(entries)) {
      throw new TrieRecordMismatch(`${what} of the record were made from other phrases`);
    }
  };
  const source: TrieSource = {
    trie<T>(entries: PhraseEntries<T>): Trie<T> {
      const packed = record.tries[nextTrie++];
      fits(packed, entries, 'tries');
      return unpackTrie(packed as RecordedTrie, (n) => {
        const entry = entries[n];
        if (entry === undefined) throw new TrieRecordMismatch('a trie of the record names a phrase entry past the end');
        return entry.value;
      });
    },
    derived<R>(phrases: readonly string[]): R {
      const r = record.derived[nextDerived++];
      fits(r, phrases.map((phrase) => ({ phrase })), 'derived data');
      return (r as DerivedRecord).value as R;
    },
  };
  return { source, allUsed: () => nextTrie === record.tries.length && nextDerived === record.derived.length };
}
