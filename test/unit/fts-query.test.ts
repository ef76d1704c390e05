import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, allTermsQuery, anyTermQuery, searchTerms } from '../../src/store/fts-query.ts';

describe('FTS query building', () => {
  it('keeps words, drops punctuation, symbols and emoji, lower-cases and de-duplicates', () => {
    expect(searchTerms('NHS "trust" AND ransomware* NEAR( 🔥 nhs')).toEqual(['nhs', 'trust', 'and', 'ransomware', 'near']);
    expect(searchTerms('Café Zürich')).toEqual(['café', 'zürich']);
    expect(searchTerms('"*"( 🔥 -- ^')).toEqual([]);
  });
  it('quotes every term', () => {
    expect(allTermsQuery(['nhs', 'trust'])).toBe('"nhs" "trust"');
    expect(anyTermQuery(['nhs', 'trust'])).toBe('"nhs" OR "trust"');
    expect(allTermsQuery([])).toBeNull();
    expect(anyTermQuery([])).toBeNull();
  });
  it('caps the number of terms', () => {
    expect(searchTerms(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_SEARCH_TERMS);
  });
  it('never lets a quote or operator through for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (input) => {
        for (const term of searchTerms(input)) expect(term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
      }),
    );
  });
});
