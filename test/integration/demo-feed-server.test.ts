// The demo feed server publishes config/demo's invented articles round by round, with conditional GET,
// and the sample text is our own (no long runs of words shared with the seed articles).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startDemoFeedServer } from '../../src/demo/feed-server.ts';
import type { DemoFeedServer } from '../../src/demo/feed-server.ts';
import { buildDemoFeedData } from '../../src/demo/demo-feed-data.ts';
import type { DemoArticle } from '../../src/demo/demo-feed-data.ts';
import { cdata, escapeXml } from '../../src/demo/render-feed.ts';

const demoDir = path.resolve(import.meta.dirname, '../../config/demo');
const articlesPath = path.join(demoDir, 'articles.yaml');
const schedulePath = path.join(demoDir, 'schedule.yaml');
const seedsDir = path.resolve(import.meta.dirname, '../../../shared/seeds');

interface ArticleRow {
  id: string;
  title: string;
  link: string;
  guid: string;
  published: string;
}

const OLD = {
  'capital-ledger': ['cl-bin-collections', 'cl-library-hours'],
  'beat-and-badge': ['bb-courier-fraud', 'bb-pension-consultation'],
  'secure-times': ['st-retailer-outage', 'st-phone-launch'],
  'daily-wire-service': ['dws-heat-alert', 'dws-rail-fares'],
  'public-sector-it-weekly': ['psit-epr-go-live', 'psit-cloud-guidance'],
};
/** Expected item ids per feed per round, newest first. */
const EXPECTED: Record<string, string[]>[] = [
  OLD,
  { ...OLD, 'beat-and-badge': ['met-supplier-first-report', ...OLD['beat-and-badge']], 'capital-ledger': ['kensington-cctv', ...OLD['capital-ledger']] },
  {
    'capital-ledger': ['kensington-cctv', ...OLD['capital-ledger']],
    'beat-and-badge': ['bb-teenager-arrest', 'met-supplier-first-report', ...OLD['beat-and-badge']],
    'secure-times': ['met-supplier-47000', ...OLD['secure-times']],
    'daily-wire-service': OLD['daily-wire-service'],
    'public-sector-it-weekly': ['mopac-reprimand', ...OLD['public-sector-it-weekly']],
  },
  {
    'capital-ledger': ['kensington-cctv', ...OLD['capital-ledger']],
    'beat-and-badge': ['bb-teenager-arrest', 'met-supplier-first-report', ...OLD['beat-and-badge']],
    'secure-times': ['met-supplier-47000', ...OLD['secure-times']],
    'daily-wire-service': ['met-supplier-commissioner', ...OLD['daily-wire-service']],
    'public-sector-it-weekly': ['mopac-reprimand', ...OLD['public-sector-it-weekly']],
  },
];

let server: DemoFeedServer;
let articles: Map<string, ArticleRow>;

beforeAll(async () => {
  server = await startDemoFeedServer({ articlesPath, schedulePath });
  const file = parseYaml(await readFile(articlesPath, 'utf8')) as { articles: ArticleRow[] };
  articles = new Map(file.articles.map((a) => [a.id, a]));
});
afterAll(async () => {
  await server.close();
});

function feedUrl(id: string): string {
  const feed = server.feeds.find((f) => f.id === id);
  if (feed === undefined) throw new Error(`no feed ${id}`);
  return feed.url;
}

async function parsedItems(feedId: string) {
  const response = await fetch(feedUrl(feedId));
  expect(response.status).toBe(200);
  return (await new Parser().parseString(await response.text())).items;
}

describe('demo feed server', () => {
  it('serves five feeds on loopback, one of them Atom, with the right content types', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.feeds.map((f) => f.id)).toEqual(Object.keys(OLD));
    expect(server.roundCount).toBe(EXPECTED.length);
    for (const feed of server.feeds) {
      const response = await fetch(feed.url);
      await response.arrayBuffer();
      expect(response.headers.get('content-type')).toBe(
        feed.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8',
      );
    }
    expect(server.feeds.filter((f) => f.format === 'atom').map((f) => f.id)).toEqual(['secure-times']);
  });

  it.each(EXPECTED.map((feeds, round) => ({ round, label: String(round), feeds })))(
    'round $label: each feed parses and lists exactly the expected items, newest first',
    async ({ round, feeds }) => {
      server.setRound(round);
      expect(server.round).toBe(round);
      for (const [feedId, ids] of Object.entries(feeds)) {
        const items = await parsedItems(feedId);
        const expected = ids.map((id) => articles.get(id));
        expect(items.map((i) => i.title)).toEqual(expected.map((a) => a?.title));
        expect(items.map((i) => i.link)).toEqual(expected.map((a) => a?.link));
        // rss-parser reports an RSS <guid> as guid and an Atom <id> as id.
        expect(items.map((i) => i.guid ?? (i as { id?: string }).id)).toEqual(expected.map((a) => a?.guid));
        expect(items.map((i) => i.isoDate)).toEqual(expected.map((a) => new Date(a?.published ?? '').toISOString()));
        for (const item of items) expect(item.content?.length ?? 0).toBeGreaterThan(50);
      }
    },
  );

  it('keeps the full article HTML in content:encoded for RSS and in <content> for Atom', async () => {
    server.setRound(3);
    const rss = (await parsedItems('public-sector-it-weekly'))[0] as Record<string, unknown>;
    expect(rss['content:encoded']).toContain('<p>In all, 394 people');
    const atom = (await parsedItems('secure-times'))[0];
    expect(atom?.content).toContain('<p>The incident caps a grim month');
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, and 200 once the round adds items', async () => {
    server.setRound(0);
    const url = feedUrl('beat-and-badge');
    const first = await fetch(url);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(new Date(lastModified).toISOString()).toBe('2023-08-18T07:45:00.000Z');

    const again = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await fetch(url, { headers: { 'If-None-Match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);

    server.setRound(1);
    const changed = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('met-warrant-card-supplier-hacked');
    expect((await fetch(url, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(200);
    // A feed the round did not touch still matches its old validator.
    const untouched = await fetch(feedUrl('daily-wire-service'));
    await untouched.text();
    server.setRound(0);
    const before = await fetch(feedUrl('daily-wire-service'), { headers: { 'If-None-Match': untouched.headers.get('etag') ?? '' } });
    expect(before.status).toBe(304);
  });

  it('answers HEAD without a body, 404 for unknown paths, 405 for other methods', async () => {
    const head = await fetch(feedUrl('capital-ledger'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${server.baseUrl}/feeds/nope.xml`)).status).toBe(404);
    const post = await fetch(feedUrl('capital-ledger'), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses rounds the schedule does not have', () => {
    expect(() => server.setRound(EXPECTED.length)).toThrow(/rounds 0 to 3/);
    expect(() => server.setRound(-1)).toThrow(/does not exist/);
  });
});

describe('demo feed data and rendering', () => {
  const feed = { id: 'f', name: 'F', format: 'rss' as const, siteUrl: 'https://f.test/', description: 'd' };
  const article = (id: string, published: string): DemoArticle => ({
    id,
    outlet: 'f',
    title: id,
    link: `https://f.test/${id}`,
    guid: id,
    published: new Date(published),
    author: null,
    categories: [],
    summary: 's',
    contentHtml: '<p>c</p>',
  });

  it('rejects a schedule that names unknown articles, re-adds one, or adds an item older than its feed', () => {
    const a = article('a', '2023-01-02T00:00:00Z');
    const b = article('b', '2023-01-01T00:00:00Z');
    expect(() => buildDemoFeedData([a, b], [feed], [{ f: ['a', 'b'] }, { f: ['zzz'] }])).toThrow(
      /"zzz", which is not in the articles file/,
    );
    expect(() => buildDemoFeedData([a, b], [feed], [{ f: ['a'] }, { f: ['b'] }])).toThrow(/not newer/);
    expect(() => buildDemoFeedData([a, b], [feed], [{ f: ['b', 'a'] }, { f: ['a'] }])).toThrow(/second time/);
    expect(() => buildDemoFeedData([a], [feed], [{ g: ['a'] }])).toThrow(/"g", which is not defined/);
  });

  it('escapes markup in text and cannot be broken out of CDATA', () => {
    expect(escapeXml(`Beat & Badge <b> "q"`)).toBe('Beat &amp; Badge &lt;b&gt; &quot;q&quot;');
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });
});

/** Lower-case words with punctuation, apostrophes and thousands separators removed. */
function words(text: string): string[] {
  return text
    .replace(/<[^>]+>/g, ' ')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .replace(/(\d),(\d)/g, '$1$2')
    .split(/[^a-z0-9£]+/)
    .filter((w) => w.length > 0);
}

function ngrams(list: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= list.length; i++) out.add(list.slice(i, i + n).join(' '));
  return out;
}

const RUN = 8;
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds && process.env.CI) {
  throw new Error(`The seed articles are missing at ${seedsDir}; CI needs them to check the demo text is our own.`);
}
if (!haveSeeds) {
  console.warn(`Skipping the copied-text check: no seed articles at ${seedsDir}.`);
}

describe.skipIf(!haveSeeds)(`config/demo text is our own (no run of ${RUN}+ words shared with a seed)`, () => {
  it('shares no run of 8 consecutive words with any seed article', async () => {
    const seedRuns = new Map<string, string>();
    for (const name of await readdir(seedsDir)) {
      for (const run of ngrams(words(await readFile(path.join(seedsDir, name), 'utf8')), RUN)) seedRuns.set(run, name);
    }
    expect(seedRuns.size).toBeGreaterThan(1000);
    const copied: string[] = [];
    for (const name of await readdir(demoDir)) {
      if (!/\.(ya?ml|json|xml)$/.test(name)) continue;
      for (const run of ngrams(words(await readFile(path.join(demoDir, name), 'utf8')), RUN)) {
        const seed = seedRuns.get(run);
        if (seed !== undefined) copied.push(`${name}: "${run}" (from ${seed})`);
      }
    }
    expect(copied).toEqual([]);
  });
});
