// Items keyed from their heads, normalised only when asked for (issue 21 point 3): the same keys and the
// same Articles as normalising every item (ADR 004: existing stores must see the same keys), and a poll
// reads the text of the unseen items only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseItems, type NormaliseContext, type RawItem } from '../../src/domain/normalise.ts';
import { pollFeed } from '../../src/pipeline/poll-feed.ts';
import { readFeedItems } from '../../src/sources/fetch-feed.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FEEDS = [
  ...readdirSync(path.join(ROOT, 'scripts/bench-lib/fixtures')).filter((f) => /\.(rss|atom)$/.test(f)).map((f) => `scripts/bench-lib/fixtures/${f}`),
  'test/fixtures/google-news/search-council-data-breach.xml',
  'test/fixtures/leads/google-news-search.xml',
];
const context = (feedTitle: string | null): NormaliseContext => ({ feedId: 'f', feedTitle, fetchedAt: '2026-12-07T12:00:00.000Z', feedUrl: 'https://news.example/feed' });

describe('a feed\'s items keyed from their heads', () => {
  it.each(FEEDS)('gives the keys and Articles that normalising every item gives: %s', async (file) => {
    const parsed = await parseFeed(readFileSync(path.join(ROOT, file), 'utf8'));
    const eager = normaliseItems(parsed.items, context(parsed.title));
    const lazy = await readFeedItems(parsed.items, context(parsed.title));
    expect(await lazy.articles()).toEqual(eager);
    // Every stored key is among the heads' keys, in the same order.
    const keys = eager.map((a) => a.key);
    expect(lazy.keys.filter((k) => keys.includes(k))).toEqual(keys);
    expect(eager.length).toBeGreaterThan(0);
  });

  it('keys an item without a title by the title its text gives, as before', async () => {
    const raw: RawItem[] = [
      { link: 'https://news.example/a', title: '', summary: '<p>Council apologises after data breach</p>' },
      { link: 'https://news.example/b', title: 'Second story', summary: 'Text' },
      { title: '', summary: 'No link, no title: dropped' },
    ];
    const lazy = await readFeedItems(raw, context('Feed'));
    expect(await lazy.articles()).toEqual(normaliseItems(raw, context('Feed')));
    expect(lazy.keys).toEqual(['link:https://news.example/a', 'link:https://news.example/b']);
  });

  it('reads the text of the items asked for only', async () => {
    let reads = 0;
    const raw = Array.from({ length: 10 }, (_, i): RawItem => ({
      guid: `g${i}`,
      title: `Story ${i}`,
      get summary() {
        reads += 1;
        return `<p>Lead of story ${i}</p>`;
      },
    }));
    const items = await readFeedItems(raw, context('Feed'));
    expect(reads).toBe(0);
    const wanted = await items.articles((key) => key === 'guid:g3' || key === 'guid:g7');
    expect(wanted.map((a) => [a.key, a.summary])).toEqual([['guid:g3', 'Lead of story 3'], ['guid:g7', 'Lead of story 7']]);
    expect(reads).toBe(2);
  });
});

describe('a poll of a changed feed', () => {
  it('normalises only the items it has not seen', async () => {
    const store = openSqliteStore(':memory:');
    const reads = new Map<string, number>();
    const item = (id: string): RawItem => ({
      guid: id,
      title: `Story ${id}`,
      pubDate: 'Mon, 07 Dec 2026 10:00:00 GMT',
      get summary() {
        reads.set(id, (reads.get(id) ?? 0) + 1);
        return `<p>What happened in story ${id}, at some length.</p>`;
      },
    });
    let listed = ['a', 'b', 'c', 'd', 'e'];
    let now = new Date('2026-12-07T12:00:00Z');
    const deps = {
      store,
      now: () => now,
      signal: new AbortController().signal,
      options: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60 },
      fetchFeed: async () => ({
        kind: 'ok' as const,
        items: await readFeedItems(listed.map(item), { feedId: 'f', feedTitle: 'Feed', fetchedAt: now.toISOString() }),
        etag: null,
        lastModified: null,
        feedTitle: 'Feed',
      }),
    };
    const feed = { id: 'f', name: 'Feed', url: 'https://news.example/feed', intervalMinutes: 10 };
    const first = await pollFeed(feed, deps);
    expect(first).toMatchObject({ kind: 'first_poll', items: 5 });
    reads.clear();
    listed = ['g', 'f', ...listed];
    now = new Date(now.getTime() + 11 * 60_000);
    const second = await pollFeed(feed, deps);
    expect(second.kind === 'new_items' && second.articles.map((a) => a.key)).toEqual(['guid:g', 'guid:f']);
    expect([...reads.keys()].sort()).toEqual(['f', 'g']);
    await store.close();
  });
});
