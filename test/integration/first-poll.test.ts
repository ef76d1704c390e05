// A feed's first poll keeps what it finds and the backlog worker records it without posting it (issue 18 point 3,
// docs/adr/024-first-poll-backlog.md): recent, search and stats answer once it is recorded, one log line says
// what was found, and new stories are posted from the next poll on.
import { feedItemsOf } from '../../src/domain/normalise.ts';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import type { FetchResult } from '../../src/pipeline/poll-feed.ts';
import { recordWholeBacklog, runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const feeds = [
  { id: 'f', name: 'Feed', url: 'https://feed.example/rss', intervalMinutes: 1 },
  { id: 'g', name: 'Other feed', url: 'https://other.example/rss', intervalMinutes: 1 },
];

describe('the first poll of a feed', () => {
  it('keeps its items, records and clusters them between polls without posting, and posts new stories from the next poll', async () => {
    const store = openSqliteStore(':memory:');
    let now = new Date('2026-11-23T12:00:00Z');
    const past = [
      makeArticle({ feedId: 'f', key: 'a', url: 'https://x.example/a', title: 'Council emails carers list to wrong people', published: '2026-11-20T09:00:00.000Z' }),
      makeArticle({ feedId: 'f', key: 'b', url: 'https://x.example/b', title: 'NHS trust hit by ransomware', published: '2026-11-21T10:00:00.000Z' }),
      makeArticle({ feedId: 'f', key: 'c', url: 'https://x.example/c', title: 'Bake sale raises money', published: '2026-11-22T10:00:00.000Z' }),
    ];
    const other = [makeArticle({ feedId: 'g', key: 'd', url: 'https://y.example/d', title: 'NHS trust ransomware: patients told', published: '2026-11-21T12:00:00.000Z' })];
    let items = { f: past, g: other };
    const sink = createRecordingSink('console');
    const lines: string[] = [];
    const deps: CycleDeps = {
      store,
      classify: (text) =>
        text.title.includes('Bake')
          ? makeClassification({ alert: false, organisation: null, sector: null })
          : text.title.includes('NHS')
            ? makeClassification({ organisation: 'Example NHS Trust', sector: 'nhs', cause: 'ransomware' })
            : makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'human_error' }),
      fetchFeed: async (feed): Promise<FetchResult> => ({ kind: 'ok', items: feedItemsOf(items[feed.id as 'f' | 'g']), etag: null, lastModified: null, feedTitle: feed.name }),
      routes: () => [{ sink: 'console' }],
      sinks: new Map([['console', sink]]),
      log: createLogger({ level: 'info', format: 'json', write: (line) => lines.push(line) }),
      now: () => now,
      signal: new AbortController().signal,
      maxArticleAgeDays: 0,
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 1 },
      owner: 'test#1',
    };

    const first = await runCycle(feeds, deps);
    expect(first.firstPolls).toEqual({ feeds: 2, items: 4 });
    expect(first.newArticles).toBe(0);
    // Kept, not yet read: the backlog is recorded between polls (docs/adr/024-first-poll-backlog.md).
    expect(await store.backlogStatus()).toMatchObject({ items: 4, feeds: 2 });
    expect(await store.recentIncidents({ limit: 10 })).toEqual([]);
    const found = lines.filter((l) => l.includes('First poll'));
    expect(found).toHaveLength(1);
    expect(JSON.parse(found[0] ?? '{}').message).toMatch(/First poll: 2 feeds, 4 past items kept to be recorded without posting, between polls/);

    expect(await recordWholeBacklog(feeds, deps)).toEqual({ items: 4, incidents: 2, more: false });
    expect(await store.backlogStatus()).toMatchObject({ items: 0, feeds: 0 });
    expect(sink.sent).toEqual([]);
    expect(await store.dueOutbox(now.toISOString(), 10)).toEqual([]);
    const recent = await store.recentIncidents({ limit: 10 });
    expect(recent.map((i) => [i.organisation, i.articles.length]).sort()).toEqual([['Example NHS Trust', 2], ['Exampleshire County Council', 1]]);
    expect((await store.searchArticles('ransomware', 10)).length).toBe(2);
    expect(lines.filter((l) => /recorded without alerting/.test(l))).toEqual([]);

    items = { f: [...past, makeArticle({ feedId: 'f', key: 'e', url: 'https://x.example/e', title: 'Police force loses laptop', published: '2026-11-23T11:00:00.000Z' })], g: other };
    now = new Date(now.getTime() + 120_000);
    const second = await runCycle(feeds, { ...deps, classify: (text) => (text.title.includes('Police') ? makeClassification() : deps.classify(text)) });
    expect(second.firstPolls.feeds).toBe(0);
    expect(sink.sent.map((s) => [s.payload.kind, s.payload.incident.organisation])).toEqual([['alert', 'Metropolitan Police Service']]);
    expect(lines.filter((l) => l.includes('First poll'))).toHaveLength(1);
  });
});
