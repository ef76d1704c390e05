// Round 3 rules for the affected count, the regulator's action and the supplier, each pinned by short sentences.
import { describe, expect, it } from 'vitest';
import { extractAffected, extractRegulatorAction, extractSupplier } from '../../src/domain/classify/extract.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';

const knowledge = loadCompiledKnowledge();
const story = (title: string, summary: string, content = '') => buildDoc({ title, summary, content, url: 'https://example.test/a' }).sentences;
const affected = (title: string, summary: string, content = ''): number | null =>
  extractAffected(story(title, summary, content), knowledge.counts)?.value ?? null;
const regulator = (summary: string, content = ''): string | null => extractRegulatorAction(story('Council data breach', summary, content), knowledge.regulator);
const supplier = (summary: string, content = ''): string | null => extractSupplier(story('Council data breach', summary, content), knowledge.firms);

describe('extractAffected', () => {
  it('adds up people counted in two parts of one phrase, and nothing else', () => {
    expect(affected('Laptops stolen', 'They held details of 1,000 Ealing and 700 Hounslow clients.')).toBe(1700);
    expect(affected('Afghan leak', 'The email exposed 18,800 Afghans and about 6,000 relatives.')).toBe(24800);
    expect(affected('Afghan leak', 'The email exposed 18,800 Afghans, and 6,000 relatives were told later.')).toBe(18800);
    expect(affected('Council leak', 'In 2019 and 2020 the council lost 300 residents\' files.')).toBe(300);
    expect(affected('Council leak', 'It sent 300 letters and 200 residents were affected.')).toBe(200);
  });
  it('drops a figure the story shows is records of vehicles, wherever it recurs', () => {
    const title = 'Camera dashboard exposed 8.6 million records online';
    expect(affected(title, 'A dashboard was left open, exposing about 8.6 million vehicle records.')).toBeNull();
    expect(affected(title, 'A dashboard was left open, exposing patient data.')).toBe(8600000);
  });
  it('prefers an exact figure within 10% of an approximate one', () => {
    // The exact figure is in the body, past the opening, where it scores no higher than the title's approximate one.
    const title = 'Leak exposed details of almost 19,000 Afghans';
    const opening = 'The department has apologised for the leak and says it is reviewing how files are shared with partners. '.repeat(8);
    expect(affected(title, opening, 'A spreadsheet held the details of 18,700 Afghans who had applied to relocate.')).toBe(18700);
    expect(affected(title, opening, 'A spreadsheet held the details of 12,000 Afghans who had applied to relocate.')).toBe(19000);
  });
  it('prefers an exact figure within 5% of a round one in the title', () => {
    const lead = 'The trust says the details of 18,105 people who tested positive were uploaded by mistake.';
    expect(affected('Details of 18,000 Covid patients put online', lead)).toBe(18105);
    expect(affected('Details of 18,000 Covid patients put online', 'The trust says 2,100 of them live locally.')).toBe(18000);
  });
  it('reads a count whose people are named by a long name ("10,000 Police Service of Northern Ireland employees")', () => {
    const lead = 'Surnames and ranks of about 10,000 Police Service of Northern Ireland employees were left online.';
    expect(affected('Data breach reveals names of every officer', lead)).toBe(10000);
  });
  it('counts people before records or documents, wherever each stands', () => {
    const lead = 'The spreadsheet held 33,000 records on more than 18,000 applicants and their families.';
    expect(affected('Leak exposed Afghans', lead)).toBe(18000);
    expect(affected('Leak exposed Afghans', 'The spreadsheet held 33,000 records.')).toBe(33000);
  });
  it('does not read the number of a name ("Covid-19 patients") as a count', () => {
    expect(affected("Welsh Covid-19 patients' details put online", 'Details of 18,105 people were uploaded.')).toBe(18105);
    expect(affected('Covid-19 patients sent the wrong letters', 'The trust apologised.')).toBeNull();
  });
  it('prefers the figure of the people whose details went out to another figure in the same sentence', () => {
    const summary = 'The department emailed 174 people a spreadsheet listing the names and emails of 407 people.';
    expect(affected('Spreadsheet sent in error', summary)).toBe(407);
    const afghans = 'Nearly 7,000 Afghans are being relocated after a breach that exposed the details of almost 20,000 people.';
    expect(affected('Afghans moved to UK after leak', afghans)).toBe(20000);
  });
  it('counts people before families', () => {
    expect(affected('Discs lost', 'Banks watch the accounts of the 7.25 million families whose records - 25 million people in all - were on the CDs.')).toBe(25000000);
  });
  it('lets a figure beat a count in words in the same zone', () => {
    const summary = 'A list of about 200 foster carers was emailed in error. One carer, who looks after two children, was upset.';
    expect(affected('Foster carers list sent in error', summary)).toBe(200);
    expect(affected('Files sent in error', 'The records of eight patients were opened.')).toBe(8);
  });
  it('keeps only a title figure when the story says the number is not known', () => {
    const summary = 'The corporation has not said how many of its employees were affected. A regulator said data of 412 of its own staff was taken.';
    expect(affected('Staff data taken in payroll hack', summary)).toBeNull();
    expect(affected('Data of 25,000 staff taken in payroll hack', summary)).toBe(25000);
    expect(affected('Staff data taken in payroll hack', 'A regulator said data of 412 of its own staff was taken.')).toBe(412);
  });
});

describe('extractRegulatorAction', () => {
  it('reads a fine with the body named between "fined" and the amount', () => {
    expect(regulator("The Information Commissioner's Office has fined the University of Greenwich £120,000.")).toBe('ICO fine £120,000');
    expect(regulator("The ICO's penalty notice was published. The penalty, £325,000, was paid.")).toBe('ICO fine £325,000');
    expect(regulator('The ICO issued a £40,000 monetary penalty.')).toBe('ICO fine £40,000');
  });
  it('does not take a fine that was not imposed', () => {
    expect(regulator('The ICO issued a reprimand. It said it would have fined the department more than £10 million.')).toBe('ICO reprimand');
    expect(regulator('The ICO can issue fines of up to £17.5m.')).toBeNull();
  });
  it('takes a court fine on an insider the ICO prosecuted as an ICO investigation, not an ICO fine', () => {
    const court = 'She was fined £650 and ordered to pay £1,200 costs at Norwich Magistrates Court.';
    expect(regulator(court, "The prosecution was brought by the Information Commissioner's Office.")).toBe('ICO investigation');
    expect(regulator(court, 'The trust reported the matter to the ICO.')).toBeNull();
    expect(regulator('He pleaded guilty after an ICO investigation.')).toBe('ICO investigation');
  });
  it('reads the ICO looking into it', () => {
    expect(regulator('The ICO said it was making enquiries.')).toBe('ICO investigation');
    expect(regulator('The data watchdog said it would investigate.')).toBe('ICO investigation');
    expect(regulator('The police watchdog is investigating. The ICO has been told.')).toBeNull();
  });
});

describe('extractSupplier', () => {
  it('names the supplier given with its description before a product', () => {
    expect(supplier('Details were taken in the MOVEit hack at its payroll supplier Zellis.')).toBe('Zellis');
    expect(supplier('Synnovis runs the labs.', 'The pathology supplier was attacked.')).toBe('Synnovis');
  });
  it('names a known supplier the story names anywhere, once it speaks of a supplier', () => {
    expect(supplier('The council said its supplier was hit.', 'Iron Mountain stored the boxes.')).toBe('Iron Mountain');
    expect(supplier('A supplier was hit.', 'The firm G4S said it was looking into it.')).toBe('G4S');
    expect(supplier('A supplier was hit.', 'Capita’s statement said so.')).toBe('Capita');
    expect(supplier('A supplier was hit.', 'The capital city council said so.')).toBe('unnamed supplier');
  });
  it('describes an unnamed supplier by the words in front of it', () => {
    expect(supplier('The council blames a printing contractor for the mix-up.')).toBe('printing contractor');
    expect(supplier('Staff details were taken in a cyber attack on HR software supplier.')).toBe('HR software supplier');
    expect(supplier('The force was told by its supplier that a storage bucket had been left open.')).toBe('unnamed supplier');
  });
});

describe('regulator.yaml across sentences', () => {
  it('reads "ICO investigating" run on from a headline with no full stop, but never across a full stop', () => {
    const across = (title: string, summary: string) => extractRegulatorAction(story(title, summary), knowledge.regulator);
    expect(across('ICO', 'Investigating the council leak is now a priority.')).toBe('ICO investigation');
    expect(across('The ICO has been told.', 'Police are investigating.')).toBeNull();
  });
});
