// Counts of people in text: "nearly 400" → 400, "more than 1,000" → 1000, "1.2 million" → 1200000, "three people" → 3.
import { ranked } from './fact-knowledge.ts';
import type { CountEntry, CountRole, Ranked } from './fact-knowledge.ts';
import { normaliseWord } from './phrases.ts';
import type { PhraseMatch, PhraseSet } from './phrases.ts';
import type { TrieSource } from './trie-source.ts';
import { tokenise } from './tokens.ts';
import type { Token } from './tokens.ts';
import { WORD_NUMBER_SOURCE, hasMagnitude, parseWordNumber } from './number-words.ts';

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

/**
 * Parses "47,000", "1.2 million", "1.2m", "two million", "400", "three hundred", "half a million".
 * Returns null for anything else.
 */
export function parseCount(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|k|m|mn|bn))?$/.exec(s);
  if (!m?.[1]) return /^[a-z]/.test(s) ? parseWordNumber(s) : null;
  const value = Number(m[1].replace(/,/g, '')) * (m[2] ? (SCALE[m[2]] ?? 1) : 1);
  return Number.isFinite(value) ? Math.round(value) : null;
}

export const APPROX_WORDS = /^(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of|c\.|circa)$/i;

/** Numbers written in words that can count people ("three patients"); "one" only when no "of" follows. */
const SMALL_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';

/** The words of a count of people, compiled from config/knowledge/counts.yaml once per recogniser. */
export interface CountRules {
  /** A number followed (within four words) by a noun for people. Group 1 approx word, 2 number, 3 scale,
   * 4 between, 5 noun. Global: its lastIndex is set before each use. */
  readonly count: RegExp;
  /** A revised count: "the number of foster carers whose addresses were exposed has risen to 234". Group 1
   * noun, 2 approx word, 3 number, 4 scale. */
  readonly revised: RegExp;
  /** The entry of each people noun, by its lower-case words. */
  readonly nouns: ReadonlyMap<string, CountEntry>;
  /** The first words of the people nouns: a sentence with none of them holds no count. */
  readonly firstWords: ReadonlySet<string>;
  readonly before: PhraseSet<CountEntry>;
  /** Words right before a number that say it counts the people whose data it was ("the details of"). */
  readonly affectedBefore: PhraseSet<CountEntry>;
  readonly between: PhraseSet<CountEntry>;
  readonly things: PhraseSet<CountEntry>;
  readonly population: PhraseSet<CountEntry>;
  readonly perpetrator: PhraseSet<CountEntry>;
  /** The story says it is not known how many were affected. */
  readonly unknown: Ranked<CountEntry>;
  /** One person's data ("a woman's new address"): 1 affected when the headline and lead give no count. */
  readonly onePerson: PhraseSet<CountEntry>;
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileCounts(entries: readonly CountEntry[], tries?: TrieSource): CountRules {
  const people = entries.filter((e) => e.role === 'people');
  const nouns = new Map(people.flatMap((e) => e.phrases.map((p) => [p.toLowerCase(), e] as const)));
  const alternation = [...nouns.keys()].map(escape).join('|');
  const of = (role: CountRole): PhraseSet<CountEntry> => ranked(entries.filter((e) => e.role === role), tries).phrases;
  return {
    count: new RegExp(
      String.raw`(?:\b(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|` +
        String.raw`fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of)\s+)?` +
        String.raw`\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|${WORD_NUMBER_SOURCE}|dozen|a)(\s*(?:thousand|million|billion|k|m|bn)\b)?` +
        String.raw`\s+((?:[A-Za-z\u00C0-\u024F'’-]+\s+){0,6}?)(${alternation})\b`,
      'gi',
    ),
    revised: new RegExp(
      String.raw`\bnumber of (?:[A-Za-z'’-]+\s+){0,2}?(${alternation})\b[^.;]{0,120}?\b(?:(?:risen|rises|rose|grown|grew|increased|climbed|jumped|gone up) to|(?:now )?stands? at)\s+` +
        String.raw`(?:(more than|nearly|almost|about|around|over)\s+)?(\d{1,3}(?:,\d{3})+|\d+)(\s*(?:thousand|million|k|m)\b)?`,
      'i',
    ),
    nouns,
    firstWords: new Set([...nouns.keys()].map((n) => normaliseWord(n.split(/[ -]/)[0] ?? n))),
    before: of('not-affected-before'),
    affectedBefore: of('affected-before'),
    between: of('not-affected-between'),
    things: of('things-between'),
    population: of('population-after'),
    perpetrator: of('perpetrator-after'),
    unknown: ranked(
      entries.filter((e) => e.role === 'unknown-count'),
      tries,
    ),
    onePerson: of('one-person'),
  };
}

/** The entry of a phrase that ends a text (nothing but spaces after it). */
function endingPhrase(set: PhraseSet<CountEntry>, text: string): CountEntry | null {
  const tokens = tokenise(text);
  const last = tokens.at(-1);
  if (!last || text.slice(last.end).trim() !== '') return null;
  return set.findAll(tokens).find((m) => m.to === tokens.length)?.value ?? null;
}

/** Whether a phrase starts a text right after a space ("... residents rely on"); tokens: the text's words. */
function startingPhrase(set: PhraseSet<CountEntry>, text: string, tokens: readonly Token[]): boolean {
  const first = tokens[0];
  if (!first || !/^\s+$/.test(text.slice(0, first.start))) return false;
  return set.findAll(tokens).some((m) => m.from === 0);
}

export interface CountCandidate {
  value: number;
  approximate: boolean;
  /** Written in words ("three"): exact but less sure to be the count affected than a figure. */
  word: boolean;
  noun: string;
  /** How surely the noun counts people affected (its counts.yaml entry's weight). */
  weight: number;
  /** The counts.yaml entry of the noun. */
  id: string;
  index: number;
  text: string;
}

export interface CountScan {
  counts: CountCandidate[];
  /** Figures the sentence shows are not people affected (a population, records of vehicles): to drop wherever they recur. */
  excluded: number[];
}

export const WORD_NUMBER_RE = new RegExp(String.raw`\b(?:${SMALL_WORDS})\b`, 'i');
const HAS_NUMBER = /\d|\b(?:hundred|thousand|million|billion)\b/i;
const NUMBER_WORDS: ReadonlySet<string> = new Set(SMALL_WORDS.split('|'));

/** Some word may be one of WORD_NUMBER_RE's (or has an apostrophe or accent inside, where \b can fall). */
export function mayHoldNumberWord(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.mixed || NUMBER_WORDS.has(t.norm)) return true;
  return false;
}


/**
 * Every people-count in a sentence, with offsets relative to the sentence, and the figures it rules out.
 * tokens: the sentence's words, when known, to skip sentences with no number quickly.
 */
export function scanCounts(sentence: string, rules: CountRules, tokens?: readonly Token[]): CountScan {
  const counts: CountCandidate[] = [];
  const excluded: number[] = [];
  if (tokens && !mayNameCounted(rules, tokens)) return { counts, excluded };
  const wordNumber = (): boolean => (tokens ? mayHoldNumberWord(tokens) : true) && WORD_NUMBER_RE.test(sentence);
  if (!HAS_NUMBER.test(sentence) && !wordNumber()) return { counts, excluded };
  const re = rules.count;
  re.lastIndex = 0;
  for (let m = re.exec(sentence); m !== null; m = re.exec(sentence)) {
    // A rejected match is rescanned from just after its number, so "one of the five people" still finds "five people".
    if (accept(m, sentence, rules, counts, excluded)) continue;
    const num = m[2] ?? '';
    re.lastIndex = m.index + (m[1] ? m[0].indexOf(num, m[1].length) : 0) + num.length;
  }
  const revised = /number of/i.test(sentence) ? rules.revised.exec(sentence) : null;
  const figure = revised?.[3];
  const value = figure ? parseCount(`${figure}${revised?.[4] ?? ''}`) : null;
  if (revised && figure && value) {
    const text = revised[0].slice(revised[0].lastIndexOf(figure));
    const noun = (revised[1] ?? '').toLowerCase();
    const entry = rules.nouns.get(noun);
    const index = revised.index + revised[0].length - text.length;
    counts.push({ value, approximate: Boolean(revised[2]), word: false, noun, weight: entry?.weight ?? 0.5, id: entry?.id ?? '', index, text });
  }
  return { counts: joinSums(sentence, rules, counts), excluded };
}

/** A figure that is a year ("2019"), not a count. */
const YEAR_FIGURE = /^(19|20)\d\d$/;
/** " and ", " and about ": what joins two parts of one count. */
const JOINED = /^\s+and\s+$/i;
/** "1,000 Ealing and ": a figure whose people are named by the count after it, with the places between. */
const PLACE_PART = /(?:^|\s)(\d{1,3}(?:,\d{3})+|\d+)\s+((?:\p{Lu}[\p{L}'’-]*\s+){1,3})and\s+$/u;

/**
 * People counted in two parts of one phrase are one count, their sum: "18,800 Afghans and about 6,000 relatives",
 * "1,000 Ealing and 700 Hounslow clients". Figures only (not "two" or "three"), and never records or letters.
 */
function joinSums(sentence: string, rules: CountRules, counts: CountCandidate[]): CountCandidate[] {
  const people = (c: CountCandidate): boolean => !c.word && !(rules.nouns.get(c.noun)?.documents ?? false);
  const out: CountCandidate[] = [];
  for (const c of counts) {
    const prev = out.at(-1);
    if (prev && people(prev) && people(c) && JOINED.test(sentence.slice(prev.index + prev.text.length, c.index))) {
      const text = sentence.slice(prev.index, c.index + c.text.length);
      const approximate = prev.approximate || c.approximate;
      out[out.length - 1] = { ...c, value: prev.value + c.value, approximate, index: prev.index, text };
      continue;
    }
    const part = people(c) ? PLACE_PART.exec(sentence.slice(0, c.index)) : null;
    const first = part?.[1] ? parseCount(part[1]) : null;
    if (part && first && !YEAR_FIGURE.test(part[1] ?? '')) {
      const index = c.index - part[0].trimStart().length;
      out.push({ ...c, value: first + c.value, index, text: sentence.slice(index, c.index + c.text.length) });
      continue;
    }
    out.push(c);
  }
  return out;
}

/** Some word of the sentence can start a people noun (or has an apostrophe or accent inside, where a regex
 * word boundary can fall). */
function mayNameCounted(rules: CountRules, tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.mixed || rules.firstWords.has(t.norm));
}

/** Judges one match of the count pattern: pushes it to counts (true), or rejects it and maybe excludes its
 * figure (false). */
function accept(m: RegExpExecArray, sentence: string, rules: CountRules, counts: CountCandidate[], excluded: number[]): boolean {
  const num = m[2] ?? '';
  const scale = (m[3] ?? '').trim();
  const between = m[4] ?? '';
  const noun = (m[5] ?? '').toLowerCase();
  const entry = rules.nouns.get(noun);
  const lower = num.toLowerCase();
  // A small number in words ("three"); "three hundred" and "half a million" read as figures.
  const word = /^[a-z]/.test(lower) && !hasMagnitude(lower) && !scale;
  if (lower === 'a' && !scale) return false;
  const value = parseCount(`${num}${scale ? ` ${scale}` : ''}`);
  if (value === null || value <= 0) return false;
  if (!scale && YEAR_FIGURE.test(num)) return false; // a year, not a count
  const start = m.index;
  const before = sentence.slice(Math.max(0, start - 30), start);
  // "Covid-19 patients", "M-25 drivers": the number is part of a name, not a count.
  if (!m[1] && /\p{L}-$/u.test(before)) return false;
  const after = sentence.slice(start + m[0].length, start + m[0].length + 60);
  const betweenWords = between === '' ? null : tokenise(between);
  if (entry?.mayCountThings && betweenWords && rules.things.test(betweenWords)) {
    excluded.push(value);
    return false;
  }
  if (betweenWords && rules.between.test(betweenWords)) return false;
  // In words, a count must sit next to a noun for people ("six members", not "One person replied to all recipients",
  // "two letters").
  if (word && (entry?.documents || /\S+\s+\S/.test(between) || /\bof\b/i.test(between) || /\b(?:no|the|every|any)\s+$/i.test(before))) {
    return false;
  }
  const afterWords = tokenise(after);
  if (startingPhrase(rules.population, after, afterWords)) {
    excluded.push(value);
    return false;
  }
  // "£750,000 fine for staff data breach": a sum of money, not people.
  if (!m[1] && /[£$€]\s*$/.test(before)) return false;
  const notAffected = endingPhrase(rules.before, before);
  if (!m[1] && notAffected) return false;
  // "Year 7 parents", "Year 11 pupils": a school year, not a count.
  if (!m[1] && !scale && value <= 13 && /\bYear\s*$/.test(before)) return false;
  if (m[1] && notAffected?.evenApproximate) return false;
  if (startingPhrase(rules.perpetrator, after, afterWords)) return false;
  const weight = (entry?.weight ?? 0.5) + (endingPhrase(rules.affectedBefore, before)?.weight ?? 0);
  counts.push({ value, approximate: Boolean(m[1]), word, noun, weight, id: entry?.id ?? '', index: start, text: m[0] });
  return true;
}

/** Every people-count in a sentence, with offsets relative to the sentence. */
export function findCounts(sentence: string, rules: CountRules): CountCandidate[] {
  return scanCounts(sentence, rules).counts;
}

/**
 * The first one-person phrase ("a woman's") in some words, never one with a plural possessive in it
 * ("after viewing claimants' records", "residents'"). `text` holds the words from offset `start`.
 */
export function onePerson<T>(set: PhraseSet<T>, tokens: readonly Token[], text: string, start: number): PhraseMatch<T> | undefined {
  return set.findAll(tokens).find((m) => {
    const from = (tokens[m.from] as Token).start - start;
    const to = (tokens[m.to - 1] as Token).end - start + 1;
    return !/s['’](?![\p{L}\p{N}])/u.test(text.slice(from, to));
  });
}
