// The organisation matcher and the gazetteer file.
import { describe, expect, it } from 'vitest';
import { createGazetteer, tokenise } from '../../src/domain/classify/index.ts';
import type { GazetteerEntry } from '../../src/domain/classify/index.ts';
import { loadGazetteer, parseGazetteerJson } from '../../src/config/load-gazetteer.ts';
import { BreachwatchError } from '../../src/domain/errors.ts';

const entries: GazetteerEntry[] = [
  { name: 'Metropolitan Police Service', sector: 'police', aliases: ['the Met', 'Met Police', 'Metropolitan Police', 'Scotland Yard', 'MPS'] },
  { name: 'Met Office', sector: 'central_government', aliases: [] },
  { name: 'Department for Work and Pensions', sector: 'central_government', aliases: ['DWP'] },
  { name: "Mayor's Office for Policing and Crime", sector: 'police', aliases: ['Mopac', 'MOPAC'] },
  { name: 'Royal Borough of Kensington and Chelsea', sector: 'council', aliases: ['Kensington and Chelsea council', 'Kensington & Chelsea council'] },
];
const small = createGazetteer(entries);
const names = (text: string): string[] => small.find(text).map((m) => m.entry.name);

describe('gazetteer matching', () => {
  it('finds the Met by its newsroom names, with positions', () => {
    const text = 'Scotland Yard said the Met had told MPS staff.';
    const found = small.find(text);
    expect(found.map((m) => m.entry.name)).toEqual(Array(3).fill('Metropolitan Police Service'));
    expect(found[0]).toMatchObject({ start: 0, end: 13, text: 'Scotland Yard', viaName: false });
    expect(text.slice(found[1]?.start, found[1]?.end)).toBe('Met');
  });
  it('"met with officials" is not the Met', () => {
    expect(names('The minister met with officials on Tuesday.')).toEqual([]);
    expect(names('Met with fury, the plan was dropped.')).toEqual([]);
    expect(names('Officials Met With Union Leaders')).toEqual([]);
    expect(names('We met the deadline.')).toEqual([]);
  });
  it('a headline that starts "Met sorry", "Met blunder" or "Met investigates" names the Met', () => {
    const headlines = ['Met sorry for email that named victims', 'Met blunder reveals victims', 'Met investigates hack'];
    for (const headline of headlines) {
      expect(names(headline), headline).toEqual(['Metropolitan Police Service']);
    }
    expect(names('Met fierce resistance from the union')).toEqual([]);
  });
  it('a bare place names every body of that place, in file order; an alias two bodies share finds the first', () => {
    const shared = createGazetteer([
      { name: 'Ealing Council', sector: 'council', aliases: ['Ealing Town Hall'] },
      { name: 'Ealing Police', sector: 'police', aliases: ['Ealing Town Hall'] },
    ]);
    const [place] = shared.find('Staff in Ealing were told.');
    expect((place?.places ?? []).map((e) => e.name)).toEqual(['Ealing Council', 'Ealing Police']);
    expect(shared.find('Ealing Town Hall said').map((m) => m.entry.name)).toEqual(['Ealing Council']);
    expect(shared.find("Ealing Town Hall's data").map((m) => m.text)).toEqual(["Ealing Town Hall's"]);
  });
  it('capital-M Met mid-sentence is the Met', () => {
    expect(names('A Met spokesperson said officers were told.')).toEqual(['Metropolitan Police Service']);
  });
  it('prefers the longest name: Met Office is not the Met', () => {
    expect(names('The Met Office issued a weather warning.')).toEqual(['Met Office']);
  });
  it('acronyms match only in capitals: MPs and mps are not MPS', () => {
    expect(names('MPs questioned the minister; DWP officials replied.')).toEqual(['Department for Work and Pensions']);
    expect(names('the dwp said')).toEqual([]);
  });
  it('handles apostrophes, ampersands and case in multi-word names', () => {
    expect(names('The Mayor’s Office for Policing and Crime (Mopac) was reprimanded.')).toEqual([
      "Mayor's Office for Policing and Crime",
      "Mayor's Office for Policing and Crime",
    ]);
    expect(names('Kensington & Chelsea council apologised.')).toEqual(['Royal Borough of Kensington and Chelsea']);
  });
  it('does not match across sentences', () => {
    expect(names('They went to Scotland. Yard work resumed.')).toEqual([]);
  });
  it('tokenises words with offsets', () => {
    expect(tokenise('Mayor’s office & co').map((t) => t.norm)).toEqual(['mayors', 'office', 'and', 'co']);
  });
  it('keeps telling spellings apart after its table of spellings fills and empties', () => {
    // 200,000 distinct spellings: more than the table holds, so it empties at least once on the way.
    const many = Array.from({ length: 200_000 }, (_, i) => `W${i.toString(36)}x`).join(' ');
    const tokens = tokenise(many);
    expect(tokens).toHaveLength(200_000);
    expect(tokens.every((t, i) => t.norm === `w${i.toString(36)}x` && t.raw === many.slice(t.start, t.end))).toBe(true);
    expect(tokenise('The Council’s data, the council’s data').map((t) => [t.raw, t.norm, t.stem])).toEqual([
      ['The', 'the', undefined],
      ['Council’s', 'councils', 'council'],
      ['data', 'data', undefined],
      ['the', 'the', undefined],
      ['council’s', 'councils', 'council'],
      ['data', 'data', undefined],
    ]);
  });
});

describe('config/gazetteer.json', () => {
  const gazetteer = loadGazetteer();
  it('holds thousands of UK public bodies with the hand-written aliases', () => {
    expect(gazetteer.size).toBeGreaterThan(2000);
    expect(gazetteer.byName('Metropolitan Police Service')?.aliases).toContain('Scotland Yard');
    expect(gazetteer.byName('Police Service of Northern Ireland')?.aliases).toContain('PSNI');
    expect(gazetteer.byName("Mayor's Office for Policing and Crime")?.sector).toBe('police');
  });
  it.each([
    ['RBKC said', 'Royal Borough of Kensington and Chelsea'],
    ['HMRC wrote', 'HM Revenue & Customs'],
    ['The MoJ said', 'Ministry of Justice'],
    ['TfL confirmed', 'Transport for London'],
    ['Norfolk and Suffolk police disclosed', 'Norfolk and Suffolk Constabularies'],
    ['South Yorkshire Police lost footage', 'South Yorkshire Police'],
    ['The Electoral Commission said', 'Electoral Commission'],
    ['The Legal Aid Agency said', 'Legal Aid Agency'],
    ['The British Library said', 'British Library'],
    ['Manchester University NHS Foundation Trust said', 'Manchester University NHS Foundation Trust'],
    ['Leeds City Council said', 'Leeds City Council'],
    ['NHS England said', 'NHS England'],
    ['Data stolen in Sepa hack posted online', 'Scottish Environment Protection Agency'],
    ['South East Coast Ambulance suffers major data breach', 'South East Coast Ambulance Service NHS Foundation Trust'],
  ])('%s → %s', (text, name) => {
    expect(gazetteer.find(text).map((m) => m.entry.name)).toContain(name);
  });
  it.each([
    ['Statistics show breaches rose', 'UK Statistics Authority'],
    ['NRS Healthcare said patient data was exposed', 'Nuclear Restoration Services'],
    ['GP practices in the Northern area were hit', 'Northern Constabulary'],
    ['Hackers leaked player data from the MMO', 'Marine Management Organisation'],
    ['East London school shut after data breach', 'East London NHS Foundation Trust'],
  ])('%s is not %s', (text, name) => {
    expect(gazetteer.find(text).flatMap((m) => [m.entry.name, ...(m.places ?? []).map((e) => e.name)])).not.toContain(name);
  });
  it('gives the sectors labelling.md names: devolved departments, environment regulators', () => {
    expect(gazetteer.byName('The Executive Office (Northern Ireland)')?.sector).toBe('central_government');
    expect(gazetteer.byName('Department for Communities (Northern Ireland)')?.sector).toBe('central_government');
    expect(gazetteer.byName('Scottish Environment Protection Agency')?.sector).toBe('regulator');
  });
  it('rejects an invalid file with a message that says how to fix it', () => {
    expect(() => parseGazetteerJson('{"entries":[{"name":"X","sector":"pub","aliases":[]}]}')).toThrow(BreachwatchError);
    expect(() => parseGazetteerJson('not json')).toThrow(/build-gazetteer/);
  });
});
