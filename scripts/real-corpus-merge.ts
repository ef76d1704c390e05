// `node scripts/real-corpus-merge.ts batch.jsonl…`: adds blind-written batches to the real-derived corpus
// (test/fixtures/real/items.jsonl) after they were scored blind (`node scripts/eval-real.ts --blind`).
// Labels name bodies by their canonical gazetteer name; a name the gazetteer lacks becomes `unlistedName`
// with a null organisation, and an earlier `unlistedName` the gazetteer now knows becomes the organisation.
// Pages already in the corpus (same source URL or id) are skipped. Prints counts only, never item text.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadGazetteer } from '../src/config/load-gazetteer.ts';
import { REAL_PATH, realItemSchema } from './real-corpus.ts';

const gazetteer = loadGazetteer();
const canonical = (name: string | null | undefined): string | null => (name ? (gazetteer.byName(name)?.name ?? null) : null);
type Item = { id: string; sourceUrl: string; labels: Record<string, unknown> & { organisation: string | null } };

function relabel(item: Item): void {
  const l = item.labels;
  const written = l.organisation ?? (typeof l['unlistedName'] === 'string' ? l['unlistedName'] : null);
  const name = canonical(written);
  l.organisation = name;
  if (name === null && written !== null) l['unlistedName'] = written;
  else delete l['unlistedName'];
  const others = Array.isArray(l['otherOrganisations']) ? (l['otherOrganisations'] as string[]) : [];
  l['otherOrganisations'] = others.map(canonical).filter((n): n is string => n !== null && n !== name);
}

const items = readFileSync(REAL_PATH, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Item);
const urls = new Set(items.map((i) => i.sourceUrl));
const ids = new Set(items.map((i) => i.id));
let added = 0;
let skipped = 0;
for (const item of items) relabel(item);
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as Item;
    if (urls.has(item.sourceUrl) || ids.has(item.id)) {
      skipped++;
      continue;
    }
    relabel(item);
    const parsed = realItemSchema.safeParse(item);
    if (!parsed.success) throw new Error(`${file}: ${item.id}: ${parsed.error.issues.map((x) => x.path.join('.')).join(', ')}`);
    items.push(item);
    urls.add(item.sourceUrl);
    ids.add(item.id);
    added++;
  }
}
writeFileSync(REAL_PATH, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
console.log(`${items.length} items: ${added} added, ${skipped} already there`);
