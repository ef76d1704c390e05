// A feed's new articles are written in one transaction (issue 21 point 3); an alert's incident lookup still
// sees the incidents and alerts decided before it in the same feed (domain/pending-incidents.ts).
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { processArticles } from '../../src/pipeline/process-article.ts';
import type { ArticlesCommit, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

function setup() {
  const sqlite = openSqliteStore(':memory:');
  const commits: ArticlesCommit[] = [];
  const store: Store = { ...sqlite, commitArticles: (commit) => (commits.push(commit), sqlite.commitArticles(commit)) };
  const deps = {
    store,
    classify: (text: { title: string }) =>
      text.title.startsWith('Breach')
        ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council' as const })
        : makeClassification({ alert: false, organisation: null, category: 'policy' as const }),
    routes: () => [{ sink: 'console' }],
    log: silentLogger(),
    now: () => new Date('2026-12-07T12:00:00Z'),
    maxArticleAgeDays: 0,
  };
  return { sqlite, commits, deps };
}
const article = (key: string, title: string) =>
  makeArticle({ feedId: 'f', key, url: `https://news.example/${key}`, title, published: '2026-12-07T09:00:00.000Z', fetchedAt: '2026-12-07T12:00:00.000Z' });

describe('processArticles', () => {
  it('writes a feed\'s new articles, their seen marks and outbox rows in one transaction', async () => {
    const { sqlite, commits, deps } = setup();
    const items = [article('a', 'Budget set'), article('b', 'Breach at the council'), article('c', 'Roadworks'), article('d', 'Library opens')];
    const outcomes = await processArticles(items, deps);
    expect(outcomes?.map((o) => o.kind)).toEqual(['rejected', 'incident', 'rejected', 'rejected']);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.articles.map((c) => c.article.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(await sqlite.filterSeen('f', ['a', 'b', 'c', 'd'])).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(await sqlite.dueOutbox('2026-12-07T13:00:00.000Z', 10)).toHaveLength(1);
    await sqlite.close();
  });

  it('lets a second alert of the feed find the incident the first made, all in one transaction', async () => {
    const { sqlite, commits, deps } = setup();
    const items = [article('a', 'Breach at the council exposes names'), article('b', 'Roadworks'), article('c', 'Breach at the council exposes names')];
    const outcomes = await processArticles(items, deps);
    const incidents = outcomes?.flatMap((o) => (o.kind === 'incident' ? [[o.change.created, o.change.incident.id]] : []));
    expect(incidents?.map(([created]) => created)).toEqual([true, false]);
    expect(incidents?.[0]?.[1]).toBe(incidents?.[1]?.[1]);
    expect(commits.map((c) => c.articles.length)).toEqual([3]);
    // One alert, then an update where it is: never a second alert for the incident.
    expect((await sqlite.dueOutbox('2026-12-07T13:00:00.000Z', 10)).map((e) => e.kind)).toEqual(['alert']);
    await sqlite.close();
  });

  it('writes nothing once told to stop', async () => {
    const { sqlite, commits, deps } = setup();
    let calls = 0;
    expect(await processArticles([article('a', 'Budget set'), article('b', 'Roadworks')], deps, false, () => ++calls > 2)).toBeNull();
    expect(commits).toHaveLength(0);
    expect(await sqlite.filterSeen('f', ['a', 'b'])).toEqual(new Set());
    await sqlite.close();
  });

  it('finds a story another feed of the same batch carries (replay reads feeds together): written before the lookup', async () => {
    const { sqlite, commits, deps } = setup();
    const copy = (feedId: string, key: string) =>
      makeArticle({ ...article(key, 'Budget set'), feedId, url: `https://${feedId}.example/${key}`, story: 'story:budget', syndication: 'text:budget' });
    const items = [copy('search-a', 'a'), article('b', 'Roadworks'), copy('search-b', 'c')];
    const outcomes = await processArticles(items, deps);
    expect(outcomes?.map((o) => o.kind)).toEqual(['rejected', 'rejected', 'duplicate']);
    const duplicate = outcomes?.[2];
    expect(duplicate?.kind === 'duplicate' && duplicate.of).toMatchObject({ feedId: 'search-a', key: 'a' });
    expect(commits.map((c) => c.articles.length)).toEqual([2, 0]);
    expect(await sqlite.filterSeen('search-b', ['c'])).toEqual(new Set(['c']));
    await sqlite.close();
  });

  it('writes what is decided before a lookup only when another feed of the batch has a story key, again after each write', async () => {
    const { sqlite, commits, deps } = setup();
    const copy = (feedId: string, key: string, keys: { story?: string; syndication?: string }) =>
      makeArticle({ ...article(key, `Budget set ${key}`), feedId, url: `https://${feedId}.example/${key}`, ...keys });
    const items = [
      copy('a', '1', { story: 'story:budget' }),
      copy('a', '2', { story: 'story:budget' }), // the same feed: no write, and no duplicate
      copy('b', '3', { syndication: 'text:budget' }),
      copy('c', '4', { syndication: 'text:budget' }), // feed b's, decided before: written first, then found
      copy('d', '5', { story: 'story:other' }),
      copy('e', '6', { story: 'story:budget' }), // feed a's were written with the first write: no second write
      copy('f', '7', { story: 'story:other' }), // feed d's, decided after the write: written first, then found
    ];
    const outcomes = await processArticles(items, deps);
    const decided = outcomes?.map((o) => (o.kind === 'duplicate' ? `duplicate of ${o.of.feedId} ${o.of.key}` : o.kind));
    expect(decided).toEqual(['rejected', 'rejected', 'rejected', 'duplicate of b 3', 'rejected', 'duplicate of a 1', 'duplicate of d 5']);
    expect(commits.map((c) => c.articles.map((a) => a.article.key))).toEqual([['1', '2', '3'], ['5'], []]);
    await sqlite.close();
  });
});
