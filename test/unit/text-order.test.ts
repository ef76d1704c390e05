// Ordering, counting and folding text without ICU where the answer is known (src/domain/text-order.ts): each gives
// what the built-in it stands in for gives (under the locale the tests and the image run with).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, formatCount, nfkc } from '../../src/domain/text-order.ts';

const sign = (n: number): number => Math.sign(n);
const iso = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((t) => new Date(t).toISOString());
const plain = fc.string({ unit: fc.constantFrom(...'-\'0123456789abcdefghijklmnopqrstuvwxyz'), maxLength: 12 });
const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });

describe('compareText', () => {
  it('orders ISO timestamps, plain words and ids, and any other text as localeCompare does', () => {
    for (const arb of [iso, plain, anyText, fc.oneof(iso, plain, anyText)]) {
      fc.assert(
        fc.property(arb, arb, (a, b) => {
          expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
        }),
        { numRuns: 3000 },
      );
    }
  });

  it('orders timestamps that share a prefix, words that are prefixes of others, and text that collates apart from its code units', () => {
    const pairs: Array<[string, string]> = [
      ['2025-01-02T10:00:00.000Z', '2025-01-02T09:59:59.999Z'],
      ['2025-01-02T10:00:00Z', '2025-01-02T10:00:00.000Z'],
      ['inc-a-b', 'inc-ab'],
      ['ab', 'ab-'],
      ["council's", 'council-run'],
      ["o'neil", 'oneil'],
      ['a1', 'a-1'],
      ['Zeta', 'alpha'],
      ['feed\u0000b', 'feed\u0000a'],
      ['émile', 'ezra'],
    ];
    for (const [a, b] of pairs) {
      expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      expect(sign(compareText(b, a))).toBe(sign(b.localeCompare(a)));
    }
  });
});

describe('formatCount', () => {
  it("groups an integer's thousands as toLocaleString('en-GB') does", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-GB'));
      }),
      { numRuns: 5000 },
    );
    for (const n of [0, -0, 7, 999, 1000, -1000, 12_345, 1_000_000, 2 ** 53, 1.5, 1234.5678, NaN, Infinity]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-GB'));
    }
  });
});

describe('nfkc', () => {
  it("gives text.normalize('NFKC')", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        expect(nfkc(text)).toBe(text.normalize('NFKC'));
      }),
    );
    expect(nfkc('ﬁle № 2')).toBe('file No 2');
  });
});
