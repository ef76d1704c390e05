import { describe, expect, it } from 'vitest';
import { affectedWithConflicts, factLines } from '../../src/alerts/describe.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

describe('fact wording', () => {
  it('shows conflicting counts instead of hiding them', () => {
    expect(affectedWithConflicts({ affected: 394, affectedReported: [400, 394] })).toBe('394 (other reports: 400)');
    expect(affectedWithConflicts({ affected: 394, affectedReported: [394] })).toBe('394');
    expect(affectedWithConflicts({ affected: null })).toBe('Not yet reported');
  });

  it('lists the facts every platform shows, in order', () => {
    const incident = newIncident(makeArticle(), makeClassification({ supplier: 'a printer', regulatorAction: 'ICO reprimand' }));
    expect(factLines(incident).map((f) => f.label)).toEqual(['Organisation', 'Supplier', 'People affected', 'Data exposed', 'Cause', 'Regulator action', 'First seen']);
  });
});
