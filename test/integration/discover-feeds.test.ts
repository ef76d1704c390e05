// Issue 20 point 5: `feed add <site URL>` finds the site's feeds and offers them, through the real safe
// HTTP client on loopback servers that play public sites (a fake DNS names them; each server's exact
// 127.0.0.1:port is let through, nothing else private is). Pages written by us in the shape of real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { COMMON_FEED_PATHS, discoverFeeds, feedLinks, MAX_ALTERNATES } from '../../src/sources/discover-feeds.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { httpGet, type HttpGetOptions } from '../../src/sources/http-get.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeClassification } from '../helpers/articles.ts';
import { outletRss } from '../helpers/google-news-feeds.ts';
import { fakeResolver, loopbackServers, type LoopbackServer } from '../helpers/loopback-server.ts';

const servers = loopbackServers();
let gazette: LoopbackServer;
let courier: LoopbackServer;
let options: HttpGetOptions;
const GAZETTE = 'www.example-gazette.co.uk';
const COURIER = 'www.example-courier.co.uk';

const page = (head: string): string =>
  `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Example Gazette</title>
<link rel="stylesheet" href="/css/site.css"><link rel="icon" href="/favicon.ico">${head}</head>
<body><header><a href="/">Example Gazette</a></header><main><h1>News</h1><p>Latest stories from Exampleshire.</p></main></body></html>`;
const rss = (title: string, n: number): string =>
  outletRss(title, 'https://www.example-gazette.co.uk', Array.from({ length: n }, (_, i) => ({ headline: `Story ${i}`, lead: 'A lead.', url: `https://www.example-gazette.co.uk/news/${i}`, published: '2026-12-07T08:00:00Z' })));
const atom = (title: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:x</id><updated>2026-12-07T08:00:00Z</updated>` +
  '<entry><title>One</title><id>urn:1</id><link href="https://www.example-gazette.co.uk/1"/><updated>2026-12-07T08:00:00Z</updated></entry></feed>';

beforeAll(async () => {
  gazette = await servers.serve((req, res) => {
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    const xml = (body: string) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    switch (req.url) {
      case '/news':
        return html(page('<LINK REL="alternate" TYPE="application/rss+xml" TITLE="Gazette &amp; news" HREF="/feeds/news.xml">'));
      case '/several':
        return html(
          page(
            '<base href="/sections/"><link rel="alternate" type="application/rss+xml" title="Crime" href="crime/rss">' +
              `<link rel='alternate' type='application/atom+xml' href='http://${GAZETTE}:${gazette.port}/atom'>` +
              '<link rel="alternate" type="application/rss+xml" href="/feeds/news.xml#top"><!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->' +
              '<link rel="alternate" hreflang="cy" href="/cy/news"><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
          ),
        );
      case '/forbidden':
        return html(
          page(
            '<link rel="alternate" type="application/rss+xml" href="http://10.0.0.1/feed">' +
              '<link rel="alternate" type="application/rss+xml" href="http://169.254.169.254/latest/meta-data/">' +
              '<link rel="alternate" type="application/rss+xml" href="/redirect-inside">',
          ),
        );
      case '/redirect-inside':
        return void res.writeHead(302, { location: 'http://192.168.1.1/feed' }).end();
      case '/zero':
        return html(page(''));
      case '/feeds/news.xml':
        return xml(rss('Example Gazette news', 3));
      case '/sections/crime/rss':
        return xml(rss('Example Gazette crime', 2));
      case '/atom':
        return res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atom('Example Gazette (Atom)'));
      default:
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
    }
  });
  courier = await servers.serve((req, res) => {
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(''));
    if (req.url === '/feed') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Example Courier', 4));
    res.writeHead(404).end();
  });
  options = {
    lookup: fakeResolver({ [GAZETTE]: ['127.0.0.1'], [COURIER]: ['127.0.0.1'] }),
    allowAddresses: [`127.0.0.1:${gazette.port}`, `127.0.0.1:${courier.port}`],
    timeoutMs: 3000,
  };
});
afterAll(() => servers.closeAll());

const site = (path: string): string => `http://${GAZETTE}:${gazette.port}${path}`;
const get = (url: string, signal: AbortSignal) => httpGet(url, { ...options, signal });
const discover = (url: string) => discoverFeeds(url, { get, signal: AbortSignal.timeout(10_000) });

describe('discoverFeeds', () => {
  it('follows a page\'s one alternate link, resolving a relative href and decoding its attributes', async () => {
    const found = await discover(site('/news'));
    expect(found).toEqual({ page: site('/news'), feeds: [{ url: site('/feeds/news.xml'), title: 'Example Gazette news', items: 3 }], refused: [], tried: 1 });
    expect(gazette.requests.filter((r) => COMMON_FEED_PATHS.includes(r as never))).toEqual([]);
  });

  it('offers several feeds (RSS and Atom, <base href>, absolute and relative), skipping comments, other types and other schemes', async () => {
    const found = await discover(site('/several'));
    expect(found.feeds.map((f) => [f.url, f.title, f.items])).toEqual([
      [site('/sections/crime/rss'), 'Example Gazette crime', 2],
      [site('/atom'), 'Example Gazette (Atom)', 1],
      [site('/feeds/news.xml'), 'Example Gazette news', 3],
    ]);
    expect(found.tried).toBe(3);
  });

  it('refuses links to private and local addresses, also behind a redirect, then tries the common paths', async () => {
    const found = await discover(site('/forbidden'));
    expect(found.refused).toEqual(['http://10.0.0.1/feed', 'http://169.254.169.254/latest/meta-data/', site('/redirect-inside')]);
    expect(found.feeds).toEqual([]);
    expect(found.tried).toBe(3 + COMMON_FEED_PATHS.length);
  });

  it('finds a feed only at a common path (/feed) when the page links none', async () => {
    const found = await discover(`http://${COURIER}:${courier.port}/`);
    expect(found.feeds).toEqual([{ url: `http://${COURIER}:${courier.port}/feed`, title: 'Example Courier', items: 4 }]);
    expect(courier.requests.length).toBeLessThanOrEqual(1 + COMMON_FEED_PATHS.length);
  });

  it('finds nothing on a site without feeds, after a bounded number of requests', async () => {
    const before = gazette.requests.length;
    const found = await discover(site('/zero'));
    expect(found.feeds).toEqual([]);
    expect(gazette.requests.length - before).toBe(1 + COMMON_FEED_PATHS.length);
  });

  it('stops when its time is up: a feed link that never answers holds nothing up for long', async () => {
    const hanging = await servers.serve((req, res) => {
      if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page('<link rel="alternate" type="application/rss+xml" href="/slow">'));
      // /slow and every common path: headers sent, body never finished.
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).write('<rss><channel>');
    });
    const started = Date.now();
    const found = await discoverFeeds(`http://${GAZETTE}:${hanging.port}/`, {
      get: (url, signal) => httpGet(url, { ...options, allowAddresses: [`127.0.0.1:${hanging.port}`], signal }),
      signal: AbortSignal.timeout(1000),
    });
    expect(found.feeds).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
    // The common paths were not tried once the time was up.
    expect(hanging.requests.length).toBeLessThanOrEqual(2);
  });

  it('fails like any fetch when the page itself is refused', async () => {
    await expect(discoverFeeds('http://10.1.2.3/news', { get, signal: AbortSignal.timeout(5000) })).rejects.toMatchObject({ code: ErrorCode.FeedUrlRefused });
  });
});

describe('feedLinks on hostile pages', () => {
  it('stays linear and bounded: unclosed tags, endless attributes, thousands of links', () => {
    const many = '<link rel="alternate" type="application/rss+xml" href="/f">'.repeat(1) + Array.from({ length: 5000 }, (_, i) => `<link rel=alternate type=application/rss+xml href=/f${i}>`).join('');
    expect(feedLinks(`<html><head>${many}`, 'https://a.example/').length).toBe(MAX_ALTERNATES);
    for (const hostile of ['<link '.repeat(200_000), `<link rel="${'a'.repeat(1_000_000)}`, '<!--'.repeat(100_000), `<link ${'x='.repeat(300_000)}>`]) {
      const started = performance.now();
      expect(feedLinks(hostile, 'https://a.example/')).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});

describe('feed add <site URL> through the command core', () => {
  const admin: CommandContext = { platform: 'slack', userId: 'UADMIN', isAdmin: true, channelId: 'C1', workspaceId: 'T1' };
  const text = (reply: CommandReply): string => JSON.stringify(reply.blocks);

  function deps(store = openSqliteStore(':memory:')): CommandDeps {
    return {
      store,
      now: () => new Date('2026-12-07T09:00:00Z'),
      configFeeds: [{ id: 'gazette-crime', name: 'Gazette crime', url: site('/sections/crime/rss') }],
      checkFeedUrl: () => ({ ok: true }),
      fetchArticles: async (url, signal) => {
        const result = await fetchFeed({ id: 'feed-test', name: url, url }, null, { httpGet: (u, o) => httpGet(u, { ...o, ...options }), now: () => new Date(), signal, allowPrivateAddresses: false, maxBytes: 1_000_000 });
        if (result.kind !== 'ok') throw new BreachwatchError(ErrorCode.FeedEmpty, 'no body');
        return { feedTitle: result.feedTitle, articles: (await result.items.articles()) };
      },
      classify: () => makeClassification({ alert: false }),
      discoverFeeds: (url, signal) => discoverFeeds(url, { get, signal }),
    };
  }

  it('offers the one feed it found with the command to add it, and adds nothing', async () => {
    const d = deps();
    const reply = await handleCommand({ kind: 'feed_add', url: site('/news'), name: null }, admin, d);
    expect(reply.isError).toBeUndefined();
    expect(reply.title).toBe(`Found 1 feed on ${GAZETTE}`);
    expect(text(reply)).toContain("is a web page, not a feed, so I haven't added anything. The site has one feed");
    expect(reply.blocks[1]).toEqual({ kind: 'list', items: [`"Example Gazette news" <${site('/feeds/news.xml')}> (3 item(s)): /breach feed add ${site('/feeds/news.xml')}`] });
    expect(await d.store.listFeeds()).toEqual([]);
  });

  it('lists several, marking one already watched, and says what it refused', async () => {
    const several = await handleCommand({ kind: 'feed_add', url: site('/several'), name: null }, admin, deps());
    expect(several.title).toBe(`Found 3 feeds on ${GAZETTE}`);
    expect(several.blocks[1]).toMatchObject({ kind: 'list', items: [expect.stringMatching(/crime\/rss> \(2 item\(s\)\): already watched as "gazette-crime"$/), expect.stringMatching(/atom\/?> \(1 item\(s\)\): \/breach feed add http/), expect.stringMatching(/news\.xml> \(3 item\(s\)\): \/breach feed add /)] });
    const refused = await handleCommand({ kind: 'feed_add', url: site('/forbidden'), name: null }, admin, deps());
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/found no feed on www\.example-gazette\.co\.uk.*Skipped 3 link\(s\) to addresses breachwatch may not fetch/);
  });

  it('still adds a feed URL directly, and answers a page with no feeds with what to do', async () => {
    const d = deps();
    expect((await handleCommand({ kind: 'feed_add', url: site('/feeds/news.xml'), name: null }, admin, d)).title).toBe('Added feed example-gazette-news');
    const none = await handleCommand({ kind: 'feed_add', url: site('/zero'), name: null }, admin, d);
    expect(none.isError).toBe(true);
    expect(text(none)).toMatch(/found no feed .* \/feed, \/rss, .*Find the site's RSS or Atom link and add that, or search Google News/);
 
    // feed test of a web page offers the site's feeds to test.
    const test = await handleCommand({ kind: 'feed_test', url: site('/news') }, admin, d);
    expect(text(test)).toContain(`is a web page, not a feed. The site has one feed; to test it, run the command after it:`);
    expect(test.blocks[1]).toEqual({ kind: 'list', items: [`"Example Gazette news" <${site('/feeds/news.xml')}> (3 item(s)): /breach feed test ${site('/feeds/news.xml')}`] });
  });
});
