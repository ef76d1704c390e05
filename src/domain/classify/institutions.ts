// Public institutions named by a name of their own and their kind ("St Mary's Primary School", "Brechin High",
// "Downpatrick Medical Centre") that the gazetteer lacks, and the words for a private school, whose stories'
// school words name no public body: config/knowledge/institutions.yaml.
import type { Sector } from '../types.ts';
import type { KnowledgeEntry } from './knowledge.ts';
import { compilePhrases } from './phrases.ts';
import type { PhraseSet } from './phrases.ts';
import type { TrieSource } from './trie-source.ts';

export const INSTITUTION_KINDS = ['named', 'private-school', 'public-word'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export interface InstitutionEntry extends KnowledgeEntry {
  /** `named`: the phrases are kinds of institution, written as names write them ("Primary School"); a name of
   * one to five capitalised words before one names a body. `private-school`: words for a private school.
   * `public-word`: words that name a UK public body in a headline without its name. */
  readonly kind: InstitutionKind;
  /** The sector of a named kind. */
  readonly sector: Sector | null;
  /** Words that, right after a kind, make it part of something else ("High" in "High Court"). */
  readonly notBefore: readonly string[];
}

export interface CompiledInstitutions {
  /** The first institution named in a text: its name as written (less a leading "The") and its sector. */
  readonly findNamed: (text: string) => { name: string; sector: Sector } | null;
  /** Words for a private school ("an independent school", "fee-paying"). */
  readonly privateSchool: PhraseSet<InstitutionEntry>;
  /** Words that name a UK public body in a headline without its name ("council", "NHS", "HMRC"). */
  readonly publicWords: PhraseSet<InstitutionEntry>;
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileInstitutions(entries: readonly InstitutionEntry[], tries?: TrieSource): CompiledInstitutions {
  // Longer kinds first, so a name ends with the longest kind it has ("Sixth Form College" before "College").
  const kinds = entries
    .filter((e) => e.kind === 'named')
    .flatMap((e) => e.phrases.map((kind) => ({ kind, entry: e })))
    .sort((a, b) => b.kind.length - a.kind.length);
  const alternation = kinds
    .map(({ kind, entry }) => {
      const stop = entry.notBefore.length > 0 ? `(?! (?:${entry.notBefore.map(escape).join('|')})\\b)` : '';
      return `${escape(kind)}${stop}`;
    })
    .join('|');
  const named = new RegExp(String.raw`\b((?:St\.? |Saint )?(?:[\p{Lu}][\p{L}'’.-]+ ){1,5}(?:${alternation}))\b`, 'u');
  const phrasesOf = (kind: InstitutionKind): PhraseSet<InstitutionEntry> =>
    compilePhrases(
      entries.filter((e) => e.kind === kind).flatMap((e) => e.phrases.map((phrase) => ({ phrase, value: e }))),
      tries,
    );
  const privateSchool = phrasesOf('private-school');
  const publicWords = phrasesOf('public-word');
  return {
    findNamed(text) {
      const found = named.exec(text)?.[1]?.replace(/^(?:The|A|An) /, '');
      // "The High Court", "The Hospital": a kind with no name of its own is a role, not a name.
      if (!found?.includes(' ')) return null;
      const sector = kinds.find(({ kind }) => found.endsWith(kind))?.entry.sector;
      return sector ? { name: found, sector } : null;
    },
    privateSchool,
    publicWords,
  };
}
