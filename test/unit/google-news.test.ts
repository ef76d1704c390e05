// Google News searches (issue 20 point 3): the search URL, `feed add google`, the items' publisher and
// title, and the story key that makes one article of the same story from several searches or outlets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCommand } from '../../adapters/discord/commands.ts';
import { parseCommandText } from '../../src/commands/parse-command.ts';
import { storyKeys } from '../../src/domain/item-key.ts';
import { normaliseItems, splitGoogleNewsTitle } from '../../src/domain/normalise.ts';
import { googleNewsSearchUrl } from '../../src/sources/google-news.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { Command } from '../../src/commands/types.ts';
import { checkUrl } from '../../src/sources/address-policy.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import type { HttpGet } from '../../src/sources/http-get.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeClassification } from '../helpers/articles.ts';
import { googleNewsSearchRss, outletRss } from '../helpers/google-news-feeds.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/google-news/search-council-data-breach.xml');
const FETCHED = '2026-12-07T09:05:00.000Z';

async function articlesOf(xml: string, feedId: string) {
  const feed = await parseFeed(xml);
  return normaliseItems(feed.items, { feedId, feedTitle: feed.title, fetchedAt: FETCHED });
}

describe('Google News search feeds', () => {
  it('builds the UK-edition search URL', () => {
    expect(googleNewsSearchUrl('council data breach')).toBe('https://news.google.com/rss/search?q=council%20data%20breach&hl=en-GB&gl=GB&ceid=GB:en');
    expect(googleNewsSearchUrl('  "data breach"   NHS & trust ')).toBe('https://news.google.com/rss/search?q=%22data%20breach%22%20NHS%20%26%20trust&hl=en-GB&gl=GB&ceid=GB:en');
  });

  it('turns `feed add google "…"` into a feed add named after the search, in chat and on Discord', () => {
    const expected = {
      kind: 'feed_add',
      url: 'https://news.google.com/rss/search?q=council%20data%20breach&hl=en-GB&gl=GB&ceid=GB:en',
      name: 'Google News — council data breach',
    };
    expect(parseCommandText('feed add google "council data breach"')).toEqual(expected);
    expect(parseCommandText('feed add Google council data breach')).toEqual(expected);
    // A Google News web search pasted as the feed: its RSS twin, in the UK edition.
    expect(parseCommandText('feed add <https://news.google.com/search?q=council%20data%20breach&hl=en-US&gl=US&ceid=US:en>')).toEqual(expected);
    expect(parseCommandText('feed add https://news.google.com/search?q=council+data+breach Councils')).toEqual({ ...expected, name: 'Councils' });
    expect(parseCommandText('feed add https://news.google.com/topstories?hl=en-GB')).toMatchObject({ kind: 'feed_add', url: 'https://news.google.com/topstories?hl=en-GB' });
    expect(parseCommandText('feed add google')).toMatchObject({ kind: 'parse_error', message: expect.stringMatching(/words to search Google News/) });
    expect(parseCommandText(`feed add google ${'x'.repeat(201)}`)).toMatchObject({ kind: 'parse_error', message: expect.stringMatching(/at most 200/) });
    const option = (name: string, value: string) => ({ name, type: 3, value });
    const discord = (options: object[]) => [{ name: 'feed', type: 2, options: [{ name: 'add', type: 1, options }] }];
    expect(toCommand(discord([option('google', 'council data breach')]), null)).toEqual(expected);
    expect(toCommand(discord([option('google', 'council data breach'), option('name', 'Councils')]), null)).toEqual({ ...expected, name: 'Councils' });
    expect(toCommand(discord([option('url', 'https://x.example/feed')]), null)).toEqual({ kind: 'feed_add', url: 'https://x.example/feed', name: null });
    // feed test takes a search too.
    expect(parseCommandText('feed test google council data breach')).toEqual({ kind: 'feed_test', url: expected.url });
    const test = (options: object[]) => [{ name: 'feed', type: 2, options: [{ name: 'test', type: 1, options }] }];
    expect(toCommand(test([option('google', 'council data breach')]), null)).toEqual({ kind: 'feed_test', url: expected.url });
    expect(toCommand(test([option('url', 'https://x.example/feed')]), null)).toEqual({ kind: 'feed_test', url: 'https://x.example/feed' });
    expect(toCommand(test([]), null)).toMatchObject({ kind: 'parse_error' });
    for (const options of [[], [option('url', 'https://x.example/feed'), option('google', 'x')]]) {
      expect(toCommand(discord(options), null)).toMatchObject({ kind: 'parse_error', message: expect.stringMatching(/either a url .* or google/) });
    }
  });

  it('takes the publisher from <source url="…"> and strips it from the title, whatever the title looks like', async () => {
    const articles = await articlesOf(readFileSync(FIXTURE, 'utf8'), 'gn');
    expect(articles.map((a) => [a.title, a.outlet])).toEqual([
      ["Exampleshire council apologises after residents' details emailed to wrong list", 'Example Gazette'],
      // No suffix: the title stays whole.
      ['Borough council investigates data breach at housing office', 'Example Courier'],
      // " - " inside the headline: only the publisher's suffix goes.
      ['Council data breach - what we know so far', 'Example Evening News'],
      // A suffix that names the publisher a little differently from <source>.
      ['Police force reprimanded over lost laptop', 'BBC News'],
    ]);
    expect(articles[0]?.url).toBe('https://news.google.com/rss/articles/CBMiWmh0dHBzOi8vd3d3LmV4YW1wbGUtZ2F6ZXR0ZS5jby51ay9uZXdzL2NvdW5jaWwtYXBvbG9naXNlcy0xMjM0NdIBAA');
  });

  it('splits titles without <source> only where the last part looks like a publisher', () => {
    expect(splitGoogleNewsTitle('Data breach - what we know', null)).toEqual({ title: 'Data breach - what we know', outlet: null });
    expect(splitGoogleNewsTitle('Data breach - what we know - Example Gazette', null)).toEqual({ title: 'Data breach - what we know', outlet: 'Example Gazette' });
    // A different suffix that is not the publisher stays in the title.
    expect(splitGoogleNewsTitle('Trust fined - update', 'Example Gazette')).toEqual({ title: 'Trust fined - update', outlet: 'Example Gazette' });
    expect(splitGoogleNewsTitle('Trust fined - The Guardian', 'Guardian')).toEqual({ title: 'Trust fined', outlet: 'Guardian' });
  });
});

describe('one article across feeds (story keys)', () => {
  const hit = { headline: 'Exampleshire council emails residents’ data to wrong list', publisher: 'Example Gazette', site: 'https://www.example-gazette.co.uk', published: '2026-12-07T08:00:00Z' };

  it('gives the same story from two searches (different opaque links and ids) one key, and another publisher another', async () => {
    const [a] = await articlesOf(googleNewsSearchRss('council data breach', [{ ...hit, opaqueId: 'CBMiAAA' }]), 'gn-council');
    const [b] = await articlesOf(googleNewsSearchRss('data breach emailed', [{ ...hit, opaqueId: 'CBMiBBB' }]), 'gn-emailed');
    const [other] = await articlesOf(googleNewsSearchRss('council data breach', [{ ...hit, publisher: 'Example Courier', site: 'https://www.example-courier.co.uk', opaqueId: 'CBMiCCC' }]), 'gn-council');
    expect(a?.url).not.toBe(b?.url);
    expect(a?.story).toMatch(/^story:/);
    expect(b?.story).toBe(a?.story);
    // A Google News description only repeats the headline and publisher: no lead, so no syndication key.
    expect(a?.syndication).toBeUndefined();
    // The same headline from another publisher, with no lead to compare, is not known to be the same article.
    expect(other?.story).not.toBe(a?.story);
  });

  it('gives a search hit and the publisher\'s own feed item one key, by the publisher\'s site', async () => {
    const [search] = await articlesOf(googleNewsSearchRss('council data breach', [{ ...hit, opaqueId: 'CBMiAAA' }]), 'gn-council');
    const own = outletRss('Example Gazette | News', 'https://www.example-gazette.co.uk', [{ ...hit, lead: 'The council apologised to 2,000 residents.', url: 'https://www.example-gazette.co.uk/news/123' }]);
    const [gazette] = await articlesOf(own, 'gazette');
    expect(gazette?.outlet).toBe('Example Gazette | News');
    expect(gazette?.story).toBe(search?.story);
  });

  it('gives a headline and lead syndicated word for word by several outlets one key, and an edited lead another', async () => {
    const story = { headline: 'Police force apologises for data breach', lead: 'The force said the names of 1,200 officers were shared by mistake.', published: '2026-12-07T08:00:00Z' };
    const [gazette] = await articlesOf(outletRss('Example Gazette', 'https://www.example-gazette.co.uk', [{ ...story, url: 'https://www.example-gazette.co.uk/news/1' }]), 'gazette');
    const [courier] = await articlesOf(outletRss('Example Courier', 'https://www.example-courier.co.uk', [{ ...story, url: 'https://www.example-courier.co.uk/a/9' }]), 'courier');
    const [edited] = await articlesOf(
      outletRss('Example Courier', 'https://www.example-courier.co.uk', [{ ...story, lead: 'The force said the names of 1,300 officers were shared by mistake.', url: 'https://www.example-courier.co.uk/a/10' }]),
      'courier',
    );
    expect(gazette?.syndication).toMatch(/^text:/);
    expect(courier?.syndication).toBe(gazette?.syndication);
    expect(courier?.story).not.toBe(gazette?.story);
    expect(edited?.syndication).not.toBe(gazette?.syndication);
  });

  it('has no key for a bare headline without a publisher, and folds case and spacing', () => {
    expect(storyKeys({ title: 'Weekly update', outlet: null, publisher: null, summary: '', content: '' })).toEqual({ story: null, syndication: null });
    expect(storyKeys({ title: '', outlet: 'X', publisher: 'x.example', summary: 'y'.repeat(30), content: '' })).toEqual({ story: null, syndication: null });
    const one = storyKeys({ title: 'Council  Breach', outlet: 'Example Gazette', publisher: null, summary: 'Council breach Example Gazette', content: '' });
    expect(storyKeys({ title: 'council breach', outlet: 'example gazette', publisher: null, summary: '', content: '' })).toEqual(one);
    expect(one.syndication).toBeNull();
  });
});

describe('feed add google through the command core', () => {
  it('checks the search URL like any feed (address policy, a test fetch of the recorded response) and adds it named after the words', async () => {
    const fetched: string[] = [];
    // The transport serves the recorded Google News response; decoding, parsing and normalising are real.
    const recorded: HttpGet = async (url) => {
      fetched.push(url);
      return { url, status: 200, headers: { 'content-type': 'application/rss+xml; charset=UTF-8' }, body: readFileSync(FIXTURE), notModified: false, etag: null, lastModified: null };
    };
    const store = openSqliteStore(':memory:');
    const deps: CommandDeps = {
      store,
      now: () => new Date(FETCHED),
      configFeeds: [],
      checkFeedUrl: (url) => {
        const check = checkUrl(url, { allowPrivateAddresses: false });
        return check.ok ? { ok: true } : { ok: false, message: check.message };
      },
      fetchArticles: async (url, signal) => {
        const result = await fetchFeed({ id: 'feed-test', name: url, url }, null, { httpGet: recorded, now: () => new Date(FETCHED), signal, allowPrivateAddresses: false, maxBytes: 1_000_000 });
        return result.kind === 'ok' ? { feedTitle: result.feedTitle, articles: (await result.items.articles()) } : { feedTitle: null, articles: [] };
      },
      classify: () => makeClassification({ alert: false }),
    };
    const admin = { platform: 'slack' as const, userId: 'UADMIN', isAdmin: true, channelId: 'C1', workspaceId: 'T1' };
    const command = parseCommandText('feed add google "council data breach"') as Command;
    const reply = await handleCommand(command, admin, deps);
    expect(reply.title).toBe('Added feed google-news-council-data-breach');
    expect(JSON.stringify(reply.blocks)).toContain('Watching \\"Google News — council data breach\\" (4 item(s) now)');
    expect(fetched).toEqual(['https://news.google.com/rss/search?q=council%20data%20breach&hl=en-GB&gl=GB&ceid=GB:en']);
    expect(await store.listFeeds()).toMatchObject([
      { id: 'google-news-council-data-breach', name: 'Google News — council data breach', url: 'https://news.google.com/rss/search?q=council%20data%20breach&hl=en-GB&gl=GB&ceid=GB:en' },
    ]);
    // The same search again is the same feed.
    expect((await handleCommand(command, admin, deps)).isError).toBe(true);
  });
});
