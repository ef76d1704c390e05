// The words right around a body's name (mentions.yaml), read by name-context.ts: right after the name, in its
// sentence, or ending right before it with "the" and one possessive allowed between.
import { describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import type { MentionUse } from '../../src/domain/classify/knowledge.ts';
import { afterName, saidBefore } from '../../src/domain/classify/name-context.ts';
import { tokenise } from '../../src/domain/classify/tokens.ts';

const knowledge = loadCompiledKnowledge();
/** The name is the first occurrence of `name` in the sentence. */
const around = (side: 'after' | 'before', use: MentionUse, sentence: string, name: string): boolean => {
  const start = sentence.indexOf(name);
  const span = { start, end: start + name.length };
  const tokens = tokenise(sentence);
  if (side === 'after') return afterName(knowledge, tokens, span, sentence)(use);
  return saidBefore(knowledge, use, tokens, span, sentence);
};

describe('words right after a name', () => {
  it('start at the first word after it', () => {
    expect(around('after', 'acts', 'Kent Police are investigating the theft.', 'Kent Police')).toBe(true);
    expect(around('after', 'acts', 'Kent Police lost files; officers are investigating.', 'Kent Police')).toBe(false);
  });

  it('may let a few words come first when the phrase starts with a gap', () => {
    expect(around('after', 'acts', "Kent Police's cyber crime unit is investigating.", 'Kent Police')).toBe(true);
  });

  it('count only at the end of the sentence where the entry says so', () => {
    expect(around('after', 'object-after', 'Hundreds of letters went astray, the BBC reports.', 'BBC')).toBe(true);
    expect(around('after', 'object-after', 'The BBC reports its own figures.', 'BBC')).toBe(false);
  });

  it('are cancelled by an unless phrase of their entry', () => {
    expect(around('after', 'acts', 'Europol shut down the marketplace.', 'Europol')).toBe(true);
    expect(around('after', 'acts', 'The council shut down its systems.', 'council')).toBe(false);
  });
});

describe('words right before a name', () => {
  it('end right before it, with "the" and one possessive allowed between', () => {
    expect(around('before', 'object', 'Complaints against the Met rose.', 'Met')).toBe(true);
    expect(around('before', 'object', "Fraudsters are posing as the city's council.", 'council')).toBe(true);
    expect(around('before', 'object', 'The figures were obtained by the BBC.', 'BBC')).toBe(true);
    expect(around('before', 'object', 'Against advice, the Met published the list.', 'Met')).toBe(false);
  });

  it('are cancelled by an unless phrase ("action against" makes no object)', () => {
    expect(around('before', 'object', 'The ICO took action against the council.', 'council')).toBe(false);
  });
});
