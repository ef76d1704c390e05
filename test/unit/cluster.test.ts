import { describe, expect, it } from 'vitest';
import { assignIncident, evidenceOf, linkArticles, newIncident } from '../../src/domain/cluster.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const supplierBreach = makeClassification({ cause: 'supplier', dataTypes: ['names', 'photos', 'staff records'], supplier: 'warrant card printer' });

const first = makeArticle({
  key: 'first',
  url: 'https://a.example/met-supplier',
  title: 'Met Police warns officers after hack at warrant card supplier',
  summary: 'Names, ranks, photos and vetting levels of officers were held by the supplier that prints warrant cards and staff passes.',
  published: '2023-08-26T08:00:00.000Z',
});
const second = makeArticle({
  key: 'second',
  url: 'https://b.example/met-47000',
  title: 'Details of 47,000 Met officers and staff exposed in supplier hack',
  summary: 'The company that produces warrant cards and passes held names, ranks, photos, vetting levels and pay numbers.',
  published: '2023-08-28T08:00:00.000Z',
});
const cctv = makeArticle({
  key: 'cctv',
  url: 'https://c.example/kensington-cctv',
  title: 'Council CCTV footage left open online in Kensington',
  summary: 'Cameras run by the council streamed without a password; footage from a murder inquiry was visible.',
  published: '2025-06-01T08:00:00.000Z',
});

describe('clustering', () => {
  it('makes a new incident from the evidence it made of the article: the incident newIncident makes alone', () => {
    const council = makeClassification({ organisation: 'Kensington and Chelsea Council', sector: 'council' });
    const change = assignIncident([], cctv, council);
    expect(change.created).toBe(true);
    expect(change.incident).toEqual(newIncident(cctv, council));
    expect(newIncident(first, supplierBreach, evidenceOf(first, supplierBreach))).toEqual(newIncident(first, supplierBreach));
  });

  it('joins articles about the same incident and records what changed', () => {
    const incident = newIncident(first, supplierBreach);
    const change = assignIncident([incident], second, { ...supplierBreach, affected: 47000 });
    expect(change.created).toBe(false);
    expect(change.incident.id).toBe(incident.id);
    expect(change.incident.articles).toHaveLength(2);
    expect(change.incident.affected).toBe(47000);
    expect(change.factChanges).toContain('People affected: unknown → 47,000');
    expect(change.incident.history?.map((h) => h.kind)).toEqual(['created', 'facts']);
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
    const again = makeArticle({ ...second, feedId: 'other-feed', key: 'again', url: 'https://d.example/met', published: '2023-08-29T08:00:00.000Z' });
    const change = assignIncident([incident], again, { ...supplierBreach, affected: 47000 });
    expect(change.factChanges).toEqual([]);
    expect(change.incident.articles).toHaveLength(2);
  });

  it('treats the same story from a second feed as a duplicate', () => {
    const incident = newIncident(second, supplierBreach);
    const change = assignIncident([incident], { ...second, feedId: 'other-feed' }, supplierBreach);
    expect(change.duplicate).toBe(true);
  });

  it('joins a regulator reprimand months later, but not an unrelated story', () => {
    const breach = makeArticle({ key: 'b', url: 'https://m.example/forms', title: 'Complaint forms on MOPAC website were left public', summary: 'Names and addresses of 394 complainants could be seen by anyone for months.', published: '2023-03-01T00:00:00.000Z' });
    const reprimand = makeArticle({ key: 'r', url: 'https://m.example/reprimand', title: 'ICO reprimands MOPAC over public complaint forms', summary: 'The regulator said 394 complainants were affected when web forms were made public.', published: '2023-12-13T00:00:00.000Z' });
    const mopac = makeClassification({ organisation: "Mayor's Office for Policing and Crime", affected: 394, cause: 'human_error', dataTypes: ['names', 'addresses'] });
    const incident = newIncident(breach, mopac);
    const change = assignIncident([incident], reprimand, { ...mopac, regulatorAction: 'ICO reprimand' });
    expect(change.created).toBe(false);
    expect(change.factChanges).toContain('Regulator action: none known → ICO reprimand');
    const unrelated = makeArticle({ key: 'u', url: 'https://m.example/laptop', title: 'MOPAC staff laptop stolen from car', summary: 'A laptop was taken.', published: '2023-12-13T00:00:00.000Z' });
    expect(assignIncident([incident], unrelated, { ...mopac, affected: null, cause: 'loss_theft', dataTypes: [], regulatorAction: 'ICO reprimand' }).created).toBe(true);
  });

  it('links articles symmetrically', () => {
    const a = evidenceOf(first, supplierBreach);
    const b = evidenceOf(second, { ...supplierBreach, affected: 47000 });
    expect(linkArticles(a, b)?.score).toBe(linkArticles(b, a)?.score);
  });

  it('folds two incidents together when an article shows they are one', () => {
    const hack = { ...supplierBreach, cause: 'cyber_attack' as const };
    const a = newIncident(first, hack);
    // A later report that blames human error does not link to the hack report directly…
    const far = makeArticle({ ...second, key: 'far', url: 'https://x.example/far', published: '2023-10-30T08:00:00.000Z' });
    const humanError = { ...supplierBreach, cause: 'human_error' as const };
    const b = newIncident(far, humanError);
    expect(assignIncident([a], far, humanError).created).toBe(true);
    // …until a report between them, naming no cause, links to both.
    const bridge = makeArticle({ ...second, feedId: 'other-feed', key: 'bridge', url: 'https://y.example/bridge', published: '2023-10-01T08:00:00.000Z' });
    const change = assignIncident([a, b], bridge, { ...supplierBreach, cause: null });
    expect(change.incident.id).toBe(a.id);
    expect(change.absorbed.map((i) => i.id)).toEqual([b.id]);
    expect(change.incident.articles).toHaveLength(3);
    expect(change.incident.mergedFrom).toEqual([b.id]);
  });

  it('gives the same id for the same first article', () => {
    expect(newIncident(first, supplierBreach).id).toBe(newIncident({ ...first }, supplierBreach).id);
    expect(newIncident(first, supplierBreach).id).toMatch(/^bw-[a-z0-9]{10}$/);
  });

  describe('pair evidence', () => {
    const council = (key: string, published: string, title: string, summary: string): ReturnType<typeof makeArticle> =>
      makeArticle({ key, url: `https://n.example/${key}`, title, summary, content: '', published });
    const hackney = makeClassification({ organisation: 'Hackney Council', sector: 'council', dataTypes: [] });

    it('a supplier fits any cause: it says who held the data, not how it got out', () => {
      const stolen = evidenceOf(council('s1', '2024-05-01T00:00:00Z', 'Laptop with case files stolen', 'Files on residents were on it.'), { ...hackney, cause: 'loss_theft' });
      const supplier = evidenceOf(council('s2', '2024-05-03T00:00:00Z', 'Contractor admits losing laptop', 'The contractor held the files.'), { ...hackney, cause: 'supplier' });
      const error = evidenceOf(council('s3', '2024-05-03T00:00:00Z', 'Email sent to wrong list', 'Residents were copied in.'), { ...hackney, cause: 'human_error' });
      expect(linkArticles(stolen, supplier)).not.toBeNull();
      expect(linkArticles(stolen, error)).toBeNull();
    });

    it('reports of an attack link over its aftermath even when they share few words', () => {
      const attack = evidenceOf(council('a1', '2020-10-14T00:00:00Z', 'Council hit by serious cyber attack', 'Phone lines and online services are down.'), { ...hackney, cause: 'cyber_attack' });
      const leak = evidenceOf(council('a2', '2020-11-10T00:00:00Z', 'Gang publishes stolen files', 'Criminals posted documents taken in the ransomware attack.'), { ...hackney, cause: 'ransomware' });
      const muchLater = evidenceOf(council('a3', '2021-09-20T00:00:00Z', 'Gang publishes stolen files', 'A new ransomware attack.'), { ...hackney, cause: 'ransomware' });
      expect(linkArticles(attack, leak)).not.toBeNull();
      expect(linkArticles(attack, muchLater)).toBeNull();
    });

    it('a regulator follow-up that names the year of the first report links to it', () => {
      const breach = evidenceOf(council('y1', '2020-10-14T00:00:00Z', 'Council hit by serious cyber attack', 'Services are down.'), { ...hackney, cause: 'cyber_attack' });
      const recalls = council('y2', '2025-03-10T00:00:00Z', 'Watchdog reprimands council', 'The ICO said the 2020 attack exposed residents.');
      const silent = council('y3', '2025-03-10T00:00:00Z', 'Watchdog reprimands council', 'The ICO said the attack exposed residents.');
      const reprimand = { ...hackney, cause: 'ransomware' as const, regulatorAction: 'ICO reprimand' };
      expect(evidenceOf(recalls, reprimand).years).toEqual([2020]);
      expect(linkArticles(breach, evidenceOf(recalls, reprimand))?.why).toContain('recalls 2020');
      expect(linkArticles(breach, evidenceOf(silent, reprimand))).toBeNull();
    });

    it('more than a year later, a report that does not name the first year is a new incident', () => {
      const lost = evidenceOf(council('o1', '2023-06-14T00:00:00Z', 'Laptop with tenants files stolen from officer car', 'Names and addresses of 300 tenants.'), { ...hackney, cause: 'loss_theft', dataTypes: ['names', 'addresses'] });
      const again = council('o2', '2025-02-11T00:00:00Z', 'Housing laptop taken in burglary at depot', 'Tenants files with names were on it.');
      const recalled = council('o3', '2025-02-11T00:00:00Z', 'Housing laptop taken in 2023: council reprimanded', 'Tenants files with names were on it.');
      const facts = { ...hackney, cause: 'loss_theft' as const, dataTypes: ['names', 'addresses'] };
      expect(linkArticles(lost, evidenceOf(again, facts))).toBeNull();
      expect(linkArticles(lost, evidenceOf(recalled, facts))).not.toBeNull();
    });

    it('counts an order of magnitude apart keep two reports apart', () => {
      const big = evidenceOf(council('c1', '2023-08-08T00:00:00Z', 'Spreadsheet names every officer', 'Published in error.'), { ...hackney, cause: 'human_error', affected: 9483 });
      const small = evidenceOf(council('c2', '2023-08-20T00:00:00Z', 'Spreadsheet lists custody detainees', 'Sent to a solicitor in error.'), { ...hackney, cause: 'human_error', affected: 200 });
      const revised = evidenceOf(council('c3', '2023-08-20T00:00:00Z', 'Spreadsheet names officers', 'Published in error.'), { ...hackney, cause: 'human_error', affected: 10000 });
      expect(linkArticles(big, small)).toBeNull();
      expect(linkArticles(big, revised)).not.toBeNull();
    });
  });
});

describe('one feed repeating a story (R-RED-06)', () => {
  const feedItem = (key: string, published: string) =>
    makeArticle({ ...second, feedId: 'churny', key, url: `https://churn.example/${key}?utm=${key}`, published });

  it('treats the same title from the same feed under a new GUID and link as the same story', () => {
    const incident = newIncident(feedItem('guid-1', '2023-08-28T08:00:00.000Z'), supplierBreach);
    const change = assignIncident([incident], feedItem('guid-2', '2023-08-28T09:00:00.000Z'), { ...supplierBreach, affected: 47000 });
    expect([change.duplicate, change.incident.articles.length, change.factChanges]).toEqual([true, 1, []]);
  });

  it('still counts the same title from the same feed as a new report once the clustering window has passed', () => {
    const incident = newIncident(feedItem('guid-1', '2023-08-28T08:00:00.000Z'), supplierBreach);
    const change = assignIncident([incident], feedItem('guid-2', '2023-11-28T08:00:00.000Z'), { ...supplierBreach, regulatorAction: 'ICO reprimand' });
    expect(change.duplicate).toBe(false);
  });
});
