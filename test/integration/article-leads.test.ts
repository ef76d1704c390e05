// Reading an article's lead (issue 20 point 2) through real HTTP on loopback: Google News links decoded
// offline or resolved by redirect, article pages of every shape, refused and failing pages, the page
// budget, the per-host rate and the cache. Two loopback servers play news.google.com and a publisher;
// a fake DNS sends their names to 127.0.0.1 and only their two ports are let through, so the address
// policy stays on for everything else.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLeadReader, type LeadSettings } from '../../src/sources/fetch-lead.ts';
import { httpGet, type HttpGet } from '../../src/sources/http-get.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { googleNewsLinkFor, opaqueGoogleNewsLink } from '../helpers/google-news.ts';
import { fakeResolver, loopbackServers, type Handler, type LoopbackServer } from '../helpers/loopback-server.ts';

const loopback = loopbackServers();
const page = (name: string): string => readFileSync(path.join(import.meta.dirname, '../fixtures/leads', name), 'utf8');
const html = (res: Parameters<Handler>[1], body: string, status = 200): void => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
};

let google: LoopbackServer;
let publisher: LoopbackServer;
let store: Store;
let agents: string[];
/** Publisher paths → pages (or handlers). */
let pages: Record<string, string | Handler>;
/** Google News ids → where Google sends the reader (a redirect, or a page of its own). */
let googleAnswers: Record<string, Handler>;

const GOOGLE = 'news.google.com';
const GAZETTE = 'www.example-gazette.co.uk';
const gazette = (p: string): string => `http://${GAZETTE}:${publisher.port}${p}`;
const googleBase = (): string => `http://${GOOGLE}:${google.port}`;

beforeEach(async () => {
  agents = [];
  pages = {};
  googleAnswers = {};
  google = await loopback.serve((req, res) => {
    const id = /\/rss\/articles\/([^?]+)/.exec(req.url ?? '')?.[1] ?? '';
    const answer = googleAnswers[id];
    if (answer) answer(req, res);
    else res.writeHead(404).end();
  });
  publisher = await loopback.serve((req, res) => {
    agents.push(`${req.headers['user-agent']} | ${req.headers.accept}`);
    const found = pages[req.url ?? ''];
    if (found === undefined) res.writeHead(404).end('not here');
    else if (typeof found === 'string') html(res, found);
    else found(req, res);
  });
  store = openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
  await loopback.closeAll();
});

const settings: LeadSettings = { maxPagesPerCycle: 20, hostIntervalMs: 0, cacheTtlMs: 60_000, failureTtlMs: 60_000 };

function reader(overrides: Partial<LeadSettings> = {}, maxBytes = 300_000) {
  const lookup = fakeResolver({ [GOOGLE]: ['127.0.0.1'], [GAZETTE]: ['127.0.0.1'], 'intranet.example': ['10.0.0.7'] });
  const get: HttpGet = (url, options) => httpGet(url, { ...options, lookup, allowAddresses: [`127.0.0.1:${google.port}`, `127.0.0.1:${publisher.port}`] });
  return createLeadReader({
    httpGet: get,
    http: { allowPrivateAddresses: false, maxBytes, timeoutMs: 1_500, idleTimeoutMs: 1_000, userAgent: 'breachwatch-test/1' },
    cache: store.keyv('lead'),
    hosts: store.keyv('lead-host'),
    settings: { ...settings, ...overrides },
  });
}

describe('resolving Google News links', () => {
  it('decodes the publisher URL from the id and never asks Google', async () => {
    pages['/news/council-apologises-123'] = page('og-description.html');
    const link = googleNewsLinkFor(gazette('/news/council-apologises-123'), undefined, googleBase());
    const result = await reader().forCycle()(link, 'Council apologises after residents’ details shared');
    expect(result).toEqual({
      fetched: true,
      source: 'og:description',
      url: gazette('/news/council-apologises-123'),
      text: expect.stringMatching(/^Northshire County Council has apologised/),
    });
    expect(google.requests).toEqual([]);
    expect(agents).toEqual(['breachwatch-test/1 | text/html, application/xhtml+xml;q=0.9, */*;q=0.1']);
  });

  it("follows Google's redirect for an opaque id, under the address policy", async () => {
    pages['/hospital'] = page('meta-description.html');
    const link = opaqueGoogleNewsLink('AU_yqLOpaque1', googleBase());
    googleAnswers[new URL(link).pathname.split('/').at(-1) ?? ''] = (_req, res) => res.writeHead(302, { Location: gazette('/hospital') }).end();
    const result = await reader().forCycle()(link, 'Hospital letters blunder');
    expect(result).toMatchObject({ fetched: true, source: 'meta description', url: gazette('/hospital') });
    expect(google.requests).toHaveLength(1);
  });

  it("takes the article address from Google's interstitial page (data-n-au)", async () => {
    pages['/police'] = page('json-ld.html');
    const link = opaqueGoogleNewsLink('AU_yqLOpaque2', googleBase());
    googleAnswers[new URL(link).pathname.split('/').at(-1) ?? ''] = (_req, res) =>
      html(res, page('google-interstitial.html').replace('ARTICLE_URL', gazette('/police')));
    expect(await reader().forCycle()(link, 'Police force reprimanded')).toMatchObject({ fetched: true, source: 'json-ld', url: gazette('/police') });
  });

  it('gives up cleanly on a Google page with no usable address', async () => {
    const link = opaqueGoogleNewsLink('AU_yqLOpaque3', googleBase());
    googleAnswers[new URL(link).pathname.split('/').at(-1) ?? ''] = (_req, res) => html(res, page('google-consent.html'));
    expect(await reader().forCycle()(link, 'x')).toMatchObject({ fetched: false, why: "Google News gave a page without the article's address" });
    expect(agents).toEqual([]);
  });

  it('refuses a redirect to a private address or another port, and says so', async () => {
    const read = reader().forCycle();
    pages['/to-intranet'] = (_req, res) => res.writeHead(301, { Location: 'http://intranet.example/secret' }).end();
    pages['/to-loopback'] = (_req, res) => res.writeHead(302, { Location: 'http://127.0.0.1:9/admin' }).end();
    const cases: Array<[string, RegExp]> = [
      ['/to-intranet', /^the address policy refused it \(intranet\.example resolves to 10\.0\.0\.7: refused/],
      ['/to-loopback', /^the address policy refused it \(.*redirected to http:\/\/127\.0\.0\.1:9\/admin/],
    ];
    for (const [p, why] of cases) {
      const result = await read(gazette(p), 'x');
      expect(result.fetched ? '' : result.why).toMatch(why);
    }
  });
});

describe('article pages', () => {
  it('reads paragraphs when the page has no description', async () => {
    pages['/school'] = page('paragraphs.html');
    expect(await reader().forCycle()(gazette('/school'), 'School data stolen')).toMatchObject({
      fetched: true,
      source: 'paragraphs',
      text: expect.stringMatching(/^Laptops holding the records of pupils at Hillside Academy/),
    });
  });

  it('stops reading a page over the cap, and refuses what is not HTML', async () => {
    pages['/huge'] = `<p>${'All work and no play. '.repeat(20_000)}</p>`;
    pages['/pdf'] = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/pdf' }).end('%PDF-1.7');
    const read = reader({}, 100_000).forCycle();
    expect(await read(gazette('/huge'), 'x')).toMatchObject({ fetched: false, why: `the page at ${GAZETTE} is larger than 100000 bytes` });
    expect(await read(gazette('/pdf'), 'x')).toMatchObject({ fetched: false, why: `the page at ${GAZETTE} is not HTML (application/pdf)` });
  });

  it('reads a hostile page within the cap quickly, finding nothing', async () => {
    pages['/hostile'] = '<p <meta content="'.repeat(14_000);
    const started = Date.now();
    expect(await reader().forCycle()(gazette('/hostile'), 'x')).toMatchObject({ fetched: false, why: `the page at ${GAZETTE} has no description or paragraphs to read` });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it.each([
    [404, `${GAZETTE} answered HTTP 404`],
    [500, `${GAZETTE} answered HTTP 500`],
  ])('an HTTP %i leaves the decision standing, and says so', async (status, why) => {
    pages['/gone'] = (_req, res) => res.writeHead(status).end();
    expect(await reader().forCycle()(gazette('/gone'), 'x')).toEqual({ fetched: false, why, url: gazette('/gone') });
  });

  it('a page that never answers times out', async () => {
    pages['/slow'] = () => undefined;
    expect(await reader().forCycle()(gazette('/slow'), 'x')).toMatchObject({ fetched: false, why: expect.stringMatching(new RegExp(`^${GAZETTE.replace(/\./g, '\\.')} did not answer within`)) });
  });
});

describe('bounds and cache', () => {
  it("spends at most the cycle's page budget; the next cycle has a new one", async () => {
    for (const n of [1, 2, 3]) pages[`/p${n}`] = page('og-description.html');
    const leads = reader({ maxPagesPerCycle: 2 });
    const read = leads.forCycle();
    expect((await read(gazette('/p1'), 'x')).fetched).toBe(true);
    expect((await read(gazette('/p2'), 'x')).fetched).toBe(true);
    expect(await read(gazette('/p3'), 'x')).toEqual({ fetched: false, why: "the cycle's budget of 2 pages was spent", url: null });
    expect((await leads.forCycle()(gazette('/p3'), 'x')).fetched).toBe(true);
    expect(publisher.requests).toEqual(['/p1', '/p2', '/p3']);
  });

  it('asks a host at most once per interval, and does not cache that refusal', async () => {
    pages['/a'] = page('og-description.html');
    pages['/b'] = page('paragraphs.html');
    const read = reader({ hostIntervalMs: 300 }).forCycle();
    expect((await read(gazette('/a'), 'x')).fetched).toBe(true);
    expect(await read(gazette('/b'), 'x')).toEqual({ fetched: false, why: `${GAZETTE} was asked less than 0.3 s ago (one page per host at a time)`, url: null });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await read(gazette('/b'), 'x')).fetched).toBe(true);
  });

  it("counts the host a Google redirect lands on as asked", async () => {
    pages['/a'] = page('og-description.html');
    pages['/b'] = page('paragraphs.html');
    const link = opaqueGoogleNewsLink('AU_yqLOpaque4', googleBase());
    googleAnswers[new URL(link).pathname.split('/').at(-1) ?? ''] = (_req, res) => res.writeHead(302, { Location: gazette('/a') }).end();
    const read = reader({ hostIntervalMs: 60_000 }).forCycle();
    expect((await read(link, 'x')).fetched).toBe(true);
    expect(await read(gazette('/b'), 'x')).toMatchObject({ fetched: false, why: `${GAZETTE} was asked less than 60 s ago (one page per host at a time)` });
    expect(publisher.requests).toEqual(['/a']);
  });

  it('answers a link it has read from the cache, in a later cycle too, failures included', async () => {
    pages['/a'] = page('og-description.html');
    const leads = reader({ maxPagesPerCycle: 2 });
    const first = await leads.forCycle()(gazette('/a'), 'x');
    const failed = await leads.forCycle()(gazette('/missing'), 'x');
    expect(await leads.forCycle()(gazette('/a'), 'x')).toEqual(first);
    expect(await leads.forCycle()(gazette('/missing'), 'x')).toEqual(failed);
    expect(publisher.requests).toEqual(['/a', '/missing']);
  });

  it('forgets a failure sooner than a lead', async () => {
    pages['/a'] = page('og-description.html');
    const leads = reader({ failureTtlMs: 50 });
    await leads.forCycle()(gazette('/late'), 'x');
    await leads.forCycle()(gazette('/a'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 80));
    pages['/late'] = page('paragraphs.html');
    expect((await leads.forCycle()(gazette('/late'), 'x')).fetched).toBe(true);
    await leads.forCycle()(gazette('/a'), 'x');
    expect(publisher.requests).toEqual(['/late', '/a', '/late']);
  });
});
