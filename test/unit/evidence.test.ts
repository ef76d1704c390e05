// Evidence phrases (breach terms, exposure, background markers) read as a regex lexicon read them: leftmost,
// longest at a word, never overlapping, an entry's `unless` phrases cancelling what they overlap; and in a
// story, weak terms only beside data words, never after a denial, never before "memo" and the like.
import { describe, expect, it } from 'vitest';
import { loadRecogniser } from '../../src/config/load-recogniser.ts';
import { compileEvidence, tokenise } from '../../src/domain/classify/index.ts';
import type { EvidenceEntry } from '../../src/domain/classify/index.ts';
import { matchSpan } from '../../src/domain/classify/phrases.ts';

const entry = (id: string, phrases: string[], more: Partial<EvidenceEntry> = {}): EvidenceEntry => ({
  id,
  means: 'An entry for testing.',
  phrases,
  examples: { match: [], noMatch: [] },
  weak: false,
  aloneInHeadline: false,
  unavailable: false,
  unless: [],
  ...more,
});

const found = (entries: EvidenceEntry[], text: string): string[] => {
  const tokens = tokenise(text);
  return compileEvidence(entries)
    .find(tokens, text)
    .map((m) => {
      const { start, end } = matchSpan(tokens, m);
      return `${text.slice(start, end)} [${m.value.id}]`;
    });
};

describe('evidence in a sentence', () => {
  it('takes the leftmost match, the longest at a word, and no overlaps', () => {
    const entries = [entry('a', ['stolen']), entry('b', ['data ~3 stolen']), entry('c', ['stolen from [a] car'])];
    expect(found(entries, 'The data was stolen from a car')).toEqual(['data was stolen [b]']);
    expect(found(entries, 'A laptop was stolen from a car')).toEqual(['stolen from a car [c]']);
  });

  it('takes the first entry of the file when two match the same words', () => {
    const entries = [entry('a', ['lost a notebook']), entry('b', ['lost ~1 notebook'])];
    expect(found(entries, 'He lost a notebook')).toEqual(['lost a notebook [a]']);
  });

  it('drops a match that the entry’s unless phrase overlaps, and only that entry’s', () => {
    const entries = [entry('pw', ['without [a] password'], { unless: ['password reset'] }), entry('reset', ['reset'])];
    expect(found(entries, 'Files were online without a password')).toEqual(['without a password [pw]']);
    expect(found(entries, 'Log in without password reset codes')).toEqual(['reset [reset]']);
  });
});

describe('evidence in a story', () => {
  const recogniser = loadRecogniser({ veto: false });
  const reasons = (title: string, summary: string): string => recogniser.classify({ title, summary }).reasons.join(' ');

  it('names the entry that fired', () => {
    const said = reasons('Letters went to the wrong school', '');
    expect(said).toMatch(/to the wrong school \[exposure\.wrong-recipient\]/);
  });

  it('counts a weak term only beside a data word', () => {
    expect(reasons('Striker hacked off by referee', '')).not.toMatch(/breach\.hack/);
    expect(reasons('Council email system hacked', '')).toMatch(/hacked \[breach\.hack\]/);
  });

  it('does not count a term about a memo or a contract', () => {
    expect(reasons('Leaked Home Office memo reveals plans', '')).not.toMatch(/breach\.leak/);
    expect(reasons('Firm accused of breach of contract', '')).not.toMatch(/breach\.breach/);
  });
});
