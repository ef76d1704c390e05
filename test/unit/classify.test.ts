// The five real seed articles (shared corpus) through classify(). Speed is measured by `npm run bench`, not here.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleText } from '../../src/domain/classify/index.ts';
import { loadRecogniser } from '../../src/config/load-recogniser.ts';

const seedsDir = path.resolve(import.meta.dirname, '../../../shared/seeds');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds && process.env.CI) throw new Error(`Seed articles missing at ${seedsDir}: CI needs them.`);
if (!haveSeeds) console.warn(`Skipping seed tests: no seed articles at ${seedsDir}.`);

/** The rules alone, without the text model. */
const { classify } = loadRecogniser({ veto: false });

function seed(prefix: string): ArticleText {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`No seed starting ${prefix} in ${seedsDir}`);
  const [title, ...rest] = readFileSync(path.join(seedsDir, file), 'utf8').split('\n');
  return { title: title ?? '', summary: rest.join('\n') };
}

describe.skipIf(!haveSeeds)('classify: seed articles', () => {
  it('000 Kensington CCTV: council and the Met, misconfiguration, CCTV footage', () => {
    const r = classify(seed('000'));
    expect(r.alert).toBe(true);
    const named = [r.organisation, ...r.otherOrganisations];
    expect(named).toContain('Royal Borough of Kensington and Chelsea');
    expect(named).toContain('Metropolitan Police Service');
    expect(r.cause).toBe('misconfiguration');
    expect(r.dataTypes).toContain('cctv footage');
  });

  it.each(['001', '003'])('%s Met supplier breach: Metropolitan Police Service, 47,000', (id) => {
    const r = classify(seed(id));
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe('Metropolitan Police Service');
    expect(r.sector).toBe('police');
    expect(r.affected).toBe(47000);
    expect(['supplier', 'cyber_attack']).toContain(r.cause);
    expect(r.supplier).not.toBeNull();
    expect(r.otherOrganisations).toEqual([]);
  });

  it('004 Met supplier breach without a count: affected is null', () => {
    const r = classify(seed('004'));
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe('Metropolitan Police Service');
    expect(r.affected).toBeNull();
    expect(r.supplier).not.toBeNull();
    expect(r.otherOrganisations).toEqual([]);
  });

  it.each(['001', '003', '004'])('%s never takes a background body as the organisation', (id) => {
    const r = classify(seed(id));
    for (const name of [r.organisation, ...r.otherOrganisations]) {
      expect(name).not.toMatch(/Northern Ireland|Norfolk|Suffolk|South Yorkshire|Thames Valley/);
    }
  });

  it('002 Mopac: ICO reprimand, 394 complainants (exact count beats "nearly 400")', () => {
    const r = classify(seed('002'));
    expect(r.alert).toBe(true);
    expect(r.organisation).toBe("Mayor's Office for Policing and Crime");
    expect(r.sector).toBe('police');
    expect(r.affected).toBe(394);
    expect(r.regulatorAction).toBe('ICO reprimand');
    expect(['human_error', 'misconfiguration']).toContain(r.cause);
    expect(r.otherOrganisations).not.toContain('Metropolitan Police Service');
  });

  it('explains itself in checkable sentences', () => {
    const r = classify(seed('001'));
    expect(r.reasons[0]).toMatch(/^Organisation: 'Met Police' in the title matched Metropolitan Police Service \(police, alias\)\.$/);
    expect(r.reasons.some((x) => x.startsWith('Breach terms:'))).toBe(true);
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.score).toBeLessThanOrEqual(1);
  });
});

describe('classify on hostile text', () => {
  const words = ['data', 'breach', 'council', 'Met', 'police', 'NHS', 'trust', "patients'", 'O’Neill', 'Zoë', '£1,000', '47,000', 'nearly', 'no', 'not', 'ICO', 'fined', 'leaked', 'e-mail', '\u0000', '\u202e', '😀', 'İ', 'ß'];
  const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }), fc.constantFrom(' ', '. ', '\n\n', '’s ', '\t')), { maxLength: 300 }).map((p) => p.join(' '));
  it('never throws and always gives a well-formed classification', () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        const c = classify({ title, summary: body, content: body });
        expect(typeof c.alert).toBe('boolean');
        expect(c.reasons.length).toBeGreaterThan(0);
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
        if (c.alert) expect(c.organisation).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
