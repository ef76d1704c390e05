// Cause and data-type rules (round 3), pinned on short sentences written for these tests.
import { describe, expect, it } from 'vitest';
import { extractCause, extractDataTypes } from '../../src/domain/classify/extract.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';

const knowledge = loadCompiledKnowledge();
const sentences = (title: string, summary = '') => buildDoc({ title, summary }).sentences;
const cause = (title: string, summary = '') => extractCause(sentences(title, summary), knowledge.causes).cause;
const types = (title: string, summary = '') => extractDataTypes(sentences(title, summary), knowledge.dataTypes).types;

describe('extractCause: human error', () => {
  it.each([
    ['Council emails residents with every address in the "to" field', 'The message should have been sent using bcc.'],
    ['Letters about benefit claims sent to the wrong addresses', 'A mail merge fault mixed up the envelopes.'],
    ['Tribunal judgment published online with claimant named', 'The version uploaded was unredacted.'],
    ['Force apologises after FOI reply included a hidden sheet', 'Officers were named in it.'],
    ['Hospital apologises for patient list blunder', 'The trust said it was a mistake.'],
  ])('%s', (title, summary) => expect(cause(title, summary)).toBe('human_error'));

  it('a burglary victim is not a theft of data', () => {
    expect(cause('Survey email to burglary victims sent with all recipients visible', 'The force sent it to the wrong mailing list.')).toBe('human_error');
  });
  it('"copied" data in an attack is not a copied-in email', () => {
    expect(cause('Council says data was copied in attack by hackers')).toBe('cyber_attack');
  });
  it('an assault victim\'s attacker is not a cyber attacker', () => {
    expect(cause('Parole summary named victim by mistake', 'Her attacker is due to be released.')).toBe('human_error');
  });
});

describe('extractCause: loss and theft', () => {
  it.each([
    ['Laptop with case notes stolen from officer\'s car'],
    ['Officer\'s notebook found in street by member of the public'],
    ['Discs holding interview recordings went missing in the post'],
    ['Social worker left files on a train'],
    ['Memory stick with pupils\' details lost by council officer'],
  ])('%s', (title) => expect(cause(title)).toBe('loss_theft'));

  it('data "stolen in a cyber attack" is not a theft of a device', () => {
    expect(cause('Applicants\' data stolen in cyber attack on agency')).toBe('cyber_attack');
  });
});

describe('extractCause: insider', () => {
  it.each([
    ['Constable searched force systems with no policing purpose'],
    ['Nurse looked at the records of neighbours out of curiosity'],
    ['Former council worker admits unlawfully obtaining personal data'],
    ['Officer dismissed for gross misconduct after checks on ex-partner'],
    ['Call handler accused of snooping on patients\' records'],
  ])('%s', (title) => expect(cause(title)).toBe('insider'));

  it('"no reason to believe" is not a lack of business reason', () => {
    expect(cause('Council says there is no reason to believe data was taken')).toBeNull();
  });
});

describe('extractCause: misconfiguration', () => {
  it.each([
    ['Complaint forms were publicly viewable for months'],
    ['Camera server needed no login and was left open online'],
    ['Portal let users see other people\'s council tax bills'],
    ['Applicants could open strangers\' passports by changing a number in the web address'],
    ['A settings error on the booking site exposed residents\' notes'],
  ])('%s', (title) => expect(cause(title)).toBe('misconfiguration'));
});

describe('extractCause: supplier', () => {
  it('a breach at a supplier is "supplier", whatever the supplier suffered', () => {
    expect(cause('Hackers breach the firm that prints police warrant cards', 'Names may have been taken from the IT system of a contractor.')).toBe('supplier');
    expect(cause('Patients\' letters went to the wrong homes after an error by a mailing firm')).toBe('supplier');
  });
  it('a supplier that set up or fixed the body\'s own system does not make it a supplier breach', () => {
    expect(cause('Camera archive left open online', 'The server had been installed by a supplier and was left without a password.')).toBe('misconfiguration');
    expect(cause('Residents could see other people\'s bills on the council website', 'The council said its supplier had fixed the fault.')).toBe('misconfiguration');
  });
  it('contractors among the recipients are bystanders', () => {
    expect(cause('Staff addresses emailed by mistake', 'The email went to a list that included external contractors.')).toBe('human_error');
  });
  it('an attack that came in through a contractor\'s account is the body\'s attack', () => {
    expect(cause('Library attack: hackers got in through a contractor\'s account')).toBe('cyber_attack');
  });
});

describe('extractDataTypes', () => {
  it('email addresses are contact details, not addresses', () => {
    expect(types('Clinic email exposed patients\' email addresses', 'Every recipient could see everyone\'s address.')).not.toContain('addresses');
    expect(types('Clinic email exposed patients\' email addresses')).toContain('contact details');
  });
  it('letters sent to the wrong addresses do not expose addresses', () => {
    expect(types('Benefit letters sent to the wrong addresses')).not.toContain('addresses');
    expect(types('Spreadsheet listed officers\' home addresses')).toContain('addresses');
  });
  it('names are implied when people\'s own details are exposed', () => {
    expect(types('Spreadsheet listed officers\' home addresses')).toEqual(['names', 'addresses']);
    expect(types('Council posts residents\' details online by mistake')).toEqual(['names']);
  });
  it('names are not implied when nobody knows yet whether data was taken, nor for custody footage alone', () => {
    expect(types('Council hit by cyber attack', 'It is working to establish whether any personal data was affected.')).toEqual([]);
    expect(types('Custody CCTV footage left open online')).toEqual(['criminal-justice', 'cctv footage']);
  });
  it.each([
    ['Pupils\' support plans detailing disabilities emailed to classmates', 'health'],
    ['Officer looked up police records of his ex-partner', 'criminal-justice'],
    ['Force published the names and pay of its whole workforce', 'staff records'],
    ['Council tax bills and direct debit history shown to other users', 'financial'],
  ])('%s → %s', (title, type) => expect(types(title)).toContain(type));
  it('a victim surcharge in a court report is not criminal-justice data', () => {
    expect(types('Former worker ordered to pay a victim surcharge')).not.toContain('criminal-justice');
  });
});

describe('extractCause: round 4 wording', () => {
  it.each([
    ['Council emails foster carers with all addresses on show', 'The invitation went out without using bcc.', 'human_error'],
    ['Recruitment update went to 300 candidates with every recipient\'s name visible', '', 'human_error'],
    ['Council parking permit website showed other people\'s documents', 'A fault in the permit portal let users see licences uploaded by others.', 'misconfiguration'],
    ['Watchdog looks into tax account takeovers', 'Fraudsters got into the online accounts of thousands of people.', 'cyber_attack'],
    ['Officer shared bodycam footage of a woman in crisis to friends', '', 'insider'],
    ['Transport police passed round CCTV images of a fatal incident in a WhatsApp group', '', 'insider'],
  ])('%s', (title, summary, want) => expect(cause(title, summary)).toBe(want));
});

describe('reasons name the knowledge entries', () => {
  it('gives each cause term with its entry id', () => {
    expect(extractCause(sentences('Letters sent to the wrong addresses'), knowledge.causes).terms).toEqual(['sent to the wrong addresses [cause.wrong-recipient]']);
  });
  it('gives the ids of the data-type entries that matched, and of the wording that implied names', () => {
    expect(extractDataTypes(sentences('Spreadsheet listed officers\' home addresses'), knowledge.dataTypes).ids).toEqual(['data.addresses']);
    expect(extractDataTypes(sentences('Council posts residents\' details online by mistake'), knowledge.dataTypes)).toEqual({
      types: ['names'],
      ids: ['personal.possessive-details'],
    });
  });
});

describe('entry-level checks', () => {
  it('a match right next to a word its entry rules out does not count, one space apart only', () => {
    expect(types('Abuse victims\' statements sent to wrong email address')).toContain('criminal-justice');
    expect(types('CPS emailed victim statements to defendant by mistake')).not.toContain('criminal-justice');
  });
  it('"found to be" is no device found', () => {
    expect(cause('A folder of assessments was found to be accessible to anyone')).toBe('misconfiguration');
  });
});
