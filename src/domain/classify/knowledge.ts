// What the classifier knows about the world, as data (config/knowledge/*.yaml), and its compiled form.
// The files are read and checked by src/config/load-knowledge.ts; this module only compiles them.
import type { Sector } from '../types.ts';
import { compileCauses, compileDataTypes, compileRegulator, ranked } from './fact-knowledge.ts';
import type { CauseEntry, CompiledCauses, CompiledDataTypes, CompiledRegulator } from './fact-knowledge.ts';
import type { CountEntry, DataTypeEntry, Ranked, RegulatorEntry } from './fact-knowledge.ts';
import { compileCounts } from './numbers.ts';
import type { CountRules } from './numbers.ts';
import { compilePhrases } from './phrases.ts';
import type { PhraseSet } from './phrases.ts';

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

/** The negative cues kept as data: config/knowledge/negatives.yaml. */
export const NEGATIVE_CUES = ['statistics', 'website-outage'] as const;
export type NegativeCue = (typeof NEGATIVE_CUES)[number];

export interface NegativeEntry extends KnowledgeEntry {
  readonly cue: NegativeCue;
}

export interface Knowledge {
  readonly roles: readonly RoleEntry[];
  /** Words that say personal data was exposed (config/knowledge/exposure.yaml). */
  readonly exposure: readonly KnowledgeEntry[];
  readonly suppliers: readonly SupplierEntry[];
  readonly incidental: readonly IncidentalEntry[];
  readonly negatives: readonly NegativeEntry[];
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
  /** The suppliers whose breach is a public body's (victim). */
  readonly suppliers: PhraseSet<SupplierEntry>;
  /** The suppliers named as firms, to name a story's supplier. */
  readonly firms: Ranked<SupplierEntry>;
  readonly exposure: PhraseSet<KnowledgeEntry>;
  readonly incidental: ReadonlyMap<CueName, PhraseSet<IncidentalEntry>>;
  readonly negatives: ReadonlyMap<NegativeCue, PhraseSet<NegativeEntry>>;
  readonly causes: CompiledCauses;
  readonly dataTypes: CompiledDataTypes;
  readonly regulator: CompiledRegulator;
  readonly counts: CountRules;
}

/** Compiles every entry's phrases once; the result is read-only and can be shared. */
export function compileKnowledge(knowledge: Knowledge): CompiledKnowledge {
  const strict = knowledge.roles.filter((r) => !r.loose);
  return {
    roles: compileEntries(strict),
    roleOrder: strict,
    allRoles: compileEntries(knowledge.roles),
    suppliers: compileEntries(knowledge.suppliers.filter((s) => s.victim)),
    firms: ranked(knowledge.suppliers.filter((s) => s.firm)),
    exposure: compileEntries(knowledge.exposure),
    incidental: new Map(CUE_NAMES.map((cue) => [cue, compileEntries(knowledge.incidental.filter((e) => e.cue === cue))])),
    negatives: new Map(NEGATIVE_CUES.map((cue) => [cue, compileEntries(knowledge.negatives.filter((e) => e.cue === cue))])),
    causes: compileCauses(knowledge.causes),
    dataTypes: compileDataTypes(knowledge.dataTypes),
    regulator: compileRegulator(knowledge.regulator),
    counts: compileCounts(knowledge.counts),
  };
}

export function compileEntries<T extends KnowledgeEntry>(entries: readonly T[]): PhraseSet<T> {
  return compilePhrases(entries.flatMap((entry) => entry.phrases.map((phrase) => ({ phrase, value: entry }))));
}
