// The real-derived corpus (test/fixtures/real/items.jsonl, issue 17): items whose facts come from real
// public UK news pages, with headline and lead written afresh, scored as feeds carry them: headline only,
// and headline + lead. The test split is decided by a hash of the story, fixed before any tuning; only
// aggregate figures of it are ever printed (test/fixtures/real/README.md).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORIES, CAUSES, SECTORS } from '../src/domain/types.ts';
import type { ArticleText, Classification } from '../src/domain/types.ts';
import { FIELDS, fieldCorrect, rates } from './eval-lib.ts';
import type { Counts, Field } from './eval-lib.ts';

export const REAL_PATH = process.env['BREACHWATCH_REAL_CORPUS']
  ? path.resolve(process.env['BREACHWATCH_REAL_CORPUS'])
  : path.resolve(import.meta.dirname, '../test/fixtures/real/items.jsonl');

/** Issue 17 point 7, on the test split. */
export const REAL_TARGETS = {
  full: { precision: 0.95, recall: 0.95, organisation: 0.93, sector: 0.95, affected: 0.9 },
  headline: { precision: 0.9, recall: 0.8 },
} as const;

const realLabels = z
  .object({
    alert: z.boolean(),
    category: z.enum(CATEGORIES),
    organisation: z.string().min(1).nullable(),
    otherOrganisations: z.array(z.string().min(1)),
    sector: z.enum(SECTORS).nullable(),
    affected: z.number().int().positive().nullable(),
    dataTypes: z.array(z.string().min(1)),
    cause: z.enum(CAUSES).nullable(),
    regulatorAction: z.string().regex(/^ICO (reprimand|enforcement notice|investigation|fine £[\d,]+)$/).nullable(),
    supplier: z.string().min(1).nullable(),
    /** The body as the page names it, when the gazetteer lacks it (organisation is then null). */
    unlistedName: z.string().min(1).optional(),
  })
  .refine((l) => l.alert === (l.category === 'public_sector_breach'), { message: 'alert is true exactly for public_sector_breach' });

export const realItemSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** The real event; every page about it shares this, and the split follows it. */
  story: z.string().regex(/^[a-z0-9-]+$/),
  sourceUrl: z.url(),
  outlet: z.string().min(2),
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  nation: z.enum(['england', 'scotland', 'wales', 'northern_ireland', 'uk_wide', 'non_uk']),
  title: z.string().min(10),
  summary: z.string().min(15),
  /** How the original page names the body: the class of wording the classifier must handle. */
  naming: z.enum(['formal', 'informal', 'role', 'acronym', 'supplier', 'none']),
  /** Whether the original headline or lead uses the word "breach". */
  breachWord: z.boolean(),
  labels: realLabels,
});
export type RealItem = z.infer<typeof realItemSchema>;
export type RealSplit = 'tune' | 'test';

/** Fixed before any tuning (2026-12-07): sha256("real-split-v1:" + story) below one half → test. */
export function realSplit(story: string): RealSplit {
  const h = createHash('sha256').update(`real-split-v1:${story}`).digest().readUInt32BE(0) / 2 ** 32;
  return h < 0.5 ? 'test' : 'tune';
}

export function loadRealCorpus(file = REAL_PATH): RealItem[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const parsed = realItemSchema.safeParse(JSON.parse(line));
    if (!parsed.success) {
      throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    }
    return parsed.data;
  });
}

export type RealMode = 'headline' | 'full';

/** What a feed gives: the headline alone (Google News) or the headline and its lead (most RSS). */
export function realText(item: RealItem, mode: RealMode): ArticleText {
  return { title: item.title, summary: mode === 'full' ? item.summary : '', content: null, outlet: item.outlet, published: null };
}

export const SCORE_BANDS = [0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

export interface RealScore {
  counts: Counts;
  fields: Record<Field, { correct: number; total: number }>;
  /** Per score band (lower bound): how many items fall in it and how many of them are alerts. */
  bands: Array<{ from: number; items: number; alerts: number; raised: number }>;
  misses: Array<{ item: RealItem; got: Classification; why: string }>;
}

/**
 * scoreReal's view of the gazetteer: is a name canonical, and which bodies does a text name? Organisation is
 * scored against what the item's own text says: a labelled body the headline and lead never name (only "a
 * health board") is right when the classifier names no gazetteer body either.
 */
export interface NameLookup {
  isGazetteerName: (name: string) => boolean;
  namedIn: (text: string) => ReadonlySet<string>;
}

export function scoreReal(items: readonly RealItem[], mode: RealMode, run: (t: ArticleText) => Classification, names: NameLookup): RealScore {
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { correct: 0, total: 0 }])) as RealScore['fields'];
  const bands = SCORE_BANDS.map((from) => ({ from, items: 0, alerts: 0, raised: 0 }));
  const misses: RealScore['misses'] = [];
  for (const item of items) {
    const got = run(realText(item, mode));
    const want = item.labels.alert;
    const key: keyof Counts = want ? (got.alert ? 'tp' : 'fn') : got.alert ? 'fp' : 'tn';
    counts[key]++;
    const band = bands.findLast((b) => got.score >= b.from);
    if (band) {
      band.items++;
      if (want) band.alerts++;
      if (got.alert) band.raised++;
    }
    if (key === 'fp') misses.push({ item, got, why: `expected ${item.labels.category}, got alert (${got.organisation})` });
    if (key === 'fn') misses.push({ item, got, why: `expected alert (${item.labels.organisation}), got ${got.category}` });
    if (!want || mode === 'headline') continue;
    const text = realText(item, mode);
    const named = names.namedIn(`${text.title}\n\n${text.summary}`);
    const stated = [item.labels.organisation, ...item.labels.otherOrganisations].filter((n): n is string => n !== null && named.has(n));
    const labels = { ...item.labels, organisation: stated[0] ?? null, otherOrganisations: stated.slice(1) };
    for (const field of FIELDS) {
      // "affected exact where the text states a count": a null label (no count stated) is not scored.
      if (field === 'affected' && item.labels.affected === null) continue;
      const ok = fieldCorrect(field, labels, got, names.isGazetteerName);
      fields[field].total++;
      if (ok) fields[field].correct++;
      else misses.push({ item, got, why: `${field}: expected ${String(item.labels[field])}, got ${String(got[field])}` });
    }
  }
  return { counts, fields, bands, misses };
}

export function accuracy(score: RealScore, field: Field): number {
  const f = score.fields[field];
  return f.total === 0 ? 1 : f.correct / f.total;
}

export { rates };
