// What the classifier knows about the world, as data (config/knowledge/*.yaml), and its compiled form.
// The files are read and checked by src/config/load-knowledge.ts; this module only compiles them.
import type { Sector } from '../types.ts';
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
}

export interface Knowledge {
  readonly roles: readonly RoleEntry[];
}

export interface CompiledKnowledge {
  readonly roles: PhraseSet<RoleEntry>;
  /** Roles in file order: when several are named in one sentence, the first in the file is taken. */
  readonly roleOrder: readonly RoleEntry[];
}

/** Compiles every entry's phrases once; the result is read-only and can be shared. */
export function compileKnowledge(knowledge: Knowledge): CompiledKnowledge {
  return { roles: compileEntries(knowledge.roles), roleOrder: knowledge.roles };
}

export function compileEntries<T extends KnowledgeEntry>(entries: readonly T[]): PhraseSet<T> {
  return compilePhrases(entries.flatMap((entry) => entry.phrases.map((phrase) => ({ phrase, value: entry }))));
}
