// Both canonical forms of a link from one parse (canonicalLink, ADR 028) are the forms canonicalUrl made with a
// parse each, and its Google News answer isGoogleNewsLink's: expected values made by the code before the change.
import { describe, expect, it } from 'vitest';
import { canonicalLink, canonicalUrl, isGoogleNewsLink } from '../../src/domain/canonical-url.ts';

/** [link, base, shown (keepScheme), identity, Google News] */
const CASES: Array<[string, string | null, string | null, string | null, boolean]> = [
  ['https://example.com', null, 'https://example.com/', 'https://example.com/', false],
  ['http://Example.COM.:80/a/b?utm_source=x&b=2&a=1#top', null, 'http://example.com/a/b?a=1&b=2', 'https://example.com/a/b?a=1&b=2', false],
  ['https://x.example/#', null, 'https://x.example/', 'https://x.example/', false],
  ['http://x.example:443/p?', null, 'http://x.example/p', 'https://x.example/p', false],
  ['https://x.example:80/p', null, 'https://x.example/p', 'https://x.example/p', false],
  ['http://user:pw@x.example:8080/p?ref=a', null, 'http://x.example:8080/p', 'https://x.example:8080/p', false],
  ['/news/1?fbclid=abc&id=3', 'https://feed.example/rss', 'https://feed.example/news/1?id=3', 'https://feed.example/news/1?id=3', false],
  ['news/2', 'http://feed.example/dir/rss.xml', 'http://feed.example/dir/news/2', 'https://feed.example/dir/news/2', false],
  ['https://news.google.com/rss/articles/CBMi?oc=5&hl=en-GB&gl=GB&ceid=GB:en', null, 'https://news.google.com/rss/articles/CBMi',
    'https://news.google.com/rss/articles/CBMi', true],
  ['https://news.google.com/articles/abc', null, 'https://news.google.com/articles/abc', 'https://news.google.com/articles/abc', true],
  ['https://news.google.com/search?q=x&hl=en', null, 'https://news.google.com/search?q=x', 'https://news.google.com/search?q=x', false],
  ['ftp://x.example/', null, null, null, false],
  ['not a url', null, null, null, false],
  ['  https://x.example/a b?q=1 2  ', null, 'https://x.example/a%20b?q=1+2', 'https://x.example/a%20b?q=1+2', false],
  ['https://x.example/?b=1&a=2&b=0', null, 'https://x.example/?a=2&b=1&b=0', 'https://x.example/?a=2&b=1&b=0', false],
  ['https://x.example/p?#f', null, 'https://x.example/p', 'https://x.example/p', false],
  ['HTTPS://WWW.X.EXAMPLE/%7Euser', null, 'https://www.x.example/%7Euser', 'https://www.x.example/%7Euser', false],
  ['https://x.example/p?utm_medium=a', null, 'https://x.example/p', 'https://x.example/p', false],
  ['mailto:a@b.c', null, null, null, false],
  ['//cdn.example/x?x=1', 'http://feed.example/', 'http://cdn.example/x?x=1', 'https://cdn.example/x?x=1', false],
  ['https://bücher.example/ü?ä=ö', null, 'https://xn--bcher-kva.example/%C3%BC?%C3%A4=%C3%B6', 'https://xn--bcher-kva.example/%C3%BC?%C3%A4=%C3%B6', false],
  ['http://[::1]:80/', null, 'http://[::1]/', 'https://[::1]/', false],
  ['https://x.example:0443/', null, 'https://x.example/', 'https://x.example/', false],
  ['', null, null, null, false],
];

describe('a canonical link', () => {
  it.each(CASES)('%s (base %s) is %s shown, %s as identity', (raw, base, shown, identity, googleNews) => {
    expect(canonicalLink(raw, base)).toEqual(shown === null ? null : { shown, identity, googleNews });
    expect(canonicalUrl(raw, base, { keepScheme: true })).toBe(shown);
    expect(canonicalUrl(raw, base)).toBe(identity);
    expect(isGoogleNewsLink(shown)).toBe(googleNews);
  });
});
