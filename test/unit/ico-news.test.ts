// The ICO news listing reader (src/sources/ico-news.ts): cards in the markups a CMS produces, and pages
// built to hurt (huge, deeply nested, unclosed, no cards), each read in bounded, linear time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { scanHtml } from '../../src/domain/html-scan.ts';
import { newsArticleUrl, readIcoListing } from '../../src/sources/ico-news.ts';
import { listingDate } from '../../src/sources/listing-date.ts';

const PAGE = 'https://ico.org.uk/about-the-ico/media-centre/news-and-blogs/';
const NEWS = '/about-the-ico/media-centre/news-and-blogs';
const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '../fixtures/ico', name), 'utf8');
const read = (html: string, url = PAGE) => readIcoListing(html, 'feed "ICO news"', url);
const failure = async (html: string): Promise<BreachwatchError> => {
  const error: unknown = await read(html).then(() => null, (e: unknown) => e);
  if (!(error instanceof BreachwatchError)) throw new Error(`expected a BreachwatchError, got ${String(error)}`);
  return error;
};
const brief = (items: Awaited<ReturnType<typeof read>>['items']) => items.map((i) => [i.title, i.isoDate, i.summary]);

describe('the ICO news listing page', () => {
  it('reads every card of the recorded listing: link, title, date and description where there is one', async () => {
    const page = await read(fixture('news-listing.html'));
    expect(page.title).toBe('News and blogs | ICO');
    expect(page.items.map((i) => i.link)).toEqual([
      `https://ico.org.uk${NEWS}/2026/12/statement-on-a-cyber-incident-at-exampleshire-county-council/`,
      `https://ico.org.uk${NEWS}/2026/12/ico-reprimands-borsetshire-nhs-trust-over-misdirected-letters/`,
      `https://ico.org.uk${NEWS}/2026/11/fines-for-nuisance-calls-top-%C2%A31m/`,
      `https://ico.org.uk${NEWS}/2026/11/blog-keeping-childrens-data-safe-in-schools/`,
    ]);
    expect(brief(page.items)).toEqual([
      [
        'Statement on a cyber incident at Exampleshire County Council',
        '2026-12-03T10:15:00.000Z',
        'We are aware of an incident affecting Exampleshire County Council’s systems and are making enquiries.',
      ],
      ['ICO reprimands Borsetshire NHS Trust over misdirected letters', '2026-12-01T00:00:00.000Z', null],
      ['Fines for nuisance calls top £1m & more action promised', null, 'Two companies have been fined a total of £1.2m for making unsolicited marketing calls.'],
      ["Blog: keeping children's data safe in schools", '2026-11-24T00:00:00.000Z', 'Our head of education sector engagement on what schools should check this term.'],
    ]);
    expect(page.items.every((i) => i.source === 'ICO' && i.guid === null)).toBe(true);
  });

  it('reads a variant: the date above the title, relative links, wrappers around the cards, no descriptions', async () => {
    const page = await read(fixture('news-listing-page2.html'), `${PAGE}?page=2`);
    expect(page.items.map((i) => [i.link, i.title, i.isoDate, i.summary])).toEqual([
      [`https://ico.org.uk${NEWS}/2026/11/ico-fines-midshire-police-for-exposing-victims-details/`, 'ICO fines Midshire Police for exposing victims’ details', '2026-11-20T00:00:00.000Z', null],
      [`https://ico.org.uk${NEWS}/2026/11/statement-on-data-breach-at-wessex-university/`, 'Statement on data breach at Wessex University', null, null],
    ]);
  });

  it('reads cards that have no element of their own as the stretch from one link to the next', async () => {
    const html = `<div class="news"><h3><a href="${NEWS}/2026/10/a/">First story</a></h3><p>3 October 2026</p>
      <p>What happened in the first story, in a sentence or two.</p>
      <h3><a href="${NEWS}/2026/10/b/">Second story</a></h3><p>What happened in the second story, at some length.</p></div>`;
    expect(brief((await read(html)).items)).toEqual([
      ['First story', '2026-10-03T00:00:00.000Z', 'What happened in the first story, in a sentence or two.'],
      ['Second story', null, 'What happened in the second story, at some length.'],
    ]);
  });

  it('reads a card wrapped in its link, a card element wrapping all cards, a label heading and a repeated link', async () => {
    const html = `<section class="card">
      <a class="news-card" href="${NEWS}/2026/09/wrapped/"><h3>Wrapped card title</h3><time datetime="2026-09-01">1 Sept 2026</time>
        <p class="summary">A description inside the link that wraps the card.</p></a>
      <div class="teaser"><h4>Statement</h4><a href="${NEWS}/2026/09/labelled/"><img src="x.jpg" alt=""></a>
        <a href="${NEWS}/2026/09/labelled/">The title is the link&#39;s text</a><span>September 2nd, 2026</span></div>
    </section>`;
    expect(brief((await read(html)).items)).toEqual([
      ['Wrapped card title', '2026-09-01T00:00:00.000Z', 'A description inside the link that wraps the card.'],
      ["The title is the link's text", '2026-09-02T00:00:00.000Z', null],
    ]);
  });

  it('takes only links to news pages: not pagination, filters, the listing itself, other sites or script text', async () => {
    const html = `<script>var x = '<a href="${NEWS}/2026/01/in-script/">no</a>';</script>
      <a href="${NEWS}/">News</a><a href="${NEWS}/?page=2">2</a><a href="${NEWS}/2026/">2026</a><a href="mailto:x@ico.org.uk">mail</a>
      <a href="javascript:alert(1)">x</a><a href="${NEWS}/2026/01/real-one/">The only card</a><a href="http://[bad">bad</a>`;
    expect((await read(html)).items.map((i) => i.title)).toEqual(['The only card']);
    expect(newsArticleUrl(`${NEWS}/2026/01/a-b/`, 'http://127.0.0.1:9/x/')).toBe(`http://127.0.0.1:9${NEWS}/2026/01/a-b/`);
    expect(newsArticleUrl('ftp://ico.org.uk/about-the-ico/media-centre/news-and-blogs/2026/01/a/', PAGE)).toBeNull();
  });

  it('refuses a page with no news cards, an empty page and a feed, saying what to use instead', async () => {
    const notListing = await failure('<html><body><h1>Page not found</h1><p>Try the search.</p></body></html>');
    expect(notListing.code).toBe(ErrorCode.FeedNotAFeed);
    expect(notListing.message).toMatch(/is not an ICO news listing.*https:\/\/ico\.org\.uk\/about-the-ico\/media-centre\/news-and-blogs\//);
    expect((await failure(' \n ')).code).toBe(ErrorCode.FeedEmpty);
    expect((await failure('<?xml version="1.0"?><rss><channel><item><link>https://x/</link></item></channel></rss>')).code).toBe(ErrorCode.FeedNotAFeed);
  });
});

describe('listing dates', () => {
  it.each([
    ['3 December 2026', '2026-12-03T00:00:00.000Z'],
    ['Published: 03 Dec 2026', '2026-12-03T00:00:00.000Z'],
    ['1st Sept 2026', '2026-09-01T00:00:00.000Z'],
    ['December 3, 2026', '2026-12-03T00:00:00.000Z'],
    ['2026-12-03', '2026-12-03T00:00:00.000Z'],
    ['31 February 2026', null],
    ['News', null],
    ['On 3 December 2026 the ICO said that a council had lost a great many records of its residents', null],
  ])('%s → %s', (text, iso) => expect(listingDate(text)).toBe(iso));
});

describe('hostile listing pages', () => {
  const card = `<li><h3><a href="${NEWS}/2026/12/card/">A card</a></h3><p>2 December 2026</p></li>`;
  const timed = async (html: string): Promise<{ ms: number; titles: Array<string | null | undefined> }> => {
    const started = performance.now();
    const page = await read(html).catch((error: unknown) => {
      if (error instanceof BreachwatchError) return { items: [] };
      throw error;
    });
    return { ms: performance.now() - started, titles: page.items.map((i) => i.title) };
  };
  const MB = 1_000_000;

  it.each<[string, string, Array<string | null>]>([
    ['200 000 nested <div>s around a card', `${'<div>'.repeat(200_000)}${card}${'</div>'.repeat(200_000)}`, ['A card']],
    ['a card inside 200 000 unclosed <li>s', `${'<li>'.repeat(200_000)}${card}`, ['A card']],
    ['"<a " a million times without ">"', `${card}${'<a '.repeat(MB / 3)}`, ['A card']],
    ['an unclosed quote', `${card}<a href="${'x'.repeat(MB)}`, ['A card']],
    ['an unclosed comment', `${card}<!--${'<li>'.repeat(MB / 4)}`, ['A card']],
    ['an unclosed script', `${card}<script>${'</scrip'.repeat(MB / 7)}`, ['A card']],
    ['end tags with no start', `${'</li></div></a>'.repeat(MB / 15)}${card}`, ['A card']],
    ['a megabyte title', `<li><a href="${NEWS}/2026/12/long/">${'word '.repeat(MB / 5)}</a></li>`, [`${'word '.repeat(80)}`.trim()]],
    ['no cards at all, a megabyte of markup', '<div><p>text</p></div>'.repeat(MB / 22), []],
  ])('%s: read in bounded time', async (_name, html, titles) => {
    const { ms, titles: found } = await timed(html);
    expect(found.map((t) => t?.slice(0, 400).trim())).toEqual(titles);
    expect(ms).toBeLessThan(4_000);
  });

  it('keeps at most 200 cards and a bounded amount of text per card', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<li><a href="${NEWS}/2026/12/c-${i}/">Card ${i}</a><p>${'Long text. '.repeat(500)}</p></li>`).join('');
    const page = await read(many);
    expect(page.items).toHaveLength(200);
    expect(Math.max(...page.items.map((i) => (i.summary ?? '').length))).toBeLessThanOrEqual(2000);
  });

  it('on any mix of markup fragments, reads cards or says it is no listing; never anything else', async () => {
    const parts = ['<', '>', '/', '</', '<!--', '-->', '"', "'", '=', ' ', 'li', 'article', 'div', 'a', 'p', 'h3', 'time', '<li>', '</li>',
      '<article>', '</article>', '<h3>', '</h3>', '<p>', '</p>', '</a>', '<time datetime="2026-12-01">', '</time>', '3 December 2026', '&amp;',
      `<a href="${NEWS}/2026/12/x/">`, `<a href="${NEWS}/2026/12/y/">`, '<div class="news-card">', '<script>', '</script>', 'text'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...parts), fc.string({ maxLength: 3 })), { maxLength: 60 }), async (pieces) => {
        const outcome = await read(pieces.join('')).then(
          (page) => page.items.every((i) => typeof i.link === 'string' && i.link.includes(`${NEWS}/2026/12/`)),
          (error: unknown) => error instanceof BreachwatchError && [ErrorCode.FeedNotAFeed, ErrorCode.FeedEmpty].includes(error.code as never),
        );
        expect(outcome).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('tokenises without a tree and without backtracking', () => {
    expect([...scanHtml('a<b c="1>2" d=\'x\' e=f g>t</B><br/><!-- c --><?p?><!x>u< v')]).toEqual([
      { type: 'text', text: 'a' },
      { type: 'open', name: 'b', attributes: { c: '1>2', d: 'x', e: 'f', g: '' }, selfClosing: false },
      { type: 'text', text: 't' },
      { type: 'close', name: 'b' },
      { type: 'open', name: 'br', attributes: {}, selfClosing: true },
      { type: 'text', text: 'u' },
      { type: 'text', text: '<' },
      { type: 'text', text: ' v' },
    ]);
  });
});
