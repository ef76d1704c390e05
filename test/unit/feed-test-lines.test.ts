// `feed test` (issue 20 point 5): each of the first items with its decision, body, sector and short reasons.
import { describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { feedTestLine } from '../../src/commands/feed-commands.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

describe('feed test lines', () => {
  it('gives the decision, the body and sector of an alert, and the first two reasons, shortened', () => {
    const alert = makeClassification({ score: 0.873, reasons: ['Names Metropolitan Police Service (gazetteer)', 'Breach words: "hacked"', 'third'] });
    expect(feedTestLine('Met supplier hacked', alert)).toBe(
      'ALERT (score 0.87): Met supplier hacked → Metropolitan Police Service (Police) — Names Metropolitan Police Service (gazetteer); Breach words: "hacked"',
    );
    const no = makeClassification({ alert: false, category: 'private_breach', organisation: null, sector: null, reasons: ['x'.repeat(300)] });
    const line = feedTestLine('Retailer breach', no);
    expect(line).toMatch(/^no alert \(private breach\): Retailer breach — x+…$/);
    expect(line.length).toBeLessThan(200);
  });

  it('lists the first ten items, alerts or not, and posts and stores nothing', async () => {
    const store = openSqliteStore(':memory:');
    const articles = Array.from({ length: 12 }, (_, i) => makeArticle({ key: `k${i}`, title: i % 3 === 0 ? `Police breach ${i}` : `Bake sale ${i}` }));
    const deps: CommandDeps = {
      store,
      now: () => new Date('2026-12-07T09:00:00Z'),
      configFeeds: [],
      checkFeedUrl: () => ({ ok: true }),
      fetchArticles: async () => ({ feedTitle: 'Example News', articles }),
      classify: (text) => (text.title.startsWith('Police') ? makeClassification() : makeClassification({ alert: false, category: 'not_breach', organisation: null, sector: null, reasons: [] })),
    };
    const reply = await handleCommand({ kind: 'feed_test', url: 'https://news.example/rss' }, { platform: 'console', userId: 'u', isAdmin: true, channelId: null, workspaceId: null }, deps);
    expect(reply.blocks[0]).toEqual({ kind: 'text', text: '12 item(s) read; 4 would alert if they were new. Nothing was posted. The first 10:' });
    const items = reply.blocks[1]?.kind === 'list' ? reply.blocks[1].items : [];
    expect(items).toHaveLength(10);
    expect(items[0]).toBe('ALERT (score 0.90): Police breach 0 → Metropolitan Police Service (Police) — test');
    expect(items[1]).toBe('no alert (not breach): Bake sale 1');
    expect(await store.searchArticles('police', 10)).toEqual([]);
    expect(await store.listFeeds()).toEqual([]);
  });
});
