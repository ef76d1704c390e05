// Keys chosen with title identities made only when needed (item-key.ts chooseKeys, ADR 028) are the keys the
// eager choice made: checked against that choice (kept here as it was) on random batches full of repeats.
import { describe, expect, it } from 'vitest';
import { chooseItemKeys, chooseKeys, type KeyCandidates, type KeyChoice, type KeyField } from '../../src/domain/item-key.ts';

const FIELDS: readonly KeyField[] = ['guid', 'link', 'title'];

/** chooseItemKeys before ADR 028: every title folded up front. */
function eager(items: readonly KeyCandidates[]): KeyChoice[] {
  const signature = (item: KeyCandidates): string | null =>
    item.guid !== null ? `guid:${item.guid}\nlink:${item.link ?? ''}` : item.link !== null ? `link:${item.link}` : item.title !== null ? `title:${item.title}` : null;
  const distinct: Array<{ item: KeyCandidates; index: number }> = [];
  const signatures = new Set<string>();
  items.forEach((item, index) => {
    const s = signature(item);
    if (s === null || signatures.has(s)) return;
    signatures.add(s);
    distinct.push({ item, index });
  });
  const counts: Record<KeyField, Map<string, number>> = { guid: new Map(), link: new Map(), title: new Map() };
  for (const { item } of distinct) for (const f of FIELDS) if (item[f] !== null) counts[f].set(item[f], (counts[f].get(item[f]) ?? 0) + 1);
  const used = new Set<string>();
  const choices: KeyChoice[] = [];
  for (const { item, index } of distinct) {
    let choice: KeyChoice | null = null;
    for (const f of FIELDS) if (choice === null && item[f] !== null && counts[f].get(item[f]) === 1) choice = { index, key: `${f}:${item[f]}`, field: f };
    if (choice === null) {
      const f = FIELDS.find((x) => item[x] !== null);
      if (f === undefined) continue;
      choice = { index, key: `${f}:${item[f] as string}`, field: f };
    }
    if (used.has(choice.key)) continue;
    used.add(choice.key);
    choices.push(choice);
  }
  return choices;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chooseKeys (titles folded only when a key needs them)', () => {
  it('chooses what the eager choice chose, on random batches with repeated and missing GUIDs, links and titles', () => {
    const next = random(28);
    const pick = (n: number, missing: number): string | null => (next() < missing ? null : String(Math.floor(next() * n)));
    for (let batch = 0; batch < 2000; batch += 1) {
      const size = 1 + Math.floor(next() * 12);
      const spread = 1 + Math.floor(next() * 14);
      const items: KeyCandidates[] = Array.from({ length: size }, () => ({
        guid: pick(spread, next()),
        link: pick(spread, next()),
        title: pick(spread, next() * 0.5),
      }));
      const expected = eager(items);
      expect(chooseItemKeys(items), JSON.stringify(items)).toEqual(expected);
      expect(chooseKeys(items.map(({ guid, link }) => ({ guid, link })), (i) => items[i]!.title)).toEqual(expected);
    }
  });

  it('folds no title when every item has a unique GUID, and each needed title once', () => {
    const asked: number[] = [];
    const titleOf = (i: number): string => (asked.push(i), `t${i}`);
    expect(chooseKeys([{ guid: 'a', link: null }, { guid: 'b', link: 'x' }], titleOf).map((c) => c.key)).toEqual(['guid:a', 'guid:b']);
    expect(asked).toEqual([]);
    const keys = chooseKeys([{ guid: 'a', link: 'x' }, { guid: 'a', link: 'y' }, { guid: null, link: null }], titleOf).map((c) => c.key);
    expect(keys).toEqual(['link:x', 'link:y', 'title:t2']);
    expect([...asked].sort()).toEqual([0, 1, 2]);
  });
});
