// The backlog's pure logic (docs/adr/024-first-poll-backlog.md): an item kept as parsed makes, once stored and
// read back, the Article a first poll would have made; rows that repeat an article collapse; pending changes
// answer incident and alert lookups as the store will once they are written (issue 21 point 3).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backlogArticles,
  backlogDrains,
  backlogFingerprints,
  compactRawItem,
  decodeBacklogPoll,
  describeBacklog,
  encodeBacklogPoll,
  type BacklogItem,
  type BacklogRow,
} from '../../src/domain/backlog.ts';
import { newIncident } from '../../src/domain/cluster.ts';
import type { RawItem } from '../../src/domain/normalise.ts';
import {
  addPendingChange,
  emptyPendingChanges,
  pendingChanges,
  withPendingAlerts,
  withPendingIncidents,
} from '../../src/domain/pending-incidents.ts';
import type { Incident } from '../../src/domain/types.ts';
import { readFeedItems } from '../../src/sources/fetch-feed.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../scripts/bench-lib/fixtures');
const byDate = <T extends { published: string | null; fetchedAt: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (a.published ?? a.fetchedAt).localeCompare(b.published ?? b.fetchedAt));

describe('a backlog row', () => {
  it('makes, stored as JSON and read back, the Articles a first poll would have made (peer feeds)', async () => {
    const files = readdirSync(FIXTURES).filter((f) => /\.(rss|atom)$/.test(f));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const parsed = await parseFeed(readFileSync(path.join(FIXTURES, file), 'utf8'));
      const context = { feedId: file, feedTitle: parsed.title ?? file, fetchedAt: '2026-12-07T12:00:00.000Z', feedUrl: `https://peer.example/${file}` };
      const items = await readFeedItems(parsed.items, context);
      // Stored as the store keeps a first poll (one text for the poll) and read back.
      const rows: BacklogRow[] = decodeBacklogPoll(encodeBacklogPoll(items.backlog())).map((item) => ({ feedId: file, key: item.kind === 'raw' ? item.key : '', item }));
      expect(rows.map((r) => r.key), file).toEqual(items.keys);
      expect(backlogArticles(rows), file).toEqual(byDate(await items.articles()));
    }
  });

  it('keeps only what normalising reads: fields cut where it cuts them, empty ones and unusable links left out', () => {
    const huge = 'x'.repeat(300 * 1024);
    const item: RawItem = { guid: { '#': 'object' }, link: `https://x.example/${'a'.repeat(70 * 1024)}`, title: '', summary: huge, content: null, isoDate: '2026-12-07T10:00:00.000Z' };
    expect(compactRawItem(item)).toEqual({ summary: huge.slice(0, 256 * 1024), isoDate: '2026-12-07T10:00:00.000Z' });
  });

  it('collapses rows that repeat an article under another key, and gives their fingerprints', () => {
    const a = makeArticle({ key: 'guid:1', fingerprint: 'content:x', published: '2026-12-02T00:00:00.000Z' });
    const b = makeArticle({ key: 'guid:2', fingerprint: 'content:x', published: '2026-12-01T00:00:00.000Z' });
    const c = makeArticle({ key: 'guid:3', fingerprint: 'content:y', published: '2026-12-01T00:00:00.000Z' });
    const rows: BacklogRow[] = [a, b, c].map((article) => ({ feedId: 'f', key: article.key, item: { kind: 'article', article } }));
    expect(backlogArticles(rows).map((x) => x.key)).toEqual(['guid:3', 'guid:1']);
    expect(backlogFingerprints(rows)).toEqual(new Set(['content:x', 'content:y']));
  });

  it('is one text per first poll with its context once, read back item for item (also as migration 013 rows became)', () => {
    const context = { feedId: 'f', feedTitle: 'F', fetchedAt: '2026-12-07T12:00:00.000Z', feedUrl: 'https://f.example/rss' };
    const other = { ...context, feedTitle: 'Other' };
    const article = makeArticle({ key: 'guid:3' });
    const items: BacklogItem[] = [
      { kind: 'raw', key: 'guid:1', raw: { guid: '1', title: 'One' }, context },
      { kind: 'article', article },
      { kind: 'raw', key: 'guid:2', raw: { guid: '2', title: 'Two' }, context: other },
    ];
    const text = encodeBacklogPoll(items);
    expect(text.split('"feedTitle":"F"')).toHaveLength(2);
    expect(decodeBacklogPoll(text)).toEqual(JSON.parse(JSON.stringify(items)));
    // Migration 014 wraps a feed's rows from before, each with its kind and context, as {"items": [...]}.
    expect(decodeBacklogPoll(JSON.stringify({ items }))).toEqual(JSON.parse(JSON.stringify(items)));
    expect(() => decodeBacklogPoll('[]')).toThrow(TypeError);
    expect(() => decodeBacklogPoll('{"items":[{"raw":{}}]}')).toThrow(/Item 0/);
  });

  it('counts a slice off as runs of each first poll, in order', () => {
    const row = (poll: number, index: number): Parameters<typeof backlogDrains>[0][number] =>
      ({ feedId: 'f', key: `k${index}`, item: { kind: 'article', article: makeArticle() }, poll, index });
    expect(backlogDrains([row(4, 10), row(4, 11), row(4, 12), row(9, 0), row(9, 1)])).toEqual([
      { poll: 4, from: 10, count: 3 },
      { poll: 9, from: 0, count: 2 },
    ]);
    expect(backlogDrains([])).toEqual([]);
  });

  it('is described for logs and /breach stats while it waits', () => {
    expect(describeBacklog({ items: 0, feeds: 0, oldestQueuedAt: null })).toBeNull();
    expect(describeBacklog({ items: 12345, feeds: 1, oldestQueuedAt: '2026-12-07T12:00:00.000Z' })).toBe(
      '12,345 past items from the first polls of 1 feed are still being recorded',
    );
  });
});

describe('pending changes', () => {
  const incident = (id: string, organisation: string, lastSeen: string, extra: Partial<Incident> = {}): Incident => ({
    ...newIncident(makeArticle({ key: id, published: lastSeen }), makeClassification({ organisation })),
    id,
    lastSeen,
    ...extra,
  });
  const query = { organisations: ['Council A'], since: '2026-01-01T00:00:00.000Z' };

  it('answer findIncidents as the store will: changed incidents replaced, folded ones gone, new ones added in order', () => {
    const stored = [incident('i2', 'Council A', '2026-11-02T00:00:00.000Z'), incident('i1', 'Council A', '2026-11-01T00:00:00.000Z')];
    const pending = pendingChanges([
      { incident: incident('i3', 'Council A', '2026-11-03T00:00:00.000Z'), outbox: [] },
      { incident: incident('i1', 'Council A', '2026-11-04T00:00:00.000Z'), absorbed: ['i2'], outbox: [] },
      { incident: incident('i4', 'Council B', '2026-11-05T00:00:00.000Z', { otherOrganisations: ['Council A'] }), outbox: [] },
      { incident: incident('i5', 'Council B', '2026-11-06T00:00:00.000Z'), outbox: [] },
      { incident: incident('i6', 'Council A', '2025-11-06T00:00:00.000Z'), outbox: [] },
      { incident: null, outbox: [] },
    ]);
    const found = withPendingIncidents(stored, pending, query);
    expect(found.map((i) => [i.id, i.lastSeen.slice(0, 10)])).toEqual([['i4', '2026-11-05'], ['i1', '2026-11-04'], ['i3', '2026-11-03']]);
    expect(withPendingIncidents(stored, pendingChanges([]), query)).toEqual(stored);
  });

  it('grow commit by commit (addPendingChange) to what pendingChanges makes of them all at once', () => {
    const payload = { kind: 'alert' as const, incident: { id: 'i1' } as never, factChanges: [], source: null };
    const commits = [
      {
        incident: incident('i1', 'Council A', '2026-11-01T00:00:00.000Z'),
        outbox: [{ incidentId: 'i1', destination: 'slack:C1', kind: 'alert' as const, payload }],
      },
      { incident: incident('i2', 'Council A', '2026-11-02T00:00:00.000Z'), outbox: [] },
      { incident: null, outbox: [] },
      { incident: incident('i3', 'Council A', '2026-11-03T00:00:00.000Z'), absorbed: ['i1'], outbox: [] },
    ];
    const growing = emptyPendingChanges();
    for (const [n, commit] of commits.entries()) {
      addPendingChange(growing, commit);
      expect(growing).toEqual(pendingChanges(commits.slice(0, n + 1)));
    }
    expect([...growing.incidents.keys()]).toEqual(['i2', 'i3']);
  });

  it('answer alertDestinations with the alerts decided and not yet written', () => {
    const i1 = incident('i1', 'Council A', '2026-11-01T00:00:00.000Z');
    const payload = { kind: 'alert' as const, incident: { id: 'i1' } as never, factChanges: [], source: null };
    const pending = pendingChanges([{ incident: i1, outbox: [
      { incidentId: 'i1', destination: 'slack:C2', kind: 'alert', payload },
      { incidentId: 'i1', destination: 'slack:C3', kind: 'update', payload },
      { incidentId: 'i9', destination: 'slack:C4', kind: 'alert', payload },
    ] }]);
    expect(withPendingAlerts(['slack:C1', 'slack:C2'], pending, 'i1')).toEqual(['slack:C1', 'slack:C2']);
    expect(withPendingAlerts(['discord:9'], pending, 'i1')).toEqual(['discord:9', 'slack:C2']);
  });
});
