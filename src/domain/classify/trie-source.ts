// Where the recogniser's compiled tries come from (ADR 023): built from their phrases (the default), built and
// recorded for the compiled-recogniser cache, or taken one by one from such a record. Compiling the knowledge asks
// for its tries in a fixed order, so a record made by one compile is read back, in the same order, by the next;
// src/config/recogniser-cache.ts keys the record by the files' bytes and the code that makes and reads it.
// A trie's values are kept as numbers (the first place each value has among the phrases it was built from) and
// taken from the phrases again when read back: an entry found is the very entry object of this compile.
import type { Trie } from './phrase-trie.ts';

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
 * A trie as plain data for the cache: the trie's own typed arrays and arrays of strings (nothing is converted on
 * the way in or out); its words by number instead of a Map, and its values left out: `ends` holds numbers whose
 * meaning is the packer's business (for the knowledge's tries, the place of a phrase entry).
 */
export interface PackedTrie extends Omit<Trie<never>, 'vocab' | 'values'> {
  /** The words by number. */
  readonly words: readonly string[];
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

/** The trie as plain data; `valueNumber` gives each value's number in the packed `ends`. */
export function packTrie<T>(trie: Trie<T>, valueNumber: (value: T) => number): PackedTrie {
  const words = new Array<string>(trie.vocab.size);
  for (const [word, n] of trie.vocab) words[n] = word;
  const numbers = trie.values.map(valueNumber);
  const ends = trie.ends.map((v) => numbers[v] as number);
  const { wordFrom, edgeWord, edgeNext, letters, extraOf, extras, extraTexts, endFrom, rootWords, size } = trie;
  return { words, wordFrom, edgeWord, edgeNext, letters, extraOf, extras, extraTexts, endFrom, ends, rootWords, size };
}

/**
 * The trie of packed data whose value numbers index `values`. Its arrays are the packed ones (views of the cache
 * file's bytes): nothing is copied. Throws TrieRecordMismatch when a value number is past the end of `values`.
 */
export function unpackTrie<T>(packed: PackedTrie, values: readonly T[], what: string): Trie<T> {
  const vocab = new Map<string, number>();
  packed.words.forEach((word, n) => vocab.set(word, n));
  for (const v of packed.ends) if (v < 0 || v >= values.length) throw new TrieRecordMismatch(`${what} past the end`);
  const { words: _words, ...arrays } = packed;
  return { ...arrays, vocab, values };
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
      const { entryCount: _count, phraseChars: _chars, ...trie } = packed as RecordedTrie;
      return unpackTrie(trie, entries.map((e) => e.value), 'a trie of the record names a phrase entry');
    },
    derived<R>(phrases: readonly string[]): R {
      const r = record.derived[nextDerived++];
      fits(r, phrases.map((phrase) => ({ phrase })), 'derived data');
      return (r as DerivedRecord).value as R;
    },
  };
  return { source, allUsed: () => nextTrie === record.tries.length && nextDerived === record.derived.length };
}
