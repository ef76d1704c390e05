// The knowledge behind an alert's facts, as data: causes (config/knowledge/causes.yaml), data types
// (data-types.yaml), the regulator's actions (regulator.yaml) and what makes a number a count of people
// affected (counts.yaml). Compiled once per recogniser; matching is read-only and can be shared.
import type { Cause } from '../types.ts';
import type { KnowledgeEntry } from './knowledge.ts';
import { compilePhrases, expandPhrase, normaliseWord } from './phrases.ts';
import type { PhraseMatch, PhraseSet, PhraseToken } from './phrases.ts';
import type { TrieSource } from './trie-source.ts';
import { pairOf, PAIRS } from './tokens.ts';
import type { Token } from './tokens.ts';

/** Words next to which an entry's match does not count ("the wrong addresses", "victims of"). */
export interface NearWords {
  /** A match right after one of these words does not count. */
  readonly notRightAfter?: readonly string[];
  /** A match right before one of these words does not count. */
  readonly notRightBefore?: readonly string[];
}

/** Words that say how data came to be exposed: config/knowledge/causes.yaml. */
export interface CauseEntry extends KnowledgeEntry, NearWords {
  readonly cause: Cause;
  /** Below 1 for generic wording ("a mistake") that decides only when nothing more specific is said. */
  readonly weight: number;
  /** The entry counts only in a sentence that also gives another cause or holds one of these phrases. */
  readonly onlyWith: readonly string[];
  /** The entry does not count in a sentence that holds one of these phrases. */
  readonly notWith: readonly string[];
}

/** The data types of labelling.md, in the order an alert lists them. */
export const DATA_TYPE_NAMES = [
  'names',
  'contact details',
  'addresses',
  'dates of birth',
  'photos',
  'health',
  'criminal-justice',
  'financial',
  'staff records',
  'cctv footage',
  'bodycam footage',
  'children',
  'identity documents',
  'special category',
] as const;
export type DataTypeName = (typeof DATA_TYPE_NAMES)[number];
/** `personal`: people's own details of no named type ("personal details", "their records"). */
export const DATA_TYPE_KINDS = [...DATA_TYPE_NAMES, 'personal'] as const;

/** Words for a kind of personal data: config/knowledge/data-types.yaml. */
export interface DataTypeEntry extends KnowledgeEntry, NearWords {
  readonly type: (typeof DATA_TYPE_KINDS)[number];
  /** Exposing this type exposes the people's names too (labelling.md). */
  readonly impliesNames: boolean;
  /** The match counts only right after a possessive ("residents' details"). */
  readonly afterPossessive: boolean;
}

/** What the regulator did: named at all, an enforcement notice, a reprimand, an investigation. */
export const REGULATOR_ACTIONS = ['named', 'enforcement-notice', 'reprimand', 'investigation'] as const;
export type RegulatorAction = (typeof REGULATOR_ACTIONS)[number];

/** Words for the regulator and its actions: config/knowledge/regulator.yaml. */
export interface RegulatorEntry extends KnowledgeEntry, NearWords {
  readonly action: RegulatorAction;
  /** Looked for in the story as one text: a headline with no full stop runs on into the opening. */
  readonly acrossSentences: boolean;
}

/**
 * What a number is a count of (config/knowledge/counts.yaml): `people` nouns make it a count of people;
 * the others say it is not one of people affected, by the words right before the number, between the
 * number and the noun, or right after the noun; `unknown-count`: the story says how many is not known;
 * `one-person`: the headline or lead says whose data it was, one person's ("a woman's new address").
 */
export const COUNT_ROLES = [
  'people',
  'affected-before',
  'not-affected-before',
  'not-affected-between',
  'things-between',
  'population-after',
  'perpetrator-after',
  'unknown-count',
  'one-person',
] as const;
export type CountRole = (typeof COUNT_ROLES)[number];

export interface CountEntry extends KnowledgeEntry {
  readonly role: CountRole;
  /**
   * For people nouns: how surely the noun counts people affected (records, letters less than patients). For
   * words before a number that say whose data it was ("the details of"): how much surer that makes the count.
   */
  readonly weight: number;
  /** For people nouns: things that stand for one person each (records, letters); never counted in words. */
  readonly documents: boolean;
  /** For people nouns: the noun can count things ("vehicle records"), told by a things-between word. */
  readonly mayCountThings: boolean;
  /** For words before a number: they rule out even an approximate count ("represents more than 30,000"). */
  readonly evenApproximate: boolean;
}

/** A file's entries compiled into one phrase set, with each entry's place in the file. */
export interface Ranked<T extends KnowledgeEntry> {
  readonly phrases: PhraseSet<T>;
  readonly rank: ReadonlyMap<T, number>;
  /** The match is next to none of the words its entry rules out (NearWords). */
  clear(m: PhraseMatch<T>, tokens: readonly PhraseToken[]): boolean;
  /** False only when no word of the sentence can start a phrase: the quick check before matching. */
  may(tokens: readonly Token[]): boolean;
}

export interface CompiledCauses extends Ranked<CauseEntry> {
  readonly onlyWith: ReadonlyMap<CauseEntry, PhraseSet<string>>;
  readonly notWith: ReadonlyMap<CauseEntry, PhraseSet<string>>;
}

export interface CompiledDataTypes extends Ranked<DataTypeEntry> {
  /** The `personal` entries, looked for on their own. */
  readonly personal: Ranked<DataTypeEntry>;
  readonly impliesNames: ReadonlySet<string>;
}

export interface CompiledRegulator {
  readonly named: Ranked<RegulatorEntry>;
  readonly enforcement: Ranked<RegulatorEntry>;
  readonly reprimand: Ranked<RegulatorEntry>;
  readonly investigation: Ranked<RegulatorEntry>;
  readonly investigating: Ranked<RegulatorEntry>;
}

export function ranked<T extends KnowledgeEntry & NearWords>(entries: readonly T[], tries?: TrieSource): Ranked<T> {
  const words = (list: readonly string[] | undefined): ReadonlySet<string> | undefined =>
    list && list.length > 0 ? new Set(list.map(normaliseWord)) : undefined;
  const near = new Map(entries.map((e) => [e, { after: words(e.notRightAfter), before: words(e.notRightBefore) }]));
  const phrases = entries.flatMap((entry) => entry.phrases.map((phrase) => ({ phrase, value: entry })));
  const phraseList = phrases.map((p) => p.phrase);
  return {
    phrases: compilePhrases(phrases, tries),
    may: mayStart(tries ? tries.derived(phraseList, anchorsOf) : anchorsOf(phraseList)),
    rank: new Map(entries.map((e, i) => [e, i])),
    clear: (m, tokens) => {
      const n = near.get(m.value);
      if (!n?.after && !n?.before) return true;
      // Right next to: one space (or mark) apart, as in "the wrong addresses", not "victims' statements".
      const prev = tokens[m.from - 1];
      const first = tokens[m.from] as PhraseToken;
      const ruledOut = (set: ReadonlySet<string>, t: PhraseToken): boolean => set.has(t.norm) || (t.stem !== undefined && set.has(t.stem));
      if (n.after && prev && first.start - prev.end === 1 && ruledOut(n.after, prev)) return false;
      const next = tokens[m.to];
      const last = tokens[m.to - 1] as PhraseToken;
      return !(n.before && next && next.start - last.end === 1 && n.before.has(next.norm));
    },
  };
}

function phraseSet(phrases: readonly string[], tries: TrieSource | undefined): PhraseSet<string> {
  return compilePhrases(
    phrases.map((phrase) => ({ phrase, value: phrase })),
    tries,
  );
}

export function compileCauses(entries: readonly CauseEntry[], tries?: TrieSource): CompiledCauses {
  return {
    ...ranked(entries, tries),
    onlyWith: new Map(entries.filter((e) => e.onlyWith.length > 0).map((e) => [e, phraseSet(e.onlyWith, tries)])),
    notWith: new Map(entries.filter((e) => e.notWith.length > 0).map((e) => [e, phraseSet(e.notWith, tries)])),
  };
}

export function compileDataTypes(entries: readonly DataTypeEntry[], tries?: TrieSource): CompiledDataTypes {
  const typed = entries.filter((e) => e.type !== 'personal');
  return {
    ...ranked(typed, tries),
    personal: ranked(
      entries.filter((e) => e.type === 'personal'),
      tries,
    ),
    impliesNames: new Set(typed.filter((e) => e.impliesNames).map((e) => e.type)),
  };
}

export function compileRegulator(entries: readonly RegulatorEntry[], tries?: TrieSource): CompiledRegulator {
  const of = (action: RegulatorAction, across = false): Ranked<RegulatorEntry> =>
    ranked(
      entries.filter((e) => e.action === action && e.acrossSentences === across),
      tries,
    );
  return {
    named: of('named'),
    enforcement: of('enforcement-notice'),
    reprimand: of('reprimand'),
    investigation: of('investigation'),
    investigating: of('investigation', true),
  };
}

const NO_MATCHES: never[] = [];

/** The anchor of each form of the phrases: its longest word, or its longest prefix ("hack*"). */
interface Anchors {
  readonly words: ReadonlySet<string>;
  readonly prefixes: ReadonlySet<string>;
}

function anchorsOf(phrases: readonly string[]): Anchors {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  for (const phrase of phrases) {
    for (const form of expandPhrase(phrase)) {
      let anchor = '';
      let prefix = false;
      for (const step of form) {
        const text = 'word' in step ? step.word : 'prefix' in step ? step.prefix : '';
        if (text.length > anchor.length) [anchor, prefix] = [text, 'prefix' in step];
      }
      (prefix ? prefixes : words).add(anchor);
    }
  }
  return { words, prefixes };
}

/**
 * A check that a sentence may hold one of the phrases, before they are matched: it must hold the longest word
 * of one of them ("attack" of "the attack").
 */
function mayStart({ words, prefixes }: Anchors): (tokens: readonly Token[]) => boolean {
  if (words.size === 0 && prefixes.size === 0) return () => false;
  // By the first two letters (see pairOf): whether some anchor word starts so, and the prefixes that do. Most
  // words are ruled out by one read.
  const wordPairs = new Uint8Array(PAIRS);
  for (const word of words) wordPairs[pairOf(word)] = 1;
  const prefixPairs: (string[] | undefined)[] = new Array<string[] | undefined>(PAIRS).fill(undefined);
  for (const p of prefixes) (prefixPairs[pairOf(p)] ??= []).push(p);
  const all = [...prefixes];
  const short = all.some((p) => p.length < 2);
  return (tokens) => {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.mixed) return true;
      const pair = t.pair;
      if (wordPairs[pair] === 1 && words.has(t.norm)) return true;
      const starts = short ? all : prefixPairs[pair];
      if (starts !== undefined) for (const p of starts) if (t.norm.startsWith(p)) return true;
    }
    return false;
  };
}

/**
 * The matches a reader takes, left to right: at each word the entry earliest in its file (its longest
 * match), and none that overlaps one already taken. A match next to a word its entry rules out is turned
 * down before the choice, as are those `accept` turns down.
 */
export function leftmostMatches<T extends KnowledgeEntry>(
  set: Ranked<T>,
  tokens: readonly Token[],
  accept?: (m: PhraseMatch<T>) => boolean,
): ReadonlyArray<PhraseMatch<T>> {
  if (!set.may(tokens)) return NO_MATCHES;
  const all = set.phrases.findAll(tokens);
  if (all.length === 0) return NO_MATCHES;
  const out: Array<PhraseMatch<T>> = [];
  let end = 0;
  let i = 0;
  while (i < all.length) {
    const from = (all[i] as PhraseMatch<T>).from;
    let best: PhraseMatch<T> | null = null;
    let bestRank = Infinity;
    for (; i < all.length && (all[i] as PhraseMatch<T>).from === from; i++) {
      const m = all[i] as PhraseMatch<T>;
      if (from < end || !set.clear(m, tokens) || (accept && !accept(m))) continue;
      const rank = set.rank.get(m.value) ?? Infinity;
      if (rank < bestRank || (rank === bestRank && best !== null && m.to > best.to)) {
        best = m;
        bestRank = rank;
      }
    }
    if (best) {
      out.push(best);
      end = best.to;
    }
  }
  return out;
}
