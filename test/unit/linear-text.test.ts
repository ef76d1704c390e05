// Issue 16 point 1: the hand-written scanners that replaced backtracking regexes on feed text cut
// exactly what those regexes cut (checked against them on random input), and the text helpers stay
// linear on the runs that made the regexes quadratic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/domain/canonical-url.ts';
import { collapseWhitespace, decodeEntities, demoronize, htmlToText } from '../../src/domain/html-text.ts';
import { tokens, withoutTrailing } from '../../src/domain/text.ts';
import { stripDeclaredEncoding } from '../../src/sources/decode.ts';
import { rootElementName } from '../../src/sources/parse-feed.ts';

/** htmlToText as it was, with regexes (quadratic on unclosed tags): the reference for short input. */
function regexHtmlToText(html: string): string {
  if (!html) return '';
  const dropped = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title'];
  const block =
    /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|pre|figure|figcaption|dd|dt)\b[^>]*>/gi;
  let text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1');
  for (const name of dropped) text = text.replace(new RegExp(`<${name}\\b[^>]*>[\\s\\S]*?(?:</${name}\\s*>|$)`, 'gi'), ' ');
  text = text.replace(block, ' ').replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '').replace(/<![^>]*>|<\?[^>]*>/g, '');
  return collapseWhitespace(demoronize(decodeEntities(text)));
}

const regexStripDeclaredEncoding = (text: string): string =>
  text.replace(/^(\s*<\?xml\s[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2([^>]*\?>)/i, '$1$3');

const pieces = (parts: readonly string[]): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...parts) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 30 }).map((p) => p.join(''));

const HTML_PARTS = [
  '<', '>', '/', '</', '<!', '<?', '<!--', '-->', '<![CDATA[', ']]>', ' ', '\n', '\t', '\u00a0', 'x', '=', '"', "'", '&amp;', '&lt;', '&#146;',
  'script', 'SCRIPT', 'style', 'title', 'svg', 'p', 'P', 'pre', 'h1', 'h7', 'br', 'div', 'a', 'b', 'td', 'scripts', 'p-x', 'ſcript', 'İ',
  '<script>', '</script>', '</script >', '</ScRiPt\n>', '<p>', '</p>', '<br/>', '<style type="x">', '</style>', '<title>', '<a href="x">', '</a>',
];
const DECLARATION_PARTS = [
  '<?xml', '<?XML', '<?xm', '?>', '>', '?', ' ', '  ', '\n', '\t', '\u00a0', 'version="1.0"', 'encoding', 'ENCODING', 'Encoding', '=', ' = ',
  '"', "'", 'utf-8', 'windows-1252', 'x>y', 'encodingx', 'standalone="yes"', '<rss>', 'İ',
];

describe('linear scanners agree with the regexes they replaced', () => {
  it('htmlToText gives what the regex version gave, on random markup', () => {
    fc.assert(
      fc.property(pieces(HTML_PARTS), (html) => {
        expect(htmlToText(html)).toBe(regexHtmlToText(html));
      }),
      { numRuns: 3000 },
    );
  });

  it('stripDeclaredEncoding cuts what the regex cut, on random declarations', () => {
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\n  '), pieces(DECLARATION_PARTS), (lead, rest) => {
        const text = `${lead}${rest}`;
        expect(stripDeclaredEncoding(text)).toBe(regexStripDeclaredEncoding(text));
      }),
      { numRuns: 3000 },
    );
    expect(stripDeclaredEncoding('<?xml version="1.0" encoding="windows-1252"?><rss/>')).toBe('<?xml version="1.0"?><rss/>');
  });
});

describe('text helpers on 1 MB runs (what made the old regexes quadratic)', () => {
  const MB = 1_000_000;
  const timed = (work: () => unknown): number => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };

  const runs: Array<[string, () => unknown]> = [
    ['htmlToText, "<p " without ">"', () => htmlToText('<p '.repeat(MB / 3))],
    ['htmlToText, "<script " without ">"', () => htmlToText('<script '.repeat(MB / 8))],
    ['htmlToText, "<!x " without ">"', () => htmlToText('<!x '.repeat(MB / 4))],
    ['htmlToText, "</title " never closing a title', () => htmlToText(`<title>${'</title '.repeat(MB / 8)}`)],
    ['stripDeclaredEncoding, "<?xml " and spaces', () => stripDeclaredEncoding(`<?xml ${' '.repeat(MB)}`)],
    ['stripDeclaredEncoding, encodings without "?>"', () => stripDeclaredEncoding(`<?xml ${' encoding="x" '.repeat(MB / 14)}>`)],
    ['rootElementName, DOCTYPE after DOCTYPE', () => rootElementName(`${'<!DOCTYPE x>'.repeat(MB / 12)}<rss>`)],
    ['tokens, a word of hyphens', () => tokens(`a${'-'.repeat(MB)}b`)],
    ['withoutTrailing, dots not at the end', () => withoutTrailing(`a${'.'.repeat(MB)}a.`, '.')],
    ['canonicalUrl, a host of dots', () => canonicalUrl(`http://a${'.'.repeat(MB)}a./`)],
  ];

  it.each(runs)('%s', (_name, work) => {
    // Linear work on 1 MB takes milliseconds; the quadratic versions took tens of seconds.
    expect(timed(work)).toBeLessThan(2_500);
  });

  it('keeps what the loops are for', () => {
    expect(tokens("the councils' data-")).toEqual(['councils', 'data']);
    expect(withoutTrailing('news.example...', '.')).toBe('news.example');
    expect(canonicalUrl('https://News.Example.../a')).toBe('https://news.example/a');
    expect(rootElementName('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><!-- c --><rss>')).toBe('rss');
  });
});
