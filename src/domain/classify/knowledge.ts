// What the classifier knows about the world, as data (config/knowledge/*.yaml), and its compiled form.
// The files are read and checked by src/config/load-knowledge.ts; this module only compiles them.
import type { Sector } from '../types.ts';
import { compileCauses, compileDataTypes, compileRegulator, ranked } from './fact-knowledge.ts';
import type { CauseEntry, CompiledCauses, CompiledDataTypes, CompiledRegulator } from './fact-knowledge.ts';
import type { CountEntry, DataTypeEntry, Ranked, RegulatorEntry } from './fact-knowledge.ts';
import { compileCounts } from './numbers.ts';
import type { CountRules } from './numbers.ts';
import { compilePhrases, expandPhrase, normaliseWord } from './phrases.ts';
import type { PhraseMatch, PhraseSet, PhraseToken } from './phrases.ts';
import { compileEvidence } from './evidence.ts';
import type { Evidence } from './evidence.ts';
import { compileInstitutions } from './institutions.ts';
import type { CompiledInstitutions, InstitutionEntry } from './institutions.ts';
import type { TrieSource } from './trie-source.ts';

/** One entry of a knowledge file: an id, what it means, its phrases, and examples that run as tests. */
export interface KnowledgeEntry {
  readonly id: string;
  readonly means: string;
  readonly phrases: readonly string[];
  readonly examples: { readonly match: readonly string[]; readonly noMatch: readonly string[] };
}

/** A word for a UK public body by its role ("the council", "a health board"): config/knowledge/roles.yaml. */
export interface RoleEntry extends KnowledgeEntry {
  readonly sector: Sector;
  /** How the unnamed body is reported ("unnamed council"). */
  readonly label: string;
  /** Looked for across a headline and its lead together, only when no body was found otherwise. */
  readonly loose: boolean;
  /** In a story of an arrest or inquiry, this body is the investigator, not the breached body (the police). */
  readonly investigates: boolean;
  /** The people whose data it was ("prisoners' details"): used only when no body is named at all. */
  readonly subjects: boolean;
  /**
   * The words name data only a public body holds ("officers' details"): a private firm in the story holds it
   * for that body (a supplier), so the story stays the public body's breach.
   */
  readonly publicData: boolean;
  /** Set phrases in which the role's word names no body ("council tax", "security council"). */
  readonly unless: readonly string[];
}

/** A firm that holds public bodies' data, or the words for one: config/knowledge/suppliers.yaml. */
export interface SupplierEntry extends KnowledgeEntry {
  readonly name: string;
  /** The sectors whose data it holds, the likeliest first. */
  readonly serves: readonly Sector[];
  /** The entry names a firm (not "a supplier to the NHS"): a story's supplier is named by these words. */
  readonly firm: boolean;
  /** False for a firm with many private clients: its breach alone is not taken as a public body's. */
  readonly victim: boolean;
}

/** The negative cues of labelling.md that incidental phrases can defuse. */
export const CUE_NAMES = ['private', 'investigation', 'policy'] as const;
export type CueName = (typeof CUE_NAMES)[number];

/** Words that look like a negative cue but are not one here: config/knowledge/incidental.yaml. */
export interface IncidentalEntry extends KnowledgeEntry {
  readonly cue: CueName;
}

/**
 * The negative cues of labelling.md kept as data (config/knowledge/negatives.yaml), by what each says:
 * a scam or fraud, a warning to the public, an arrest or inquiry, a private firm, a policy or statistics
 * piece, an outage, words for a public body (any country's), an ICO action on access requests or FOI
 * deadlines, a statement that no personal data was taken, and the hedges that undo such a statement.
 */
export const NEGATIVE_CUES = [
  'scam',
  'warning',
  'investigation',
  'private',
  'policy',
  'statistics',
  'figures',
  'outage',
  'website-outage',
  'public-body',
  'not-breach-topic',
  'no-data',
  'no-data-hedge',
] as const;
export type NegativeCue = (typeof NEGATIVE_CUES)[number];

export interface NegativeEntry extends KnowledgeEntry {
  readonly cue: NegativeCue;
  /** Phrases that, found starting at the same word as a match, cancel it ("no card details were taken"). */
  readonly unless: readonly string[];
  /** A match counts only right after a number ("1,200 breaches"). */
  readonly afterNumber: boolean;
  /** A scam word that makes a scam warning on its own, with no warning word ("scam", "phishing"). */
  readonly alone: boolean;
}

/** What words around a body's name say (config/knowledge/mentions.yaml). */
export const MENTION_USES = [
  'police-place',
  'council-place',
  'owns-up',
  'actor',
  'at-fault',
  // Read right after a body's name: it acts, it is the story's source or only told of it, the breach did not
  // touch it, it warns, it looks into its own loss (a police force: into a breach it doubts), a council inside
  // the county.
  'acts',
  'object-after',
  'not-affected',
  'warns',
  'own-inquiry',
  'own-police-inquiry',
  'lower-tier',
  // Read right after the name of a body that acts (use: actor): it leaked itself.
  'leaks',
  // Read right before a body's name: the name is the object of the sentence, not the breached body.
  'object',
] as const;
export type MentionUse = (typeof MENTION_USES)[number];

export interface MentionEntry extends KnowledgeEntry {
  readonly use: MentionUse;
  /** Phrases that, where they overlap a match, cancel it ("shut down its systems" is no police take-down). */
  readonly unless: readonly string[];
  /** The match counts only when it ends the sentence ("..., BBC reports."). */
  readonly endsSentence: boolean;
  /** Words read after a name may run past a comma ("said a man, 17, had been arrested"); others stop at one. */
  readonly pastCommas: boolean;
}

/** Foreign countries, peoples, states and cities (config/knowledge/places.yaml). */
export interface PlaceEntry extends KnowledgeEntry {
  /** Phrases that, found over a match, cancel it ("Northern Ireland's" is no "Ireland's"). */
  readonly unless: readonly string[];
}

/**
 * Words that are evidence of a breach (config/knowledge/breach-terms.yaml) or of an exposure (exposure.yaml),
 * or that mark a sentence as background (background.yaml).
 */
export interface EvidenceEntry extends KnowledgeEntry {
  /** Counts only in a sentence that also names data (data-context.yaml): "leaks" of a game, "hacked off". */
  readonly weak: boolean;
  /** A weak term that stands alone in a headline naming a public body ("Hackney Council hacked"). */
  readonly aloneInHeadline: boolean;
  /** Says personal records were made unavailable by an attack: a breach even when none was taken (labelling.md). */
  readonly unavailable: boolean;
  /** Phrases that, where they overlap a match, cancel it ("with password" is no exposure in "with password reset"). */
  readonly unless: readonly string[];
}

/** What a headline says (config/knowledge/headlines.yaml): that personal data went out, or that none did. */
export const HEADLINE_CLAIMS = ['exposure', 'denial'] as const;
export type HeadlineClaim = (typeof HEADLINE_CLAIMS)[number];

export interface HeadlineEntry extends KnowledgeEntry {
  readonly says: HeadlineClaim;
}

export interface Knowledge {
  readonly roles: readonly RoleEntry[];
  /** Kinds of institution a name of its own comes before, and words for a private school (institutions.yaml). */
  readonly institutions: readonly InstitutionEntry[];
  /** Words that say personal data was exposed (config/knowledge/exposure.yaml). */
  readonly exposure: readonly EvidenceEntry[];
  /** Words that say a breach or attack happened (config/knowledge/breach-terms.yaml). */
  readonly breachTerms: readonly EvidenceEntry[];
  /** Sentences that recall an earlier or different incident (config/knowledge/background.yaml). */
  readonly background: readonly EvidenceEntry[];
  /** Words that name data, which weak evidence needs in its sentence (config/knowledge/data-context.yaml). */
  readonly dataContext: readonly KnowledgeEntry[];
  /** Words right after a leak or hack word that make it no personal data ("leaked memo"): not-personal.yaml. */
  readonly notPersonal: readonly KnowledgeEntry[];
  readonly headlines: readonly HeadlineEntry[];
  /** Words that deny what follows them in their clause (config/knowledge/denials.yaml); `unless` as evidence. */
  readonly denials: readonly EvidenceEntry[];
  readonly suppliers: readonly SupplierEntry[];
  readonly incidental: readonly IncidentalEntry[];
  readonly negatives: readonly NegativeEntry[];
  readonly places: readonly PlaceEntry[];
  readonly mentions: readonly MentionEntry[];
  readonly causes: readonly CauseEntry[];
  readonly dataTypes: readonly DataTypeEntry[];
  readonly regulator: readonly RegulatorEntry[];
  readonly counts: readonly CountEntry[];
}

export interface CompiledKnowledge {
  /** The roles looked for in one sentence with breach words (not loose). */
  readonly roles: PhraseSet<RoleEntry>;
  /** Those roles in file order: when several are named in one sentence, the first in the file is taken. */
  readonly roleOrder: readonly RoleEntry[];
  /** Every role, looked for across a headline and its lead when nothing else was found. */
  readonly allRoles: PhraseSet<RoleEntry>;
  readonly institutions: CompiledInstitutions;
  /** The suppliers whose breach is a public body's (victim). */
  readonly suppliers: PhraseSet<SupplierEntry>;
  readonly exposure: Evidence;
  readonly breachTerms: Evidence;
  readonly background: Evidence;
  readonly dataContext: PhraseSet<KnowledgeEntry>;
  readonly notPersonal: PhraseSet<KnowledgeEntry>;
  readonly headlines: ReadonlyMap<HeadlineClaim, PhraseSet<HeadlineEntry>>;
  readonly denials: Evidence;
  readonly incidental: ReadonlyMap<CueName, PhraseSet<IncidentalEntry>>;
  readonly negatives: ReadonlyMap<NegativeCue, PhraseSet<NegativeEntry>>;
  /** Every negative entry in one trie: a sentence's cues found in one pass, then read cue by cue. */
  readonly everyNegative: PhraseSet<NegativeEntry>;
  /** Each negative entry's `unless` phrases, by entry id (only entries that have some). */
  readonly unless: ReadonlyMap<string, PhraseSet<NegativeEntry>>;
  readonly places: CompiledPlaces;
  readonly mentions: ReadonlyMap<MentionUse, PhraseSet<MentionEntry>>;
  /** Each mention entry's `unless` phrases, by entry id (only entries that have some). */
  readonly mentionUnless: ReadonlyMap<string, PhraseSet<MentionEntry>>;
  /** The police and council words of mentions.yaml in one trie (a story is read once for both). */
  readonly placeWords: PhraseSet<MentionEntry>;
  /** The names of the bodies that act (mentions.yaml, use: actor), exactly as the gazetteer writes them. */
  readonly actorBodies: ReadonlySet<string>;
  /** The suppliers named as firms, to name a story's supplier. */
  readonly firms: Ranked<SupplierEntry>;
  readonly causes: CompiledCauses;
  readonly dataTypes: CompiledDataTypes;
  readonly regulator: CompiledRegulator;
  readonly counts: CountRules;
}

/** Place names are written with capitals ("US", "Georgia"): a match counts only when spelled as in the file. */
export interface CompiledPlaces {
  readonly phrases: PhraseSet<PlaceEntry>;
  /** Each word of the place phrases (normalised) and how the file spells it ("us" → "US"). */
  readonly spellings: ReadonlyMap<string, ReadonlySet<string>>;
  /** The most words a place phrase can match. */
  readonly longest: number;
  /** Each place entry's `unless` phrases, by entry id (only entries that have some). */
  readonly unless: ReadonlyMap<string, PhraseSet<PlaceEntry>>;
}

/**
 * Compiles every entry's phrases once; the result is read-only and can be shared. `tries` (trie-source.ts) may
 * record the tries for the compiled-recogniser cache, or give them back from it.
 */
export function compileKnowledge(knowledge: Knowledge, tries?: TrieSource): CompiledKnowledge {
  const strict = knowledge.roles.filter((r) => !r.loose);
  const entries = <T extends KnowledgeEntry>(list: readonly T[]): PhraseSet<T> => compileEntries(list, tries);
  const unless = <T extends KnowledgeEntry & { readonly unless: readonly string[] }>(list: readonly T[]) => compileUnless(list, tries);
  return {
    roles: compileRoles(strict, tries),
    roleOrder: strict,
    allRoles: compileRoles(knowledge.roles, tries),
    institutions: compileInstitutions(knowledge.institutions, tries),
    suppliers: entries(knowledge.suppliers.filter((s) => s.victim)),
    firms: ranked(knowledge.suppliers.filter((s) => s.firm), tries),
    exposure: compileEvidence(knowledge.exposure, tries),
    breachTerms: compileEvidence(knowledge.breachTerms, tries),
    background: compileEvidence(knowledge.background, tries),
    dataContext: entries(knowledge.dataContext),
    notPersonal: entries(knowledge.notPersonal),
    denials: compileEvidence(knowledge.denials, tries),
    headlines: new Map(HEADLINE_CLAIMS.map((says) => [says, entries(knowledge.headlines.filter((e) => e.says === says))])),
    incidental: new Map(CUE_NAMES.map((cue) => [cue, entries(knowledge.incidental.filter((e) => e.cue === cue))])),
    negatives: new Map(NEGATIVE_CUES.map((cue) => [cue, entries(knowledge.negatives.filter((e) => e.cue === cue))])),
    everyNegative: entries(knowledge.negatives),
    unless: unless(knowledge.negatives),
    places: compilePlaces(knowledge.places, tries),
    mentions: new Map(MENTION_USES.map((use) => [use, entries(mentionsFor(knowledge, use))])),
    mentionUnless: unless(knowledge.mentions),
    placeWords: entries([...mentionsFor(knowledge, 'police-place'), ...mentionsFor(knowledge, 'council-place')]),
    actorBodies: new Set(mentionsFor(knowledge, 'actor').flatMap((e) => e.phrases)),
    causes: compileCauses(knowledge.causes, tries),
    dataTypes: compileDataTypes(knowledge.dataTypes, tries),
    regulator: compileRegulator(knowledge.regulator, tries),
    counts: compileCounts(knowledge.counts, tries),
  };
}

function mentionsFor(knowledge: Knowledge, use: MentionUse): MentionEntry[] {
  return knowledge.mentions.filter((e) => e.use === use);
}


export function compilePlaces(entries: readonly PlaceEntry[], tries?: TrieSource): CompiledPlaces {
  const spellings = new Map<string, Set<string>>();
  for (const word of entries.flatMap((e) => e.phrases).flatMap((p) => p.split(/[\s{}[\]|-]+/))) {
    if (word === '' || word.startsWith('~')) continue;
    const norm = normaliseWord(word);
    let set = spellings.get(norm);
    if (!set) spellings.set(norm, (set = new Set()));
    set.add(word.replace(/’/g, "'"));
  }
  const longestOf = (phrases: readonly string[]): number =>
    Math.max(1, ...phrases.flatMap((p) => expandPhrase(p).map((form) => form.length)));
  const phrases = entries.flatMap((e) => e.phrases);
  const longest = tries ? tries.derived(phrases, longestOf) : longestOf(phrases);
  return { phrases: compileEntries(entries, tries), spellings, longest, unless: compileUnless(entries, tries) };
}

/** Each entry's `unless` phrases compiled, by entry id, for the entries that have some. */
export function compileUnless<T extends KnowledgeEntry & { readonly unless: readonly string[] }>(
  entries: readonly T[],
  tries?: TrieSource,
): ReadonlyMap<string, PhraseSet<T>> {
  const cancelling = entries.filter((e) => e.unless.length > 0);
  return new Map(cancelling.map((e) => [e.id, compilePhrases(e.unless.map((phrase) => ({ phrase, value: e })), tries)]));
}

export function compileEntries<T extends KnowledgeEntry>(entries: readonly T[], tries?: TrieSource): PhraseSet<T> {
  return compilePhrases(
    entries.flatMap((entry) => entry.phrases.map((phrase) => ({ phrase, value: entry }))),
    tries,
  );
}

/** How many words around a role's match an `unless` phrase may reach from. */
const UNLESS_REACH = 16;

/** The role phrases, less any match that one of its own entry's `unless` phrases overlaps ("council tax"). */
export function compileRoles(roles: readonly RoleEntry[], tries?: TrieSource): PhraseSet<RoleEntry> {
  const phrases = compileEntries(roles, tries);
  const unless = compileUnless(roles, tries);
  if (unless.size === 0) return phrases;
  // `from` is where the tokens given start in the sentence: startingAt reads only a window around its matches.
  const kept = (tokens: readonly PhraseToken[], found: Array<PhraseMatch<RoleEntry>>, text?: string, from = 0) =>
    found.filter((m) => {
      const stops = unless.get(m.value.id)?.findAll(tokens, text) ?? [];
      return !stops.some((u) => u.from + from < m.to && m.from < u.to + from);
    });
  return {
    size: phrases.size,
    findAll: (tokens, text) => kept(tokens, phrases.findAll(tokens, text), text),
    startingAt: (tokens, i, text) => {
      const found = phrases.startingAt(tokens, i, text);
      const lo = Math.max(0, i - UNLESS_REACH);
      const hi = Math.max(i, ...found.map((m) => m.to)) + UNLESS_REACH;
      return found.length === 0 ? found : kept(tokens.slice(lo, hi), found, text, lo);
    },
    test: (tokens, text) => kept(tokens, phrases.findAll(tokens, text), text).length > 0,
  };
}
