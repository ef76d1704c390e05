// Article pages → their standfirst, in the order og:description, meta description, JSON-LD, paragraphs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LEAD_CHARS, attributes, jsonLdDescription, readPage } from '../../src/domain/standfirst.ts';

const page = (name: string): string => readFileSync(path.join(import.meta.dirname, '../fixtures/leads', name), 'utf8');

describe('readPage', () => {
  it('prefers og:description, and lists the addresses the page gives for itself', () => {
    const reading = readPage(page('og-description.html'));
    expect(reading.standfirst).toEqual({
      source: 'og:description',
      text: 'Northshire County Council has apologised after the names and home addresses of 1,200 residents were emailed to the wrong recipients by mistake.',
    });
    expect(reading.links).toEqual(['https://www.example-gazette.co.uk/news/council-apologises-123', 'https://www.example-gazette.co.uk/news/council-apologises-123']);
  });

  it('reads <meta name="description"> in any case, entity-decoded', () => {
    expect(readPage(page('meta-description.html')).standfirst).toEqual({
      source: 'meta description',
      text: 'Patient letters containing appointment details were sent to the wrong addresses by Riverside Hospitals NHS Trust, the trust has confirmed & apologised.',
    });
  });

  it("reads the JSON-LD article's description (in @graph, @type as a list), not the website's", () => {
    expect(readPage(page('json-ld.html')).standfirst).toEqual({
      source: 'json-ld',
      text: "The Information Commissioner's Office has reprimanded Westshire Police after a spreadsheet of witness details was published on its website.",
    });
  });

  it('falls back to the first paragraphs, skipping navigation, cookie notices, bylines and footers', () => {
    const reading = readPage(page('paragraphs.html'));
    expect(reading.standfirst?.source).toBe('paragraphs');
    expect(reading.standfirst?.text).toBe(
      'Laptops holding the records of pupils at Hillside Academy were stolen in a break-in at the school last weekend, the trust that runs it has said. ' +
        'The trust has reported the theft to the Information Commissioner’s Office and written to parents. ' +
        'A third paragraph about the police investigation into the break-in, which is continuing this week.',
    );
  });

  it('passes over a description that only repeats the headline or is a tagline', () => {
    const html = '<meta property="og:description" content="Council apologises after data breach at town hall">' +
      '<meta name="description" content="Local news"><p>The council said the breach affected the records of 300 tenants in the borough.</p>';
    expect(readPage(html, 'Council apologises after data breach at town hall').standfirst?.source).toBe('paragraphs');
    expect(readPage(html).standfirst?.source).toBe('og:description');
  });

  it('finds nothing on a page with nothing to read, and reads data-n-au on a Google page', () => {
    expect(readPage('<html><body><div id="root"></div><script>var x = "<p>not text</p>";</script></body></html>').standfirst).toBeNull();
    expect(readPage(page('google-interstitial.html')).links).toEqual(['ARTICLE_URL']);
    expect(readPage(page('google-consent.html')).links).toEqual([]);
  });

  it('strips tags from a description and cuts a long one at a word', () => {
    const long = `<meta property="og:description" content="${'<b>word</b> '.repeat(400)}">`;
    const text = readPage(long).standfirst?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(MAX_LEAD_CHARS + 1);
    expect(text).toMatch(/^word word .* word…$/);
  });

  it('ignores scripts, comments and unclosed junk without hanging', () => {
    const html = '<!-- <meta property="og:description" content="hidden in a comment, which is not read at all"> -->' +
      '<script>document.write("<meta name=description content=\'from a script which is not read either\'>")</script>' +
      '<p>The real first paragraph of the story, long enough to be a lead.</p>';
    expect(readPage(html).standfirst).toEqual({ source: 'paragraphs', text: 'The real first paragraph of the story, long enough to be a lead.' });
  });
});

describe('hostile pages stay linear', () => {
  const cases: Array<[string, string]> = [
    ['unclosed tags', '<p '.repeat(300_000)],
    ['unclosed quotes', '<meta content="'.repeat(200_000)],
    ['nested furniture', '<nav>'.repeat(200_000)],
    ['endless paragraphs', '<p>x '.repeat(300_000)],
    ['endless paragraphs before a real one', `${'<p>menu</p>'.repeat(100_000)}<p>A real paragraph, long enough to be read as a lead.</p>`],
    ['open comment', `<!--${'-'.repeat(1_000_000)}`],
    ['open script', `<script type="application/ld+json">${'['.repeat(1_000_000)}`],
    ['deep JSON-LD', `<script type="application/ld+json">${'['.repeat(100_000)}${']'.repeat(100_000)}</script>`],
    ['many attributes', `<meta ${'a=b '.repeat(400_000)}>`],
  ];
  it.each(cases)('%s', (_name, html) => {
    const started = performance.now();
    readPage(html);
    // Linear passes take well under a second here; a quadratic one would take minutes (generous for a busy machine).
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('never throws on random markup (property)', () => {
    const piece = fc.constantFrom('<', '>', '</', '<p>', '</p>', '<meta ', 'property="og:description" ', 'content="', '"', "'", '=', '<script type="application/ld+json">',
      '</script>', '{"@type":"NewsArticle","description":"', '<!--', '-->', '<nav>', '</nav>', '&amp;', '&#x', 'text ', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 20 })), { maxLength: 300 }), (parts) => {
        const reading = readPage(parts.join(''));
        expect(reading.standfirst === null || reading.standfirst.text.length <= MAX_LEAD_CHARS + 1).toBe(true);
        expect(reading.links.length).toBeLessThanOrEqual(6);
      }),
      { numRuns: 500 },
    );
  });
});

describe('attributes and JSON-LD', () => {
  it('reads quoted, unquoted and bare attributes; the first of a repeated name wins', () => {
    expect(Object.fromEntries(attributes(' name=description content="a > b" data-x=\'y\' hidden name=other'))).toEqual({
      name: 'description',
      content: 'a > b',
      'data-x': 'y',
      hidden: '',
    });
  });

  it('takes only an article type with a string description, and survives broken JSON', () => {
    expect(jsonLdDescription(['{not json', '{"@type":"WebPage","description":"a page"}', '[{"@type":"BlogPosting","description":"a post"}]'])).toBe('a post');
    expect(jsonLdDescription(['{"@type":"NewsArticle","description":{"text":"no"}}'])).toBeNull();
  });
});
