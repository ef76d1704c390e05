// The words right around a body's name (config/knowledge/mentions.yaml), read in its sentence: those right
// after it say that it acts, that it is the story's source, that the breach did not touch it...; those right
// before it make it the object of the sentence ("complaints against the Met"). The words are data; what
// "right after" and "right before" mean is here.
import type { CompiledKnowledge, MentionEntry, MentionUse } from './knowledge.ts';
import type { PhraseMatch } from './phrases.ts';
import type { Token } from './tokens.ts';

/** How far after a name its words are read: about a hundred characters of news copy. */
const AFTER_WORDS = 20;
/** How far before a name its words are read. */
const BEFORE_WORDS = 14;

/** Where a name lies in the text its sentence's tokens index. */
export interface NameSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * What the words right after the name say, use by use: the words are found once. They run up to a break
 * inside the sentence ("; ", " (", a quote), since a new clause says nothing of the name, and a match stops
 * at a comma unless its entry says `pastCommas`.
 */
export function afterName(
  knowledge: CompiledKnowledge,
  tokens: readonly Token[],
  name: NameSpan,
  text: string,
): (use: MentionUse) => boolean {
  const next = tokens.findIndex((t) => t.start >= name.end);
  if (next < 0) return () => false;
  let cut = Math.min(tokens.length, next + AFTER_WORDS);
  for (let i = next + 1; i < cut; i++) {
    if (HARD_BREAK.test(between(tokens, i, text))) {
      cut = i;
      break;
    }
  }
  const after = tokens.slice(next, cut);
  const ends = tokens.length - next;
  const crossesComma = (m: PhraseMatch<MentionEntry>): boolean => {
    for (let i = m.from + 1; i < m.to; i++) if (between(after, i, text).includes(',')) return true;
    return false;
  };
  return (use) => {
    const set = knowledge.mentions.get(use);
    if (!set) return false;
    return kept(knowledge, set.startingAt(after, 0, text), after, text).some(
      (m) => (!m.value.endsSentence || m.to === ends) && (m.value.pastCommas || !crossesComma(m)),
    );
  };
}

/** Punctuation that ends what the words after a name can say about it. */
const HARD_BREAK = /[;:()"“”]/;

/** The characters between token i - 1 and token i. */
function between(tokens: readonly Token[], i: number, text: string): string {
  return text.slice((tokens[i - 1] as Token).end, (tokens[i] as Token).start);
}

/**
 * Words of `use` end right before the name, in its sentence; "the" and one possessive may come between
 * ("complaints against the Met", "posing as the city's council").
 */
export function saidBefore(
  knowledge: CompiledKnowledge,
  use: MentionUse,
  tokens: readonly Token[],
  name: NameSpan,
  text: string,
): boolean {
  const set = knowledge.mentions.get(use);
  if (!set) return false;
  let end = tokens.findIndex((t) => t.start >= name.start);
  if (end < 0) end = tokens.length;
  if (end > 0 && (tokens[end - 1] as Token).stem !== undefined && (tokens[end - 1] as Token).end <= name.start) end--;
  if (end > 0 && (tokens[end - 1] as Token).norm === 'the') end--;
  const before = tokens.slice(Math.max(0, end - BEFORE_WORDS), end);
  return kept(knowledge, set.findAll(before, text), before, text).some((m) => m.to === before.length);
}

/** The matches no `unless` phrase of their own entry overlaps. */
function kept(
  knowledge: CompiledKnowledge,
  matches: ReadonlyArray<PhraseMatch<MentionEntry>>,
  tokens: readonly Token[],
  text: string,
): ReadonlyArray<PhraseMatch<MentionEntry>> {
  if (matches.length === 0) return matches;
  return matches.filter((m) => {
    const unless = knowledge.mentionUnless.get(m.value.id);
    return !unless?.findAll(tokens, text).some((u) => u.from < m.to && u.to > m.from);
  });
}
