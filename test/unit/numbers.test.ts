import { describe, expect, it } from 'vitest';
import { findCounts, parseCount } from '../../src/domain/classify/index.ts';
import { scanCounts } from '../../src/domain/classify/numbers.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { loadCorpus, loadSeeds, toText } from '../../scripts/eval-lib.ts';

const RULES = loadCompiledKnowledge().counts;

describe('parseCount', () => {
  it.each([
    ['400', 400],
    ['1,000', 1000],
    ['47,000', 47000],
    ['1.2 million', 1200000],
    ['1.2m', 1200000],
    ['two million', 2000000],
    ['10 thousand', 10000],
  ])('%s → %d', (raw, value) => expect(parseCount(raw)).toBe(value));
  it.each(['thousands', 'many', '', 'a'])('%s → null', (raw) => expect(parseCount(raw)).toBeNull());
});

describe('findCounts', () => {
  const first = (s: string): number | undefined => findCounts(s, RULES)[0]?.value;
  it('reads approximate and exact counts of people', () => {
    expect(first('The issue affected nearly 400 people.')).toBe(400);
    expect(findCounts('nearly 400 people', RULES)[0]?.approximate).toBe(true);
    expect(first('the data of more than 1,000 people')).toBe(1000);
    expect(first('about 10,000 residents were told')).toBe(10000);
    expect(first('1.2 million patients')).toBe(1200000);
    expect(first('Data relating to a total of 394 complainants was exposed')).toBe(394);
    expect(first('with 47,000 Met employees told about it')).toBe(47000);
    expect(first('Exposed 47,000 London Met Police Officers and Staff')).toBe(47000);
  });
  it('ignores counts that are not people affected', () => {
    expect(findCounts('the federation, which represents more than 30,000 officers', RULES)).toEqual([]);
    expect(findCounts('evidence used in 69 ongoing cases', RULES)).toEqual([]);
    expect(findCounts('an estimated 100 to 200 cameras', RULES)).toEqual([]);
    expect(findCounts('In 2023 officers said', RULES)).toEqual([]);
    // A sum of money is not a count of the people after it.
    expect(findCounts('PSNI faces provisional £750,000 fine for staff data breach', RULES)).toEqual([]);
    expect(findCounts('a $2 million payout to 300 staff', RULES).map((c) => c.value)).toEqual([300]);
  });
});

describe('findCounts: round 3 rules', () => {
  const values = (s: string): number[] => findCounts(s, RULES).map((c) => c.value);
  it('reads counts in words when they sit next to a noun for people', () => {
    expect(values('The recordings were made with three people who had reported offences.')).toEqual([3]);
    expect(findCounts('footage of at least six members of the public', RULES)[0]).toMatchObject({ value: 6, approximate: true, word: true });
    expect(values('shared details of three callers in a group chat')).toEqual([3]);
    expect(values('a total of three patients')).toEqual([3]);
  });
  it('does not read words that are not a count of people', () => {
    expect(values('One person replied to all recipients.')).toEqual([]);
    expect(values('when one of the patients asked for the audit trail')).toEqual([]);
    expect(values('She was sent two letters about another child.')).toEqual([]);
    expect(values('and wrote to the five people whose records were viewed')).toEqual([]);
    expect(values('three more pupils were listed on a second tab')).toEqual([]);
  });
  it('skips the people who did it, and searches or messages that are not people', () => {
    expect(values('Two officers were dismissed after the inquiry.')).toEqual([]);
    expect(values('12 staff have been sacked over the lookups')).toEqual([]);
    expect(values('he made more than 70 searches of the records')).toEqual([]);
    expect(values('12 staff looked at the file')).toEqual([12]);
  });
  it('counts letters, statements and email addresses, and more nouns for people', () => {
    expect(values('1,200 self-assessment statements were sent to the wrong taxpayers')).toEqual([1200]);
    expect(values('the addresses of 1,097 honours recipients')).toEqual([1097]);
    expect(values('the phone numbers of 120 contracted inspectors')).toEqual([120]);
  });
});

describe('scanCounts: figures that are not people affected', () => {
  it('excludes records of vehicles, wherever the figure recurs', () => {
    expect(scanCounts('exposing about 8.6 million vehicle records', RULES)).toEqual({ counts: [], excluded: [8600000] });
    expect(scanCounts('exposing about 8.6 million patient records', RULES).counts.map((c) => c.value)).toEqual([8600000]);
  });
  it('excludes users of a service that stopped', () => {
    expect(scanCounts("About 135,000 residents rely on the council's services", RULES).excluded).toEqual([135000]);
    expect(scanCounts('hit by ransomware, 37,000 pupils without email', RULES).excluded).toEqual([37000]);
    expect(scanCounts('37,000 pupils had their data taken', RULES).excluded).toEqual([]);
  });
});

describe('a dozen', () => {
  it('counts "a dozen people" as 12, not "dozens" or "half a dozen"', () => {
    expect(findCounts('Details of a dozen staff were emailed to the wrong list.', RULES).map((c) => c.value)).toEqual([12]);
    expect(findCounts('Dozens of patients were affected.', RULES).map((c) => c.value)).toEqual([]);
    expect(findCounts('Half a dozen officers were named.', RULES).map((c) => c.value)).toEqual([]);
  });
});

describe('findCounts: round 8 rules', () => {
  const values = (s: string): number[] => findCounts(s, RULES).map((c) => c.value);
  it('reads reservists and cadets as people, and a school year as no count', () => {
    expect(values('the home addresses of 1,462 Army reservists')).toEqual([1462]);
    expect(values('sent to 40 cadets by mistake')).toEqual([40]);
    expect(values('emailed to every Year 7 parent at the school')).toEqual([]);
    expect(values('a list of Year 11 pupils was emailed to 300 parents')).toEqual([300]);
  });
  it('reads a revised count: "the number of X ... has risen to N"', () => {
    expect(values('The number of foster carers whose addresses were shown has risen to 234, the council said.')).toEqual([234]);
    expect(values('Number of patients caught up in hospital email slip rises to 1,050')).toEqual([1050]);
    expect(values('The number of people affected now stands at more than 3,000.')).toEqual([3000]);
    expect(findCounts('The number of staff affected now stands at more than 3,000.', RULES)[0]?.approximate).toBe(true);
    expect(values('The number of reports rose to 40 last year.')).toEqual([]);
  });
});

describe('scanCounts: the quick check on a sentence\'s words', () => {
  it('never skips a sentence of the corpus that holds a count', () => {
    const docs = [...loadCorpus().map(toText), ...(loadSeeds() ?? []).map((seed) => seed.text)].map((a) => buildDoc(a));
    let counted = 0;
    for (const doc of docs) {
      for (const s of doc.sentences) {
        const full = scanCounts(s.text, RULES);
        counted += full.counts.length;
        expect(scanCounts(s.text, RULES, s.tokens), s.text).toEqual(full);
      }
    }
    expect(counted).toBeGreaterThan(100);
  });
});
