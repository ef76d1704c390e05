import { describe, expect, it } from 'vitest';
import { findCounts, parseCount } from '../../src/domain/classify/index.ts';

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
  const first = (s: string): number | undefined => findCounts(s)[0]?.value;
  it('reads approximate and exact counts of people', () => {
    expect(first('The issue affected nearly 400 people.')).toBe(400);
    expect(findCounts('nearly 400 people')[0]?.approximate).toBe(true);
    expect(first('the data of more than 1,000 people')).toBe(1000);
    expect(first('about 10,000 residents were told')).toBe(10000);
    expect(first('1.2 million patients')).toBe(1200000);
    expect(first('Data relating to a total of 394 complainants was exposed')).toBe(394);
    expect(first('with 47,000 Met employees told about it')).toBe(47000);
    expect(first('Exposed 47,000 London Met Police Officers and Staff')).toBe(47000);
  });
  it('ignores counts that are not people affected', () => {
    expect(findCounts('the federation, which represents more than 30,000 officers')).toEqual([]);
    expect(findCounts('evidence used in 69 ongoing cases')).toEqual([]);
    expect(findCounts('an estimated 100 to 200 cameras')).toEqual([]);
    expect(findCounts('In 2023 officers said')).toEqual([]);
  });
});
