// Issue 20 point 3: the same story from two Google News searches (same publisher and headline, different
// feed, different opaque link) and from its publisher's own feed, or a headline and lead syndicated word
// for word by two outlets, is ONE article of its incident: one source in the alert, no update for the
// copy, one search hit. Through the real pipeline: loopback feeds → httpGet → parse → normalise → runCycle → SQLite.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/cli/replay-command.ts';
import type { FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { runCycle } from '../../src/pipeline/run-cycle.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { httpGet } from '../../src/sources/http-get.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeClassification } from '../helpers/articles.ts';
import { googleNewsSearchRss, outletRss, type OutletStory, type SearchHit } from '../helpers/google-news-feeds.ts';
import { loopbackServers } from '../helpers/loopback-server.ts';
import { consoleCycle } from '../helpers/cycle.ts';

const servers = loopbackServers();
afterAll(() => servers.closeAll());

const T0 = '2026-12-07T06:00:00.000Z';
const council = { headline: 'Exampleshire council emails residents’ details to wrong list', publisher: 'Example Gazette', site: 'https://www.example-gazette.co.uk', published: '2026-12-07T08:00:00Z' };
const police: OutletStory = {
  headline: 'Examplefordshire Police apologises after officers’ names shared',
  lead: 'The force said a spreadsheet naming 1,200 officers was sent to a community group by mistake.',
  url: '',
  published: '2026-12-07T08:30:00Z',
};
const old = { headline: 'Library opening hours change', publisher: 'Example Gazette', site: 'https://www.example-gazette.co.uk', published: '2026-12-01T08:00:00Z' };

describe('the same article from several feeds', () => {
  it('is stored, alerted and counted once', async () => {
    let searchA: SearchHit[] = [{ ...old, opaqueId: 'CBMiOLD1' }];
    let searchB: SearchHit[] = [{ ...old, opaqueId: 'CBMiOLD2' }];
    let gazette: OutletStory[] = [];
    let courier: OutletStory[] = [];
    const server = await servers.serve((req, res) => {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      if (req.url === '/search-a') return void res.end(googleNewsSearchRss('council data breach', searchA));
      if (req.url === '/search-b') return void res.end(googleNewsSearchRss('residents details wrong list', searchB));
      if (req.url === '/gazette') return void res.end(outletRss('Example Gazette', 'https://www.example-gazette.co.uk', gazette));
      if (req.url === '/courier') return void res.end(outletRss('Example Courier', 'https://www.example-courier.co.uk', courier));
      res.writeHead(404).end();
    });
    const feeds = ['search-a', 'search-b', 'gazette', 'courier'].map((id) => ({ id, name: id, url: `${server.base}/${id}`, intervalMinutes: 1 }));
    const store = openSqliteStore(':memory:');
    const sink = createRecordingSink('console');
    let now = new Date(T0);
    const fetch: FetchFeed = (feed, validators, signal) =>
      fetchFeed(feed, validators, { httpGet, now: () => now, signal, allowPrivateAddresses: true, maxBytes: 1_000_000, timeoutMs: 5000 });
    const deps = consoleCycle({
      store,
      classify: (text) =>
        text.title.includes('council')
          ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'human_error' })
          : text.title.includes('Police')
            ? makeClassification({ organisation: 'Examplefordshire Police', sector: 'police', affected: 1200 })
            : makeClassification({ alert: false, organisation: null, sector: null, category: 'not_breach' }),
      fetchFeed: fetch,
      now: () => now,
      sink,
      poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 2 },
    });
    // First polls record what the feeds carry now, without posting.
    await runCycle(feeds, deps);

    searchA = [...searchA, { ...council, opaqueId: 'CBMiQUFBQUFB' }];
    searchB = [...searchB, { ...council, opaqueId: 'CBMiQkJCQkJC' }];
    gazette = [
      { ...police, url: 'https://www.example-gazette.co.uk/news/police-names-123' },
      // The search hit's story in its publisher's own feed, with a lead: the same article again.
      { headline: council.headline, lead: 'The council has apologised to 2,000 residents.', url: 'https://www.example-gazette.co.uk/news/council-list-124', published: '2026-12-07T08:05:00Z' },
    ];
    courier = [{ ...police, url: 'https://www.example-courier.co.uk/news/24-police-apology' }];
    now = new Date(Date.parse(T0) + 3 * 3_600_000);
    const report = await runCycle(feeds, deps);

    expect(report.newArticles).toBe(5);
    expect(report.incidentsCreated).toBe(2);
    expect(report.incidentsUpdated).toBe(0);
    const incidents = await store.recentIncidents({ limit: 10 });
    expect(incidents.map((i) => [i.organisation, i.articles.length]).sort()).toEqual([
      ['Examplefordshire Police', 1],
      ['Exampleshire County Council', 1],
    ]);
    // One alert each, and no "another source" update for the copies.
    expect(sink.sent.map((s) => [s.payload.kind, s.payload.incident.organisation]).sort()).toEqual([
      ['alert', 'Examplefordshire Police'],
      ['alert', 'Exampleshire County Council'],
    ]);
    expect(await store.searchArticles('spreadsheet officers', 10)).toHaveLength(1);
    expect(await store.searchArticles('residents wrong list', 10)).toHaveLength(1);
    const stats = await store.incidentStats('2026-01-01T00:00:00.000Z');
    expect(stats.articles).toBe(2);

    // The copies are seen in their own feeds: the next poll finds nothing new.
    now = new Date(now.getTime() + 120_000);
    expect((await runCycle(feeds, deps)).newArticles).toBe(0);
  });
});

describe('replay of Google-News-shaped files', () => {
  it('lists a story that a second search file carries again under duplicates, with the incident of the first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-gn-replay-'));
    const a = path.join(dir, 'search-a.xml');
    const b = path.join(dir, 'search-b.xml');
    writeFileSync(a, googleNewsSearchRss('council data breach', [{ ...council, opaqueId: 'CBMiQUFB' }, { ...old, opaqueId: 'CBMiT0xE' }]));
    writeFileSync(b, googleNewsSearchRss('residents details wrong list', [{ ...council, opaqueId: 'CBMiQkJC' }]));
    const classify = (text: { title: string }) =>
      text.title.includes('council') ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council' }) : makeClassification({ alert: false, organisation: null, sector: null });
    const result = await replay([a, b], classify, new Date('2026-12-07T12:00:00Z'));
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]?.articles).toHaveLength(1);
    expect(result.rejected.map((r) => r.title)).toEqual([old.headline]);
    expect(result.duplicates).toEqual([
      { url: 'https://news.google.com/rss/articles/CBMiQkJC', title: council.headline, outlet: 'Example Gazette', sameAs: 'search-a guid:CBMiQUFB', incidentId: result.incidents[0]?.id },
    ]);
  });
});
