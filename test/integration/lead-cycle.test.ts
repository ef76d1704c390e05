// End to end (issue 20 points 2 and 8): a Google-News-shaped search feed on loopback, polled by the real
// cycle with the real classifier. A headline-only item that the classifier alone does not alert on (the
// body is named only in the article's lead) becomes an alert once its lead is read; an item with no
// breach signal is not fetched; a page that fails leaves the headline-only decision, with the reason;
// the same story in a second search is answered from the cache.
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { runCycle } from '../../src/pipeline/run-cycle.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { createLeadReader } from '../../src/sources/fetch-lead.ts';
import { httpGet, type HttpGet } from '../../src/sources/http-get.ts';
import type { ArticleCommit, Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { realClassifier } from '../helpers/classifier.ts';
import { googleNewsLinkFor, googleNewsSearchFeed, opaqueGoogleNewsLink } from '../helpers/google-news.ts';
import { fakeResolver, loopbackServers } from '../helpers/loopback-server.ts';
import { consoleCycle } from '../helpers/cycle.ts';

const loopback = loopbackServers();
afterEach(() => loopback.closeAll());

const HEADLINE = 'Hackers leak stolen files on dark web';
const LEAD = 'Files stolen from Northumberland County Council in a ransomware attack, including staff and resident records, have been published online.';

describe('a Google News search feed with leads', () => {
  it('alerts on a headline-only item once its lead names the body; other items keep their decision, and say why', async () => {
    let showNew = false;
    const itemXml: Array<{ title: string; link: string; guid: string }> = [];
    const google = await loopback.serve((req, res) => {
      if (req.url?.startsWith('/rss/search')) {
        const body = googleNewsSearchFeed(opaqueGoogleNewsLink('AU_yqLold', `http://news.google.com:${googlePort()}`), showNew ? itemXml : []);
        res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(body);
        return;
      }
      // Opaque ids: Google redirects to an article the publisher has taken down.
      res.writeHead(302, { Location: `http://www.example-gazette.co.uk:${publisher.port}/news/taken-down` }).end();
    });
    const googlePort = (): number => google.port;
    const publisher = await loopback.serve((req, res) => {
      if (req.url === '/news/hackers-leak') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(
          `<html><head><meta property="og:description" content="${LEAD}"><title>${HEADLINE}</title></head><body><p>Body.</p></body></html>`,
        );
      } else res.writeHead(404).end();
    });
    const base = `http://news.google.com:${google.port}`;
    itemXml.push(
      { title: HEADLINE, link: googleNewsLinkFor(`http://www.example-gazette.co.uk:${publisher.port}/news/hackers-leak`, undefined, base), guid: 'new-1' },
      { title: 'Council approves new budget for 2026', link: googleNewsLinkFor(`http://www.example-gazette.co.uk:${publisher.port}/news/budget`, undefined, base), guid: 'new-2' },
      { title: 'Personal details of thousands of residents published online by mistake', link: opaqueGoogleNewsLink('AU_yqLgone', base), guid: 'new-3' },
    );

    const lookup = fakeResolver({ 'news.google.com': ['127.0.0.1'], 'www.example-gazette.co.uk': ['127.0.0.1'] });
    const get: HttpGet = (url, options) => httpGet(url, { ...options, lookup, allowAddresses: [`127.0.0.1:${google.port}`, `127.0.0.1:${publisher.port}`] });
    const now = new Date('2026-12-07T09:00:00Z');
    const fetch: FetchFeed = (feed, validators, signal) =>
      fetchFeed(feed, validators, { httpGet: get, now: () => now, signal, allowPrivateAddresses: false, maxBytes: 1_000_000, timeoutMs: 2_000 });
    const sqlite = openSqliteStore(':memory:');
    // The real store, with what each article's commit said kept for the checks below.
    const commits: ArticleCommit[] = [];
    const store: Store = { ...sqlite, commitArticles: (commit) => (commits.push(...commit.articles), sqlite.commitArticles(commit)) };
    const reader = createLeadReader({
      httpGet: get,
      http: { allowPrivateAddresses: false, maxBytes: 1_000_000, timeoutMs: 2_000 },
      cache: store.keyv('lead'),
      hosts: store.keyv('lead-host'),
      settings: { maxPagesPerCycle: 20, hostIntervalMs: 0, cacheTtlMs: 60_000, failureTtlMs: 60_000 },
    });
    const sink = createRecordingSink('console');
    const deps = consoleCycle({
      store,
      classify: realClassifier(),
      fetchFeed: fetch,
      now: () => now,
      sink,
      maxArticleAgeDays: 14,
      leads: { rule: { shortLeadChars: 100, minScore: 0.2 }, forCycle: () => reader.forCycle() },
    });
    const feeds = [
      { id: 'gn-data-breach', name: 'Google News: "data breach"', url: `${base}/rss/search?q=%22data+breach%22`, intervalMinutes: 1 },
      { id: 'gn-council-hack', name: 'Google News: council hack', url: `${base}/rss/search?q=council+hack`, intervalMinutes: 1 },
    ];

    // Without its lead, the headline alone is no alert: the story names no body.
    expect(realClassifier()({ title: HEADLINE, summary: `${HEADLINE} Example Gazette` }).alert).toBe(false);

    await runCycle(feeds, deps); // first polls: recorded quietly, no page fetched
    expect(publisher.requests).toEqual([]);

    showNew = true;
    await store.saveFeedState({ ...(await store.getFeedState('gn-data-breach'))!, nextPollAt: null });
    await store.saveFeedState({ ...(await store.getFeedState('gn-council-hack'))!, nextPollAt: null });
    const report = await runCycle(feeds, deps);
    expect(report.newArticles).toBe(6);

    // One alert, for the body the lead names, with the lead in its reasons.
    expect(sink.sent.map((s) => [s.payload.kind, s.payload.incident.organisation])).toEqual([['alert', 'Northumberland County Council']]);
    const incident = sink.sent[0]!.payload.incident;
    expect(incident.reasons).toContain(`Read the article's lead from www.example-gazette.co.uk:${publisher.port} (og:description).`);
    // The page was read once: the second search's copy of the story is the same article (ADR 017), only marked seen.
    expect(publisher.requests.filter((r) => r === '/news/hackers-leak')).toHaveLength(1);
    // No breach signal, no fetch.
    expect(publisher.requests).not.toContain('/news/budget');
    // A page that is gone: the headline-only decision stands, and the reasons say why.
    const gone = commits.filter((c) => c.article.title.startsWith('Personal details'));
    expect(gone).toHaveLength(1);
    expect(gone[0]!.classification.alert).toBe(false);
    expect(gone[0]!.classification.reasons.at(-1)).toBe('Lead not fetched: www.example-gazette.co.uk answered HTTP 404; the headline-only decision stands.');
    const budget = commits.find((c) => c.article.title.startsWith('Council approves'));
    expect(budget?.classification.reasons.join(' ')).not.toMatch(/Lead/);
    // The stored article carries its lead, so search finds the story by the body's name.
    expect((await store.searchArticles('Northumberland', 5)).map((h) => h.title)).toEqual([HEADLINE]);
    await sqlite.close();
  });
});
