import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeFeedBody } from '../../src/sources/decode.ts';

const RSS = '<rss version="2.0"><channel><title>Café – “quotes”</title></channel></rss>';

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, !bigEndian);
    offset = 2;
  }
  for (let i = 0; i < text.length; i++) view.setUint16(offset + i * 2, text.charCodeAt(i), !bigEndian);
  return bytes;
}

/** windows-1252: “ = 0x93, ” = 0x94, – = 0x96, é = 0xe9, £ = 0xa3. */
function cp1252(text: string): Uint8Array {
  const map: Record<string, number> = { '“': 0x93, '”': 0x94, '–': 0x96, '’': 0x92, é: 0xe9, '£': 0xa3 };
  return Uint8Array.from(Array.from(text), (ch) => map[ch] ?? ch.charCodeAt(0));
}

describe('decodeFeedBody', () => {
  it('reads UTF-8 by default and strips a UTF-8 BOM', () => {
    const plain = decodeFeedBody(new TextEncoder().encode(RSS));
    expect(plain).toMatchObject({ text: RSS, encoding: 'utf-8', source: 'default' });
    const withBom = decodeFeedBody(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(RSS)]));
    expect(withBom).toMatchObject({ text: RSS, encoding: 'utf-8', source: 'bom' });
  });

  it('reads UTF-16LE and UTF-16BE with a BOM, even when the header says otherwise', () => {
    expect(decodeFeedBody(utf16(RSS, false, true), 'text/xml; charset=iso-8859-1')).toMatchObject({ text: RSS, source: 'bom', encoding: 'utf-16le' });
    expect(decodeFeedBody(utf16(RSS, true, true))).toMatchObject({ text: RSS, source: 'bom', encoding: 'utf-16be' });
  });

  it('recognises UTF-16 without a BOM from the width of "<?"', () => {
    const xml = `<?xml version="1.0" encoding="utf-16"?>${RSS}`;
    expect(decodeFeedBody(utf16(xml, false, false)).text).toBe('<?xml version="1.0"?>' + RSS);
    expect(decodeFeedBody(utf16(xml, true, false)).encoding).toBe('utf-16be');
  });

  it('uses the Content-Type charset before the XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>${RSS}`;
    const result = decodeFeedBody(cp1252(xml), 'application/rss+xml; charset="windows-1252"');
    expect(result.source).toBe('header');
    expect(result.text).toContain('Café – “quotes”');
  });

  it('uses the XML declaration when the header has no charset, and drops the stale encoding', () => {
    const xml = `<?xml version="1.0" encoding="windows-1252" standalone="yes"?>${RSS}`;
    const result = decodeFeedBody(cp1252(xml), 'text/xml');
    expect(result).toMatchObject({ encoding: 'windows-1252', source: 'xml-declaration' });
    expect(result.text).toBe(`<?xml version="1.0" standalone="yes"?>${RSS}`);
  });

  it('decodes windows-1252 smart quotes that ISO-8859-1 labels really mean', () => {
    const result = decodeFeedBody(cp1252('<rss><t>It’s “big” – £5</t></rss>'), 'text/xml; charset=ISO-8859-1');
    expect(result.text).toBe('<rss><t>It’s “big” – £5</t></rss>');
  });

  it('decodes windows-1251 and ISO-8859-2', () => {
    const cyrillic = Uint8Array.from([...new TextEncoder().encode('<t>'), 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, ...new TextEncoder().encode('</t>')]);
    expect(decodeFeedBody(cyrillic, 'text/xml; charset=windows-1251').text).toBe('<t>Привет</t>');
    const polish = Uint8Array.from([...new TextEncoder().encode('<t>'), 0xb3, 0xf3, 0xbf, 0xea, ...new TextEncoder().encode('</t>')]);
    expect(decodeFeedBody(polish, 'text/xml; charset=iso-8859-2').text).toBe('<t>łóżę</t>');
  });

  it('falls through unknown labels to UTF-8 without crashing', () => {
    const bytes = new TextEncoder().encode(`<?xml version="1.0" encoding="x-made-up"?>${RSS}`);
    const result = decodeFeedBody(bytes, 'text/xml; charset=bogus-charset');
    expect(result).toMatchObject({ encoding: 'utf-8', source: 'default' });
    expect(result.text).toContain('Café');
  });

  it('ignores a 16-bit charset claim on single-byte content', () => {
    const result = decodeFeedBody(new TextEncoder().encode(RSS), 'text/xml; charset=utf-16');
    expect(result.text).toBe(RSS);
  });

  it('replaces invalid bytes instead of throwing', () => {
    const result = decodeFeedBody(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]));
    expect(result.text).toBe('<a>\ufffd\ufffd</a>');
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['text/xml;charset="us-ascii"', 'us-ascii'],
    ["application/xml; q=1; charset='latin1'", 'latin1'],
    ['text/xml', null],
    [null, null],
  ])('%s → %s', (header, expected) => expect(charsetFromContentType(header)).toBe(expected));
});
