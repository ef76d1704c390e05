// Google News article links → the publisher's URL, offline where the id holds it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeGoogleNewsLink, googleNewsId } from '../../src/domain/google-news-link.ts';
import { googleNewsLinkFor, opaqueGoogleNewsLink } from '../helpers/google-news.ts';

describe('decodeGoogleNewsLink', () => {
  it('reads the publisher URL from an id that holds it (old protobuf ids)', () => {
    const article = 'https://www.example-gazette.co.uk/news/council-apologises-123';
    const link = googleNewsLinkFor(article);
    expect(link).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\/CBMi[\w-]+\?oc=5$/);
    expect(decodeGoogleNewsLink(link)).toBe(article);
    expect(decodeGoogleNewsLink(link.replace('/rss/articles/', '/articles/'))).toBe(article);
  });

  it('takes the first URL when the id also holds an AMP URL', () => {
    const link = googleNewsLinkFor('https://a.example/story', 'https://a.example/story/amp');
    expect(decodeGoogleNewsLink(link)).toBe('https://a.example/story');
  });

  it('gives up on opaque ids (AU_yqL… tokens), other hosts and other paths', () => {
    expect(decodeGoogleNewsLink(opaqueGoogleNewsLink('AU_yqLPnYx2f0c'))).toBeNull();
    expect(decodeGoogleNewsLink('https://www.example.com/rss/articles/CBMiK2h0dHBz')).toBeNull();
    expect(decodeGoogleNewsLink('https://news.google.com/topics/CBMi')).toBeNull();
    expect(decodeGoogleNewsLink('not a url')).toBeNull();
    expect(googleNewsId('https://news.google.com/rss/articles/abc?oc=5')).toBe('abc');
  });

  it('never returns a Google News URL or a non-http URL from an id', () => {
    expect(decodeGoogleNewsLink(googleNewsLinkFor('https://news.google.com/rss/articles/loop'))).toBeNull();
    expect(decodeGoogleNewsLink(googleNewsLinkFor('javascript:alert(1)//xxxxxxxx'))).toBeNull();
    expect(decodeGoogleNewsLink(googleNewsLinkFor('https://a.example/with space'))).toBeNull();
  });

  it('decodes base64url with or without padding, and stops at junk', () => {
    expect(new TextDecoder().decode(decodeBase64Url(Buffer.from('hello world').toString('base64url')))).toBe('hello world');
    expect(new TextDecoder().decode(decodeBase64Url('aGk='))).toBe('hi');
    expect(decodeBase64Url('!!!').length).toBe(0);
  });

  it('never throws on random ids and random bytes, and returns only http(s) URLs (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 5000 }), fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('base64url'))), (id) => {
        const decoded = decodeGoogleNewsLink(`https://news.google.com/rss/articles/${id}?oc=5`);
        expect(decoded === null || (/^https?:\/\//.test(decoded) && decoded.length <= 2_100)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is linear on a huge id', () => {
    const started = performance.now();
    expect(decodeGoogleNewsLink(`https://news.google.com/rss/articles/${'CBMi'.repeat(500_000)}`)).toBeNull();
    expect(decodeGoogleNewsLink(`https://news.google.com/rss/articles/${'CBMi'.repeat(1_000)}`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
