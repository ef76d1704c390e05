// Feed bytes for fuzzing decode → parse → normalise: random bytes, XML-ish token soup, and real feeds
// (the demo's rendered feeds, hand-written odd feeds, and ../shared/fixtures/peer-feeds when present)
// mutated by flips, insertions, deletions, truncation and spliced-in hostile XML.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadDemoFeedData } from '../../src/demo/demo-feed-data.ts';
import { renderFeed } from '../../src/demo/render-feed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PEER_FEEDS = path.resolve(ROOT, '../shared/fixtures/peer-feeds');
const MAX_SEED_BYTES = 96 * 1024;

export interface SeedFeed {
  name: string;
  bytes: Uint8Array;
  contentType: string | null;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Small feeds with the oddities reliability.md lists, written by hand. */
const HAND_WRITTEN: ReadonlyArray<[string, string]> = [
  ['rss-odd-items', '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid isPermaLink="false"> </guid><title>A &amp; <b>b</b></title><link>http://x.example/a?utm_source=z</link><pubDate>not a date</pubDate></item><item><guid><x>1</x></guid><title><![CDATA[<script>alert(1)</script>]]></title></item><item><guid>d</guid><link>https://x.example/d</link></item><item><guid>d</guid><link>https://x.example/d2</link><pubDate>Tue, 10 Jun 2099 04:00:00 GMT</pubDate></item></channel></rss>'],
  ['atom-bad-date', '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:1</id><title type="html">&lt;p&gt;x&lt;/p&gt;</title><link href="/rel"/><updated>yesterday</updated></entry><entry><id>urn:2</id><title>ok</title><published>2024-01-01T00:00:00Z</published></entry></feed>'],
  ['rdf', '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>R</title></channel><item rdf:about="https://r.example/1"><title>one</title><link>https://r.example/1</link><dc:date>2024-02-02</dc:date></item></rdf:RDF>'],
  ['billion-laughs', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title><item><title>&c;</title></item></channel></rss>'],
  ['external-entity', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>'],
  ['html', '<!doctype html><html><head><title>Not a feed</title></head><body>hi</body></html>'],
  ['json', '{"version":"https://jsonfeed.org/version/1","items":[]}'],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** feedparser fixtures carry the HTTP headers their harness sends as "Header: Content-type: …" lines. */
function contentTypeOf(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2000)).toString('latin1');
  return /^Header:\s*Content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? null;
}

/** Every seed feed: the demo feeds, the hand-written ones, and the peer fixtures (if present) under 96 KB. */
export async function loadSeedFeeds(options: { peerLimit?: number } = {}): Promise<SeedFeed[]> {
  const seeds: SeedFeed[] = HAND_WRITTEN.map(([name, text]) => ({ name, bytes: utf8(text), contentType: null }));
  seeds.push(
    { name: 'windows-1251', bytes: Uint8Array.from([...utf8('<?xml version="1.0" encoding="windows-1251"?><rss><channel><item><title>'), 0xcf, 0xf0, 0xe8, ...utf8('</title></item></channel></rss>')]), contentType: null },
    { name: 'utf-16le-bom', bytes: Uint8Array.from([0xff, 0xfe, ...Array.from(utf8('<rss><channel><item><title>x</title></item></channel></rss>')).flatMap((b) => [b, 0])]), contentType: 'text/xml; charset=utf-8' },
  );
  const data = await loadDemoFeedData(path.join(ROOT, 'config/demo/articles.yaml'), path.join(ROOT, 'config/demo/schedule.yaml'));
  for (const feed of data.feeds) {
    const rendered = renderFeed(feed, data.itemsAt(feed.id, data.roundCount - 1), `https://${feed.id}.test/feed`);
    seeds.push({ name: `demo:${feed.id}`, bytes: utf8(rendered.xml), contentType: rendered.contentType });
  }
  if (existsSync(PEER_FEEDS)) {
    const files = walk(PEER_FEEDS)
      .filter((f) => !f.endsWith('.md') && !f.includes(`${path.sep}rss-parser-expected${path.sep}`) && statSync(f).size <= MAX_SEED_BYTES)
      .sort()
      .slice(0, options.peerLimit ?? Number.POSITIVE_INFINITY);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      seeds.push({ name: `peer:${path.relative(PEER_FEEDS, file)}`, bytes, contentType: contentTypeOf(bytes) });
    }
  }
  return seeds;
}

/** XML pieces spliced into feeds: structure, entities, DTDs, declarations, BOMs, odd encodings. */
const XML_TOKENS: readonly string[] = [
  '<rss version="2.0">', '</rss>', '<channel>', '</channel>', '<item>', '</item>', '<entry>', '</entry>', '<feed xmlns="http://www.w3.org/2005/Atom">',
  '<title>', '</title>', '<link>', '</link>', '<link href="javascript:alert(1)"/>', '<guid>', '</guid>', '<guid isPermaLink="true">', '<pubDate>', '</pubDate>',
  '<updated>', '</updated>', '<published>', '</published>', '<description>', '<content:encoded>', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>',
  '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="windows-1252"?>', '<?xml version="1.0" encoding="bogus"?>',
  '<!DOCTYPE rss [<!ENTITY e "&e;">]>', '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', '&b;', '&a;', '&amp;', '&lt;',
  '&#0;', '&#x1F600;', '&#xD800;', '&nbsp;', '&unknown;', '<script>alert(1)</script>', '<![CDATA[<!channel>]]>', 'Tue, 10 Jun 2003 04:00:00 GMT',
  '0000-00-00', '2024-13-45T99:99:99Z', '<', '>', '&', '"', "'", '=', '/', ' xmlns:x="y"', '<x:y>', '\uFEFF', '\u0000', '\uFFFF', '😀',
];

const tokenBytes = fc.constantFrom(...XML_TOKENS).map(utf8);

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'prefix'; bytes: Uint8Array };

/** Where in the seed a mutation lands, as a fraction; unbiased, so mutations are not all at the start. */
const position = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_001);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.oneof(tokenBytes, fc.uint8Array({ maxLength: 16 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 4000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prefix' as const), bytes: fc.constantFrom(...[[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00, 0x00, 0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00], [0x3c, 0x00, 0x3f, 0x00]].map((b) => Uint8Array.from(b))) }) },
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = 'at' in m ? Math.floor(m.at * bytes.length) : 0;
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = bytes.slice();
      copy[Math.min(at, copy.length - 1)] = m.value;
      return copy;
    }
    case 'insert':
      return concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
    case 'truncate':
      return bytes.slice(0, at);
    case 'duplicate':
      return concat(bytes.subarray(0, at + m.length), bytes.subarray(at));
    case 'prefix':
      return concat(m.bytes, bytes);
  }
}

/** Content-Type headers a server might send, right, wrong or absurd. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    'application/rss+xml; charset=utf-8', 'application/atom+xml', 'text/xml; charset=windows-1251', 'text/xml; charset=ISO-8859-2',
    'application/xml; charset=utf-16', 'application/xml; charset=utf-16be', 'text/xml; charset=utf-32', 'text/html; charset=utf-8',
    'text/xml; charset="bogus"', "text/xml; charset='latin1'", 'text/xml; charset=', 'text/xml;charset=replacement', 'application/json',
  ),
  fc.string({ maxLength: 60 }),
);

export interface FeedInput {
  source: string;
  bytes: Uint8Array;
  contentType: string | null;
}

/** Fuzzed feed bodies: mostly mutated seeds, plus random bytes and token soup. */
export function feedInput(seeds: readonly SeedFeed[]): fc.Arbitrary<FeedInput> {
  const mutated = fc
    .record({ seed: fc.noBias(fc.nat({ max: Math.max(0, seeds.length - 1) })), mutations: fc.array(mutation, { maxLength: 4 }), header: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: contentType }) })
    .map(({ seed, mutations, header }): FeedInput => {
      const base = seeds[seed] ?? { name: 'empty', bytes: new Uint8Array(), contentType: null };
      return { source: base.name, bytes: mutations.reduce(applyMutation, base.bytes), contentType: header === undefined ? base.contentType : header };
    });
  const random = fc.record({ bytes: fc.uint8Array({ maxLength: 4096 }), contentType }).map((r): FeedInput => ({ source: 'random bytes', ...r }));
  const soup = fc
    .record({ parts: fc.array(fc.oneof(tokenBytes, fc.string({ maxLength: 20 }).map(utf8)), { maxLength: 60 }), contentType })
    .map((r): FeedInput => ({ source: 'token soup', bytes: concat(...r.parts), contentType: r.contentType }));
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: random }, { weight: 2, arbitrary: soup });
}
