import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { normaliseItems } from '../../src/domain/normalise.ts';
import { parseFeed, sniffFeed } from '../../src/sources/parse-feed.ts';

describe('parseFeed', () => {
  it('captures guid, link, title, description, content:encoded, dates and the Google News <source>', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>"breach" - Google News</title>
<item><title>Council hacked - BBC News</title><link>https://news.google.com/rss/articles/CBMi1?oc=5</link>
<guid isPermaLink="false">CBMi1</guid><pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate>
<description>&lt;a href="x"&gt;Council hacked&lt;/a&gt;</description><content:encoded><![CDATA[<p>Full</p>]]></content:encoded>
<source url="https://www.bbc.co.uk">BBC News</source></item></channel></rss>`);
    expect(feed.title).toBe('"breach" - Google News');
    expect(feed.items[0]).toMatchObject({
      guid: 'CBMi1',
      link: 'https://news.google.com/rss/articles/CBMi1?oc=5',
      title: 'Council hacked - BBC News',
      summary: '<a href="x">Council hacked</a>',
      content: '<p>Full</p>',
      source: 'BBC News',
      sourceUrl: 'https://www.bbc.co.uk',
      isoDate: '2026-03-10T09:00:00.000Z',
    });
  });

  it('turns an object-shaped GUID into null', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><item><title>T</title><guid isPermaLink="false"></guid></item></channel></rss>');
    expect(feed.items[0]?.guid).toBeNull();
  });

  it('keeps an Atom feed with one unreadable date', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>1</id><title>Good</title><link href="https://e.com/1"/><published>2026-03-01T00:00:00Z</published></entry>
<entry><id>2</id><title>Bad</title><link href="https://e.com/2"/><published>not a date</published></entry></feed>`);
    const articles = normaliseItems(feed.items, { feedId: 'a', feedTitle: feed.title, fetchedAt: '2026-03-10T00:00:00Z' });
    expect(articles.map((a) => [a.title, a.published])).toEqual([
      ['Good', '2026-03-01T00:00:00.000Z'],
      ['Bad', null],
    ]);
  });

  it('rejects DTD entity tricks as a parse failure', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title></channel></rss>';
    await expect(parseFeed(bomb)).rejects.toMatchObject({ code: ErrorCode.FeedParseFailed });
  });
});

describe('sniffFeed', () => {
  it.each([
    ['', ErrorCode.FeedEmpty],
    ['   \n ', ErrorCode.FeedEmpty],
    ['<!DOCTYPE html><html></html>', ErrorCode.FeedNotAFeed],
    ['<html><head></head></html>', ErrorCode.FeedNotAFeed],
    ['{"version":"https://jsonfeed.org/version/1"}', ErrorCode.FeedNotAFeed],
    ['<?xml version="1.0"?><opml></opml>', ErrorCode.FeedNotAFeed],
    ['Service Unavailable', ErrorCode.FeedNotAFeed],
  ])('%j → %s', (body, code) => {
    expect(() => sniffFeed(body)).toThrow(expect.objectContaining({ code }));
  });
  it.each([
    ['<rss version="2.0"></rss>', 'rss'],
    ['<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'atom'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', 'rdf'],
  ])('%j → %s', (body, format) => expect(sniffFeed(body)).toBe(format));
});
