// The negative cues of labelling.md (config/knowledge/negatives.yaml) and the foreign places
// (config/knowledge/places.yaml) as found in a sentence. The phrase trie finds the words; the rules of an
// entry that the phrase language does not say are applied here: `unless` phrases, `afterNumber`, the
// incidental phrases that defuse a cue word, and the capitals of a place name.
import type { CompiledKnowledge, CompiledPlaces, IncidentalEntry, KnowledgeEntry } from './knowledge.ts';
import type { MentionEntry, NegativeEntry, PlaceEntry, RoleEntry } from './knowledge.ts';
import { compileEntries, compilePlaces, compileRoles, compileUnless } from './knowledge.ts';
import type { CountEntry } from './fact-knowledge.ts';
import { onePerson } from './numbers.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseMatch, PhraseSet } from './phrases.ts';
import { tokenise } from './tokens.ts';
import type { Token } from './tokens.ts';
import { compileInstitutions } from './institutions.ts';
import type { InstitutionEntry } from './institutions.ts';

/** Words of a text: a sentence, or a title. Token offsets are `start` ahead of `text`'s. */
export interface Words {
  readonly text: string;
  readonly start: number;
  readonly tokens: readonly Token[];
}

/** A knowledge entry found in some words: its entry, and where it lies (offsets in the document). */
export interface Hit<T extends KnowledgeEntry = KnowledgeEntry> {
  readonly entry: T;
  readonly start: number;
  readonly end: number;
  /** The words as written, and the id of the entry that fired: "fraudsters [negative.fraud]". */
  readonly said: string;
}

/** Marks that end a run of plain words: quotes, brackets and the stops of a clause. */
const BREAK = /["“”‘’'(),;:.!?]/;
const POSSESSIVE_GAP = /^['’] $/;

/**
 * The match lies within plain words: no quote, comma or other mark between them ('a "small number" of' is
 * no "number of"), except the commas of a number ("7,000").
 */
function plain(words: Words, m: PhraseMatch<unknown>): boolean {
  for (let i = m.from + 1; i < m.to; i++) {
    const before = words.tokens[i - 1] as Token;
    const after = words.tokens[i] as Token;
    const gap = words.text.slice(before.end - words.start, after.start - words.start);
    if (gap === ' ' || !BREAK.test(gap)) continue;
    // A plural's possessive ("councils' data slips") is no quote.
    if (POSSESSIVE_GAP.test(gap) && before.norm.endsWith('s')) continue;
    if (gap !== ',' || !DIGITS.test(before.norm) || !DIGITS.test(after.norm)) return false;
  }
  return true;
}

function hitOf<T extends KnowledgeEntry>(words: Words, m: PhraseMatch<T>): Hit<T> {
  const { start, end } = matchSpan(words.tokens, m);
  const written = words.text.slice(start - words.start, end - words.start);
  return { entry: m.value, start, end, said: `${written} [${m.value.id}]` };
}

/** The digits of a number ("1,200" is "1", "200"): a match of an `afterNumber` entry must follow one. */
const DIGITS = /^\d+$/;

/** The first of some hits in the text, the longest of those that start there ("school district", not "school"). */
export function firstOf<T extends KnowledgeEntry>(hits: ReadonlyArray<Hit<T>>): Hit<T> | null {
  let best: Hit<T> | null = null;
  for (const hit of hits) {
    if (!best || hit.start < best.start || (hit.start === best.start && hit.end > best.end)) best = hit;
  }
  return best;
}

/**
 * The matches of one cue's entries in some words, in text order, that their entry's rules keep: not
 * cancelled by an `unless` phrase found over any of its words, right after a number where the entry asks
 * for one, and not inside an incidental phrase ("bank details" is no bank).
 */
export function cueHits(
  phrases: PhraseSet<NegativeEntry> | undefined,
  unless: CompiledKnowledge['unless'],
  words: Words,
  incidental?: PhraseSet<IncidentalEntry>,
): Array<Hit<NegativeEntry>> {
  return keptHits(phrases?.findAll(words.tokens) ?? [], unless, words, incidental);
}

/** cueHits on matches already found in these words (by one pass of every negative cue's phrases). */
export function keptHits(
  found: ReadonlyArray<PhraseMatch<NegativeEntry>>,
  unless: CompiledKnowledge['unless'],
  words: Words,
  incidental?: PhraseSet<IncidentalEntry>,
): Array<Hit<NegativeEntry>> {
  if (found.length === 0) return [];
  let defusing: Array<PhraseMatch<IncidentalEntry>> | undefined;
  const out: Array<Hit<NegativeEntry>> = [];
  for (const m of found) {
    const entry = m.value;
    if (!plain(words, m)) continue;
    const number = entry.afterNumber ? numberBefore(words, m.from) : m.from;
    if (number === null) continue;
    const cancel = unless.get(entry.id);
    if (cancel && overlapped(cancel, words, m)) continue;
    if (incidental) {
      defusing ??= incidental.findAll(words.tokens);
      if (defusing.some((p) => p.from <= m.from && p.to >= m.to)) continue;
    }
    out.push(hitOf(words, { ...m, from: number }));
  }
  return out;
}

/** A year on its own ("the 2022 cyber attacks"): no count. */
const YEAR = /^(?:19|20)\d\d$/;

/**
 * Where the number right before token `at` starts ("1,200 breaches": the "1"), or null when there is none or
 * it is a year ("in 2022 cyber attacks").
 */
function numberBefore(words: Words, at: number): number | null {
  const gap = (i: number): string =>
    words.text.slice((words.tokens[i - 1] as Token).end - words.start, (words.tokens[i] as Token).start - words.start);
  if (at < 1 || !DIGITS.test((words.tokens[at - 1] as Token).norm) || gap(at) !== ' ') return null;
  let from = at - 1;
  while (from > 0 && DIGITS.test((words.tokens[from - 1] as Token).norm) && gap(from) === ',') from--;
  if (from === at - 1 && YEAR.test((words.tokens[from] as Token).norm)) return null;
  return from;
}

/** An `unless` phrase of the entry is found over some of the match's words ("Northern Ireland's"). */
function overlapped(unless: PhraseSet<unknown>, words: Words, m: PhraseMatch<unknown>): boolean {
  return unless.findAll(words.tokens).some((u) => u.from < m.to && u.to > m.from);
}

/** The foreign places in some words, spelled as in places.yaml ("US", not "us"), not inside an `unless`. */
export function placeHits(places: CompiledPlaces, words: Words): Array<Hit<PlaceEntry>> {
  const out: Array<Hit<PlaceEntry>> = [];
  for (const m of places.phrases.findAll(words.tokens)) {
    if (!plain(words, m) || !spelledAsListed(places, words.tokens, m)) continue;
    const cancel = places.unless.get(m.value.id);
    if (!cancel || !overlapped(cancel, words, m)) out.push(hitOf(words, m));
  }
  return out;
}

/** A place starting at token `at` of some words (the longest), or null. */
export function placeAt(places: CompiledPlaces, words: Words, at: number): Hit<PlaceEntry> | null {
  const first = words.tokens[at];
  if (!first) return null;
  if (!places.spellings.has(first.norm) && !(first.stem !== undefined && places.spellings.has(first.stem))) return null;
  const ahead = { text: words.text, start: words.start, tokens: words.tokens.slice(at, at + places.longest) };
  let best: Hit<PlaceEntry> | null = null;
  for (const hit of placeHits(places, ahead)) {
    if (hit.start === first.start && (!best || hit.end > best.end)) best = hit;
  }
  return best;
}

function spelledAsListed(places: CompiledPlaces, tokens: readonly Token[], m: PhraseMatch<PlaceEntry>): boolean {
  for (let i = m.from; i < m.to; i++) {
    const token = tokens[i] as Token;
    const raw = token.raw.replace(/’/g, "'");
    if (places.spellings.get(token.norm)?.has(raw)) continue;
    if (token.stem !== undefined && places.spellings.get(token.stem)?.has(raw.slice(0, -2))) continue;
    return false;
  }
  return true;
}

/** Whether an entry of a knowledge file finds a sentence by the rules of its file: how its examples run. */
export function entryFinds(file: string, entry: KnowledgeEntry, sentence: string): boolean {
  const words: Words = { text: sentence, start: 0, tokens: tokenise(sentence) };
  if (file === 'places') return placeHits(compilePlaces([entry as PlaceEntry]), words).length > 0;
  if (file === 'negatives') {
    const negative = entry as NegativeEntry;
    return cueHits(compileEntries([negative]), compileUnless([negative]), words).length > 0;
  }
  if (file === 'mentions') {
    const mention = entry as MentionEntry;
    const unless = compileUnless([mention]).get(mention.id);
    return compileEntries([mention])
      .findAll(words.tokens, sentence)
      .some((m) => (!mention.endsSentence || m.to === words.tokens.length) && !(unless && overlapped(unless, words, m)));
  }
  if (file === 'roles') return compileRoles([entry as RoleEntry]).test(words.tokens, sentence);
  if (file === 'institutions') {
    const institutions = compileInstitutions([entry as InstitutionEntry]);
    const kind = (entry as InstitutionEntry).kind;
    if (kind === 'named') return institutions.findNamed(sentence) !== null;
    return (kind === 'private-school' ? institutions.privateSchool : institutions.publicWords).test(words.tokens);
  }
  if (file === 'counts' && (entry as CountEntry).role === 'one-person') {
    return onePerson(compileEntries([entry]), words.tokens, words.text, words.start) !== undefined;
  }
  return compileEntries([entry]).test(words.tokens);
}
