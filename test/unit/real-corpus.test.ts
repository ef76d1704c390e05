// The real-derived corpus (test/fixtures/real, issue 17): well-formed, canonical names, the split decided by
// the hash alone. Its figures are printed by `npm run eval` (test split as aggregates only), not here.
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/config/load-gazetteer.ts';
import { loadRealCorpus, realSplit } from '../../scripts/real-corpus.ts';

const items = loadRealCorpus();
const gazetteer = loadGazetteer();

describe('real-derived corpus: well-formed', () => {
  it('has unique ids and source pages, and several pages for some stories', () => {
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.sourceUrl)).size).toBe(items.length);
    const pages = new Map<string, number>();
    for (const i of items) pages.set(i.story, (pages.get(i.story) ?? 0) + 1);
    expect([...pages.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(10);
  });

  it('covers every sector of the alerts, all four nations and every "Alert: no" category seen in feeds', () => {
    const alerts = items.filter((i) => i.labels.alert);
    const nations = new Set(alerts.map((i) => i.nation));
    for (const nation of ['england', 'scotland', 'wales', 'northern_ireland'] as const) expect(nations.has(nation), nation).toBe(true);
    for (const sector of ['police', 'council', 'nhs', 'central_government', 'education', 'justice']) {
      expect(alerts.filter((i) => i.labels.sector === sector).length, sector).toBeGreaterThanOrEqual(3);
    }
    for (const category of ['private_breach', 'investigation', 'scam_warning', 'policy', 'non_uk_public_breach', 'no_data_exposed']) {
      expect(items.filter((i) => i.labels.category === category).length, category).toBeGreaterThanOrEqual(3);
    }
  });

  it('labels organisations with canonical gazetteer names, and keeps other names as unlistedName', () => {
    for (const i of items) {
      for (const name of [i.labels.organisation, ...i.labels.otherOrganisations]) {
        if (name !== null) expect(gazetteer.byName(name)?.name, `${i.id}: ${name}`).toBe(name);
      }
      if (i.labels.unlistedName !== undefined) expect(i.labels.organisation, i.id).toBeNull();
    }
  });

  it('splits by story alone: every page of a story on one side, about half the stories held out', () => {
    const sides = new Map<string, Set<string>>();
    for (const i of items) sides.set(i.story, (sides.get(i.story) ?? new Set()).add(realSplit(i.story)));
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    const test = [...sides.keys()].filter((s) => realSplit(s) === 'test').length / sides.size;
    expect(test).toBeGreaterThan(0.35);
    expect(test).toBeLessThan(0.65);
  });
});
