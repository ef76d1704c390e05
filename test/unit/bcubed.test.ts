import { describe, expect, it } from 'vitest';
import { bcubed, clusterErrors } from '../../scripts/bcubed.ts';

const map = (o: Record<string, string>) => new Map(Object.entries(o));

describe('B-cubed', () => {
  it('is 1 for a perfect clustering', () => {
    expect(bcubed(map({ a: 'x', b: 'x', c: 'y' }), map({ a: '1', b: '1', c: '2' }))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('scores a wrong merge and a split', () => {
    // Gold: {a, b} and {c}; predicted: all together.
    const merged = bcubed(map({ a: 'x', b: 'x', c: 'x' }), map({ a: '1', b: '1', c: '2' }));
    expect(merged.recall).toBe(1);
    expect(merged.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    // Gold: {a, b}; predicted: apart.
    const split = bcubed(map({ a: 'x', b: 'y' }), map({ a: '1', b: '1' }));
    expect(split).toMatchObject({ precision: 1, recall: 0.5 });
    expect(clusterErrors(map({ a: 'x', b: 'x', c: 'x' }), map({ a: '1', b: '1', c: '2' }))).toEqual([
      { kind: 'wrong_merge', gold: ['1', '2'], predicted: ['x'], items: ['a', 'b', 'c'] },
    ]);
    expect(clusterErrors(map({ a: 'x', b: 'y' }), map({ a: '1', b: '1' }))).toEqual([{ kind: 'split', gold: ['1'], predicted: ['x', 'y'], items: ['a', 'b'] }]);
  });
});
