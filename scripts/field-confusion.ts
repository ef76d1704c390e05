// For rule work on one extracted field: how the classifier's value differs from the label over the true
// alerts of the TUNE split (holdout is never listed article by article; see docs/adr/005-classifier.md).
//   node scripts/field-confusion.ts cause|affected|regulatorAction|organisation|sector   confusion counts
//   node scripts/field-confusion.ts dataTypes                                             missing / extra types
//   V=1 ... lists each differing article with the classifier's reasons for that field
//   V=health node scripts/field-confusion.ts dataTypes    lists articles missing (or given extra) "health"
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import { loadCorpus, toText } from './eval-lib.ts';

const recogniser = loadRecogniser();
const field = process.argv[2] ?? 'cause';
const alerts = loadCorpus().filter((a) => a.labels.alert && a.split === 'tune');
const verbose = process.env['V'];
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
const sorted = (m: Map<string, number>): string => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${String(v).padStart(4)}  ${k}`).join('\n');

if (field === 'dataTypes') {
  const missing = new Map<string, number>();
  const extra = new Map<string, number>();
  for (const a of alerts) {
    const c = recogniser.classify(toText(a));
    for (const t of a.labels.dataTypes) if (!c.dataTypes.includes(t)) { bump(missing, t); if (verbose === t) console.log('MISSING', t, a.id, a.title); }
    for (const t of c.dataTypes) if (!a.labels.dataTypes.includes(t)) { bump(extra, t); if (verbose === t) console.log('EXTRA  ', t, a.id, a.title); }
  }
  console.log(`missing (labelled, not found)\n${sorted(missing)}\nextra (found, not labelled)\n${sorted(extra)}`);
} else {
  const confusion = new Map<string, number>();
  for (const a of alerts) {
    const c = recogniser.classify(toText(a));
    const want = JSON.stringify((a.labels as Record<string, unknown>)[field] ?? null);
    const got = JSON.stringify((c as unknown as Record<string, unknown>)[field] ?? null);
    if (want === got) continue;
    bump(confusion, `${want} -> ${got}`);
    if (verbose) console.log(a.id, `${want} -> ${got}`, '|', c.reasons.filter((r) => /^(Organisation|Cause|Data|Affected|Regulator|Supplier)/.test(r)).join(' '));
  }
  console.log(`${field}: label -> classifier, ${alerts.length} tune alerts\n${sorted(confusion)}`);
}
