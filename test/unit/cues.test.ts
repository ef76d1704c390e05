// The negative cues and foreign places as cues.ts finds them: the rules of an entry beyond its phrases.
import { describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import { cueHits, firstOf, placeAt, placeHits } from '../../src/domain/classify/cues.ts';
import type { Words } from '../../src/domain/classify/cues.ts';
import type { NegativeCue } from '../../src/domain/classify/knowledge.ts';
import { tokenise } from '../../src/domain/classify/tokens.ts';

const knowledge = loadCompiledKnowledge();
const words = (text: string): Words => ({ text, start: 0, tokens: tokenise(text) });
const cue = (name: NegativeCue, text: string, defuse = false): string | null => {
  const incidental = defuse && name === 'private' ? knowledge.incidental.get('private') : undefined;
  return firstOf(cueHits(knowledge.negatives.get(name), knowledge.unless, words(text), incidental))?.said ?? null;
};

describe('negative cues', () => {
  it('name the entry that fired', () => {
    expect(cue('scam', 'Police warn of fraudsters posing as bank staff.')).toBe('fraudsters [negative.fraud]');
    expect(cue('investigation', 'Teenager arrested over the hack.')).toBe('arrested [negative.arrest]');
  });
  it('take the longest match at the first place', () => {
    expect(cue('scam', 'GPs warn of fake NHS text messages.')).toBe('fake NHS text messages [negative.fraud]');
  });
  it('stay within plain words: no quote or comma between them, except in a number', () => {
    expect(cue('policy', 'A "small number" of customers were affected.')).toBeNull();
    expect(cue('policy', 'A small number of customers were affected.')).toBe('number of [negative.policy-research]');
  });
  it('read afterNumber: the match follows a number, which the hit includes', () => {
    const said = cue('policy', 'Councils reported 12,700 data breaches.');
    expect(said).toBe('12,700 data breaches [negative.policy-breach-count]');
    expect(cue('policy', 'Leaks, data breaches and hacks were reported.')).toBeNull();
  });
  it('read unless: a phrase starting at the same word cancels the match', () => {
    expect(cue('no-data', 'No card details were taken.')).toBeNull();
    const said = cue('no-data', 'No personal details were taken.');
    expect(said).toBe('No personal details were taken [negative.no-data-taken]');
  });
  it('are defused by an incidental phrase around the cue word', () => {
    expect(cue('private', 'Staff bank details were exposed.', true)).toBeNull();
    expect(cue('private', 'The bank was hacked.', true)).toBe('bank [negative.private-trade]');
  });
});

describe('foreign places', () => {
  const place = (text: string): string | null => firstOf(placeHits(knowledge.places, words(text)))?.said ?? null;
  it('count only when spelled with the capitals of places.yaml', () => {
    expect(place('US county exposes voter data.')).toBe('US [place.united-states]');
    expect(place('The council told us nothing.')).toBeNull();
    expect(place('Washington state agency hacked.')).toBe('Washington [place.us-states]');
    expect(place('washington state agency hacked.')).toBeNull();
  });
  it('read a possessive and either apostrophe', () => {
    expect(place('Ireland’s health service was hit.')).toBe('Ireland’s [place.ireland]');
    expect(place("Canada's privacy office said so.")).toBe("Canada's [place.canada]");
  });
  it('read unless: a phrase over the match cancels it', () => {
    expect(place("Northern Ireland's police service apologised.")).toBeNull();
    expect(place("Ireland's health service apologised.")).toBe("Ireland's [place.ireland]");
  });
  it('find the longest place starting at a word', () => {
    const w = words('The City of Newcastle in New South Wales.');
    expect(placeAt(knowledge.places, w, 5)?.said).toBe('New South Wales [place.australia-new-zealand]');
    expect(placeAt(knowledge.places, w, 3)).toBeNull();
  });
});
