// The breached body when the gazetteer finds none: a public body named but not listed ("St Mary's Primary
// School"), one named by its role ("the council", "a health board": config/knowledge/roles.yaml), or a
// supplier that holds public bodies' data (config/knowledge/suppliers.yaml).
import type { Sector } from '../types.ts';
import type { CompiledKnowledge, RoleEntry, SupplierEntry } from './knowledge.ts';
import type { OrgCandidate } from './organisations.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseMatch } from './phrases.ts';
import type { Signals } from './signals.ts';
import type { Doc, Sentence } from './text.ts';

export interface Victim {
  name: string;
  sector: Sector;
  reason: string;
  candidate: OrgCandidate | null;
  /** How it was found without a gazetteer name: 'named' (unlisted name or role in a sentence with breach
   * words), 'loose' (a role anywhere in the headline and lead), or 'supplier'. */
  unlisted?: 'named' | 'loose' | 'supplier';
  /** The supplier whose breach this is, when found by a supplier entry. */
  supplier?: string;
  /** Found by words for data only a public body holds (roles.yaml `publicData`): a private firm is its supplier. */
  publicData?: boolean;
}

function wordsOf(doc: Doc, s: Sentence, m: PhraseMatch<unknown>): string {
  const { start, end } = matchSpan(s.tokens, m);
  return doc.text.slice(start, end);
}

export function findUnlistedVictim(doc: Doc, signals: Signals, knowledge: CompiledKnowledge): Victim | null {
  if (signals.nonUk) return null;
  // Read once for the story, not once per sentence (on a long page that was quadratic).
  let privateSchool: boolean | undefined;
  const isPrivateSchool = (): boolean => (privateSchool ??= knowledge.institutions.privateSchool.test(doc.tokens));
  for (const s of doc.sentences) {
    if (s.zone === 'body' || s.background) continue;
    const f = signals.facts[s.index];
    if (!f || f.breach + f.exposure === 0) continue;
    const named = knowledge.institutions.findNamed(s.text);
    if (named) {
      const { name, sector } = named;
      return { name, sector, reason: `Organisation: '${name}' named near breach terms; not in the gazetteer (${sector}, by its name).`, candidate: null, unlisted: 'named' };
    }
    const roles = knowledge.roles.findAll(s.tokens);
    for (const role of knowledge.roleOrder) {
      // "An independent school", "a fee-paying school": not a public body.
      if (role.sector === 'education' && isPrivateSchool()) continue;
      const m = roles.find((r) => r.value === role);
      if (!m) continue;
      const reason = `Organisation: '${wordsOf(doc, s, m)}' near breach terms is a UK public body but not named (${role.sector}; ${role.id}).`;
      return { name: role.label, sector: role.sector, reason, candidate: null, unlisted: 'named' };
    }
  }
  return findLooseVictim(doc, signals, knowledge, isPrivateSchool);
}

/**
 * A feed item's headline and lead read together: "Trust discloses data breaches" names the body in the
 * headline and the exposure in the lead. A supplier to public bodies comes first (its breach is theirs),
 * then the first role in the text. Only when the headline or lead has breach or exposure words.
 */
function findLooseVictim(doc: Doc, signals: Signals, knowledge: CompiledKnowledge, isPrivateSchool: () => boolean): Victim | null {
  const focus = doc.sentences.filter((s) => s.zone !== 'body' && !s.background);
  const evidence = focus.some((s) => {
    const f = signals.facts[s.index];
    return f !== undefined && f.breach + f.exposure > 0;
  });
  if (!evidence && !signals.titleAssertsBreach) return null;
  // A body named only by its role needs more than a word that counts only near data ("leaks" of a game
  // beside "emails"): an exposure phrase, a headline that says data went out, or a breach word of its own.
  const strong =
    signals.leadExposure.length > 0 || signals.titleAssertsBreach || signals.breachTerms.some((t) => !t.weak);
  let supplier: { entry: SupplierEntry; words: string } | null = null;
  let role: { entry: RoleEntry; words: string } | null = null;
  let subjects: { entry: RoleEntry; words: string } | null = null;
  const sectors = new Set<Sector>();
  for (const s of focus) {
    for (const m of knowledge.suppliers.findAll(s.tokens)) supplier ??= { entry: m.value, words: wordsOf(doc, s, m) };
    for (const m of knowledge.allRoles.findAll(s.tokens)) {
      if (m.value.sector === 'education' && isPrivateSchool()) continue;
      // In a story of an arrest or inquiry, the police are the investigators, not the breached body.
      if (m.value.investigates && signals.investigation) continue;
      if (m.value.subjects) subjects ??= { entry: m.value, words: wordsOf(doc, s, m) };
      else role ??= { entry: m.value, words: wordsOf(doc, s, m) };
      sectors.add(m.value.sector);
    }
  }
  if (supplier) {
    const { entry, words } = supplier;
    const sector = entry.serves.find((x) => sectors.has(x)) ?? (entry.serves[0] as Sector);
    return {
      name: `${entry.name} (${sector.replace('_', ' ')} supplier)`,
      sector,
      reason: `Organisation: '${words}' is a supplier holding UK public bodies' data (${sector}; ${entry.id}); no public body is named as breached.`,
      candidate: null,
      unlisted: 'supplier',
      supplier: entry.name,
    };
  }
  const found = role ?? subjects;
  if (!found || !strong) return null;
  const { entry, words } = found;
  const reason = entry.subjects
    ? `Organisation: no body named; '${words}' is data a UK public body holds (${entry.sector}; ${entry.id}).`
    : `Organisation: '${words}' in the headline or lead is a UK public body but not named (${entry.sector}; ${entry.id}).`;
  return { name: entry.label, sector: entry.sector, reason, candidate: null, unlisted: 'loose', publicData: entry.publicData };
}
