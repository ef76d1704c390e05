// `node scripts/classify-snapshot.ts <out.jsonl> [<before.jsonl>]`: classifies every text the evals score (the
// long-form corpus, the seeds, the real-derived corpus as headline + lead and as headline only) and writes one
// line per text. Given an earlier snapshot, it says what changed, field by field, so that a refactor of the
// classifier can show its output is the same. Changes on the real-derived test split are only counted: its
// items stay unseen (test/fixtures/real/README.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadRecogniser } from '../src/config/load-recogniser.ts';
import type { ArticleText, Classification } from '../src/domain/types.ts';
import { loadCorpus, loadSeeds, toText } from './eval-lib.ts';
import { loadRealCorpus, realSplit, realText } from './real-corpus.ts';

interface Row {
  key: string;
  /** False for the real-derived test split, whose changes are only counted. */
  visible: boolean;
  got: Omit<Classification, 'reasons'> & { reasons: readonly string[] };
}

const [out, before] = process.argv.slice(2);
if (out === undefined) {
  console.error('usage: node scripts/classify-snapshot.ts <out.jsonl> [<before.jsonl>]');
  process.exit(2);
}
const recogniser = loadRecogniser();
const rows: Row[] = [];
const add = (key: string, visible: boolean, text: ArticleText): void => {
  rows.push({ key, visible, got: recogniser.classify(text) });
};
for (const a of loadCorpus()) add(`corpus/${a.id}`, true, toText(a));
for (const s of loadSeeds() ?? []) add(`seed/${s.id}`, true, s.text);
for (const item of loadRealCorpus()) {
  const visible = realSplit(item.story) === 'tune';
  add(`real-full/${item.id}`, visible, realText(item, 'full'));
  add(`real-headline/${item.id}`, visible, realText(item, 'headline'));
}
writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`${rows.length} classifications written to ${out}`);

if (before !== undefined) {
  const old = new Map<string, Row>();
  for (const line of readFileSync(before, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as Row;
    old.set(row.key, row);
  }
  const changedFields = new Map<string, number>();
  let hidden = 0;
  let shown = 0;
  for (const row of rows) {
    const was = old.get(row.key);
    if (!was) continue;
    const fields = Object.keys(row.got).filter(
      (f) => JSON.stringify((row.got as Record<string, unknown>)[f]) !== JSON.stringify((was.got as Record<string, unknown>)[f]),
    );
    if (fields.length === 0) continue;
    for (const f of fields) changedFields.set(f, (changedFields.get(f) ?? 0) + 1);
    if (!row.visible) {
      hidden++;
      continue;
    }
    shown++;
    if (shown > 200) continue;
    console.log(`\n${row.key}`);
    for (const f of fields) {
      const a = JSON.stringify((was.got as Record<string, unknown>)[f]);
      const b = JSON.stringify((row.got as Record<string, unknown>)[f]);
      console.log(`  ${f}: ${a.slice(0, 300)}\n    → ${b.slice(0, 300)}`);
    }
  }
  console.log(`\nchanged: ${shown} visible, ${hidden} on the real test split (not shown)`);
  for (const [f, n] of changedFields) console.log(`  ${f}: ${n}`);
}
