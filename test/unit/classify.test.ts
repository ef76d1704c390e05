// The five real seed articles (shared corpus) through classify(), and throughput.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify/index.ts';
import type { ArticleText } from '../../src/domain/classify/index.ts';
import { loadGazetteer } from '../../src/config/load-gazetteer.ts';

const seedsDir = path.resolve(import.meta.dirname, '../../../shared/seeds');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds && process.env.CI) throw new Error(`Seed articles missing at ${seedsDir}: CI needs them.`);
if (!haveSeeds) console.warn(`Skipping seed tests: no seed articles at ${seedsDir}.`);

const gazetteer = loadGazetteer();

function seed(prefix: string): ArticleText {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`No seed starting ${prefix} in ${seedsDir}`);
  const [title, ...rest] = readFileSync(path.join(seedsDir, file), 'utf8').split('\n');
  return { title: title ?? '', summary: rest.join('\n') };
}

describe.skipIf(!haveSeeds)('classify: seed articles', () => {
  it('000 Kensington CCTV: council and the Met, misconfiguration, CCTV footage', () => {
    const r = classify(seed('000'), gazetteer);
    expect(r.alert).toBe(true);
    const named = [r.organisation, ...r.otherOrganisations];
    expect(named).toContain('Royal Borough of Kensington and Chelsea');
    expect(named).toContain('Metropolitan Police Service');
    expect(r.cause).toBe('misconfiguration');
    expect(r.dataTypes).toContain('cctv footage');
  });

  it.each(['001', '003'])('%s Met supplier breach: Metropolitan Police Service, 47,000', (id) => {
    const r = classify(seed(id), gazetteer);
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe('Metropolitan Police Service');
    expect(r.sector).toBe('police');
    expect(r.affected).toBe(47000);
    expect(['supplier', 'cyber_attack']).toContain(r.cause);
    expect(r.supplier).not.toBeNull();
    expect(r.otherOrganisations).toEqual([]);
  });

  it('004 Met supplier breach without a count: affected is null', () => {
    const r = classify(seed('004'), gazetteer);
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe('Metropolitan Police Service');
    expect(r.affected).toBeNull();
    expect(r.supplier).not.toBeNull();
    expect(r.otherOrganisations).toEqual([]);
  });

  it.each(['001', '003', '004'])('%s never takes a background body as the organisation', (id) => {
    const r = classify(seed(id), gazetteer);
    for (const name of [r.organisation, ...r.otherOrganisations]) {
      expect(name).not.toMatch(/Northern Ireland|Norfolk|Suffolk|South Yorkshire|Thames Valley/);
    }
  });

  it('002 Mopac: ICO reprimand, 394 complainants (exact count beats "nearly 400")', () => {
    const r = classify(seed('002'), gazetteer);
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe("Mayor's Office for Policing and Crime");
    expect(r.sector).toBe('police');
    expect(r.affected).toBe(394);
    expect(r.regulatorAction).toBe('ICO reprimand');
    expect(['human_error', 'misconfiguration']).toContain(r.cause);
    expect(r.otherOrganisations).not.toContain('Metropolitan Police Service');
  });

  it('explains itself in checkable sentences', () => {
    const r = classify(seed('001'), gazetteer);
    expect(r.reasons[0]).toMatch(/^Organisation: 'Met Police' in the title matched Metropolitan Police Service \(police, alias\)\.$/);
    expect(r.reasons.some((x) => x.startsWith('Breach terms:'))).toBe(true);
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('classifies at least 2,000 articles a second (~4 KB, feed-like mix)', () => {
    const alerts = ['000', '001', '002', '003', '004'].map(seed);
    // Most feed items are not breach alerts: pad ordinary news text to ~4 KB.
    const filler = [
      'Bristol City Council agreed to extend the opening hours of its central library after a consultation with residents.',
      'Essex Police are appealing for witnesses after a burglary at a shop in Chelmsford on Tuesday evening.',
      'The minister met with officials from the Treasury to discuss spending plans for schools and hospitals.',
      'A high street retailer said sales rose by 4% in the autumn as shoppers returned to town centres.',
    ].join(' ');
    const ordinary: ArticleText[] = [0, 1, 2].map((i) => ({ title: `Local news round-up ${i}`, summary: `${filler} `.repeat(9) }));
    const mix = [...alerts, ...ordinary, ...ordinary, ...ordinary, ...ordinary, ...ordinary];
    const rate = (articles: ArticleText[]): number => {
      for (const a of articles) classify(a, gazetteer); // warm up
      const n = 3000;
      const started = performance.now();
      for (let i = 0; i < n; i++) classify(articles[i % articles.length] as ArticleText, gazetteer);
      return n / ((performance.now() - started) / 1000);
    };
    const mixed = rate(mix);
    const alertsOnly = rate(alerts);
    console.log(`classify throughput: ${Math.round(mixed)} articles/s (feed-like mix), ${Math.round(alertsOnly)} articles/s (breach alerts only)`);
    expect(mixed).toBeGreaterThan(2000);
    expect(alertsOnly).toBeGreaterThan(800);
  });
});
