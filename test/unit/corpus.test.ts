// The labelled corpus (test/fixtures/corpus): well-formed, and the classifier stays at or above the
// issue 4 targets on it. A regression guard on quality, not on speed (`npm run bench` measures speed).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadRecogniser } from '../../src/config/load-recogniser.ts';
import { CATEGORIES } from '../../src/domain/types.ts';
import { evaluate, loadCorpus, rates } from '../../scripts/eval-lib.ts';

const corpus = loadCorpus();
const recogniser = loadRecogniser();
const gazetteer = recogniser.gazetteer;
/** Shares words with real alerts: a breach, exposure or public-body word. */
const ALERT_WORDS = /\b(data|breach\w*|leak\w*|hack\w*|cyber|ransom\w*|stolen|exposed|police|council|NHS|ICO|records|scam\w*|phishing|fined|reprimand\w*)\b/i;

describe('corpus: well-formed', () => {
  it('has at least 600 articles with unique ids, at least 40% alerts', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    expect(new Set(corpus.map((a) => a.id)).size).toBe(corpus.length);
    expect(corpus.filter((a) => a.labels.alert).length / corpus.length).toBeGreaterThanOrEqual(0.4);
  });

  it.each(CATEGORIES.filter((c) => c !== 'public_sector_breach'))('has at least 15 hard negatives for %s', (category) => {
    const hard = corpus.filter((a) => a.labels.category === category && a.hard && ALERT_WORDS.test(`${a.title} ${a.summary}`));
    expect(hard.length).toBeGreaterThanOrEqual(15);
  });

  it('has background-mention stories and incidents told by more than one article', () => {
    expect(corpus.filter((a) => a.tags?.includes('background')).length).toBeGreaterThanOrEqual(15);
    const perIncident = new Map<string, number>();
    for (const a of corpus) if (a.labels.incident) perIncident.set(a.labels.incident, (perIncident.get(a.labels.incident) ?? 0) + 1);
    expect([...perIncident.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(20);
  });

  it('labels organisations with canonical gazetteer names of the labelled sector', () => {
    for (const a of corpus) {
      for (const name of [a.labels.organisation, ...(a.labels.otherOrganisations ?? [])]) {
        if (name === null) continue;
        expect(gazetteer.byName(name)?.name, `${a.id}: ${name}`).toBe(name);
      }
      if (a.labels.organisation) expect(gazetteer.byName(a.labels.organisation)?.sector, a.id).toBe(a.labels.sector);
    }
  });

  it('keeps the split decided before tuning: sha256(incident id, else article id) < 0.3 → holdout', () => {
    for (const a of corpus) {
      const key = a.labels.incident ?? a.id;
      const holdout = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32 < 0.3;
      expect(a.split, a.id).toBe(holdout ? 'holdout' : 'tune');
    }
  });
});

describe('corpus: classifier quality (regression guard)', () => {
  const report = evaluate(corpus, (t) => recogniser.classify(t), (name) => gazetteer.byName(name)?.name === name);
  const acc = (f: 'organisation' | 'sector' | 'affected'): number => report.fields.all[f].correct / report.fields.all[f].total;
  // Floors at the figures reached when this guard was written (docs/adr/005-classifier.md); the issue's
  // targets (0.97 / 0.95 / 0.95 / 0.95 / 0.90) are checked and reported by `npm run eval`. The classifier is
  // the product's: rules plus the veto model (config/veto-model.json).
  // Issue 17 point 7: recognition rebuilt for real news may cost this corpus at most two points (its
  // precision was 0.971 when that issue was filed).
  it('alert precision and recall on the whole corpus stay at or above the floor', () => {
    const r = rates(report.counts.all);
    expect(r.precision).toBeGreaterThanOrEqual(0.951);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
  });
  it('tuned split meets the issue targets', () => {
    const r = rates(report.counts.tune);
    expect(r.precision).toBeGreaterThanOrEqual(0.97);
    expect(r.recall).toBeGreaterThanOrEqual(0.95);
  });
  it('organisation, sector and affected stay at or above the floor', () => {
    expect(acc('organisation')).toBeGreaterThanOrEqual(0.9);
    expect(acc('sector')).toBeGreaterThanOrEqual(0.9);
    expect(acc('affected')).toBeGreaterThanOrEqual(0.9);
  });
});
