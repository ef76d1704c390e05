// Evidence phrases (breach terms, exposure, background markers) as a regex lexicon read them: in a sentence,
// the leftmost match wins, the longest at one start (the first entry of the file on a tie), and matches never
// overlap; a match that an entry's `unless` phrase overlaps does not count.
import type { EvidenceEntry } from './knowledge.ts';
import { compilePhrases } from './phrases.ts';
import type { PhraseMatch, PhraseSet, PhraseToken } from './phrases.ts';
import type { TrieSource } from './trie-source.ts';

export interface Evidence {
  /** The matches of a sentence, left to right, none overlapping (text: what the tokens' offsets index). */
  find(tokens: readonly PhraseToken[], text?: string): ReadonlyArray<PhraseMatch<EvidenceEntry>>;
  readonly size: number;
}

const NONE: ReadonlyArray<PhraseMatch<EvidenceEntry>> = Object.freeze([]);

export function compileEvidence(entries: readonly EvidenceEntry[], tries?: TrieSource): Evidence {
  const order = new Map(entries.map((e, i) => [e, i]));
  const phrases = compilePhrases(entries.flatMap((entry) => entry.phrases.map((phrase) => ({ phrase, value: entry }))), tries);
  const unless: PhraseSet<EvidenceEntry> | null = entries.some((e) => e.unless.length > 0)
    ? compilePhrases(entries.flatMap((entry) => entry.unless.map((phrase) => ({ phrase, value: entry }))), tries)
    : null;
  const rank = (m: PhraseMatch<EvidenceEntry>): number => order.get(m.value) ?? 0;
  return {
    size: phrases.size,
    find(tokens, text) {
      let all = phrases.findAll(tokens, text);
      if (all.length === 0) return NONE;
      if (unless) {
        const stops = unless.findAll(tokens, text);
        const cancelled = (m: PhraseMatch<EvidenceEntry>): boolean =>
          stops.some((u) => u.value === m.value && u.from < m.to && m.from < u.to);
        if (stops.length > 0) all = all.filter((m) => !cancelled(m));
      }
      all.sort((a, b) => a.from - b.from || b.to - a.to || rank(a) - rank(b));
      const out: Array<PhraseMatch<EvidenceEntry>> = [];
      let end = 0;
      for (const m of all) {
        if (m.from < end) continue;
        out.push(m);
        end = m.to;
      }
      return out;
    },
  };
}
