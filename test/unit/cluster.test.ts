import { describe, expect, it } from 'vitest';
import { assignIncident, mergeIntoIncident, newIncident } from '../../src/domain/cluster.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const supplierBreach = makeClassification({ cause: 'supplier', dataTypes: ['names', 'photos', 'staff records'], supplier: 'warrant card printer' });

const first = makeArticle({
  url: 'https://a.example/met-supplier',
  title: 'Met Police warns officers after hack at warrant card supplier',
  summary: 'Names, ranks, photos and vetting levels of officers were held by the supplier that prints warrant cards and staff passes.',
  published: '2023-08-26T08:00:00.000Z',
});
const second = makeArticle({
  url: 'https://b.example/met-47000',
  title: 'Details of 47,000 Met officers and staff exposed in supplier hack',
  summary: 'The company that produces warrant cards and passes held names, ranks, photos, vetting levels and pay numbers.',
  published: '2023-08-28T08:00:00.000Z',
});
const cctv = makeArticle({
  url: 'https://c.example/kensington-cctv',
  title: 'Council CCTV footage left open online in Kensington',
  summary: 'Cameras run by the council streamed without a password; footage from a murder inquiry was visible.',
  published: '2025-06-01T08:00:00.000Z',
});

describe('clustering', () => {
  it('joins articles about the same incident and records what changed', () => {
    const incident = newIncident(first, supplierBreach);
    const change = assignIncident([incident], second, { ...supplierBreach, affected: 47000 });
    expect(change.created).toBe(false);
    expect(change.incident.id).toBe(incident.id);
    expect(change.incident.articles).toHaveLength(2);
    expect(change.incident.affected).toBe(47000);
    expect(change.factChanges).toContain('People affected: unknown → 47,000');
  });

  it('keeps the same body breached years apart as two incidents', () => {
    const incident = newIncident(first, supplierBreach);
    const change = assignIncident([incident], cctv, makeClassification({ cause: 'misconfiguration', dataTypes: ['cctv footage'] }));
    expect(change.created).toBe(true);
    expect(change.incident.id).not.toBe(incident.id);
  });

  it('never joins a different organisation', () => {
    const incident = newIncident(first, supplierBreach);
    const change = assignIncident([incident], second, { ...supplierBreach, organisation: 'Police Service of Northern Ireland' });
    expect(change.created).toBe(true);
  });

  it('a new source with no new facts changes only the sources list', () => {
    const incident = newIncident(second, { ...supplierBreach, affected: 47000 });
    const again = makeArticle({ ...second, url: 'https://d.example/met', published: '2023-08-29T08:00:00.000Z' });
    const change = mergeIntoIncident(incident, again, { ...supplierBreach, affected: 47000 });
    expect(change.factChanges).toEqual([]);
    expect(change.incident.articles).toHaveLength(2);
  });

  it('gives the same id for the same first article', () => {
    expect(newIncident(first, supplierBreach).id).toBe(newIncident({ ...first }, supplierBreach).id);
    expect(newIncident(first, supplierBreach).id).toMatch(/^bw-[a-z0-9]{10}$/);
  });
});
