// fast-check arbitraries for hostile chat text (reliability.md, "Chat platforms"): strings built from
// mentions, masked links, markup, control/bidi characters, astral characters and huge runs, and the
// incidents, update payloads and command replies that carry them into every field a renderer reads.
import fc from 'fast-check';
import type { CommandReply, ReplyBlock, SearchHitView } from '../../src/commands/types.ts';
import type { AlertPayload } from '../../src/domain/delivery.ts';
import { CAUSES, SECTORS, type ArticleRef, type Incident } from '../../src/domain/types.ts';

/** Pieces that mean something to Slack, Discord or a terminal, or that break naive length counting. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  // Slack mentions, links and escapes
  '<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<@W1|name>', '<#C123|general>', '<!subteam^S1|@team>',
  '<!date^1392734382^{date}|x>', '<https://evil.example|Click>', '<https://evil.example>', '<mailto:a@evil.example|m>',
  '&lt;!channel&gt;', '&amp;lt;!here&amp;gt;', '&', '&amp;', '<', '>', '|', '<<', '>>',
  // Discord mentions and masked links
  '@everyone', '@here', '@\u200beveryone', '<@123456789012345678>', '<@!123>', '<@&456>', '<#789>', '</breach recent:1234567>',
  '[Click](https://evil.example)', '[https://good.example](https://evil.example)', '[x] (https://evil.example)', '[x]\n(https://evil.example)',
  '](', '[', ']', '(', ')', '<t:1700000000:R>', ':smile:', '<:emoji:123>',
  // markdown
  '*bold*', '**b**', '_it_', '__u__', '~s~', '~~s~~', '`code`', '```', '```js\nx\n```', '> quote', '>>> all', '# H', '-# small', '- item',
  '||spoiler||', '\\', '\\\\', '\\*', '*', '_', '~', '`',
  // URLs as text
  'javascript:alert(1)', 'https://news.example/a', 'http://user:pw@evil.example/', 'data:text/html,<b>x</b>',
  // control, bidi, invisible, line breaks
  '\u202e', '\u202d', '\u2066', '\u2067', '\u2069', '\u200b', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\ufeff', '\u00ad',
  '\u0000', '\u0007', '\u0008', '\u001b[2J', '\u007f', '\u0085', '\r\n', '\r', '\n', '\n\n\n\n', '\t', '   ', '\u{e0041}',
  // astral and combining characters, lone surrogates
  '😀', '👩‍👩‍👧‍👦', '🇬🇧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'a\u0301', '\u0301\u0301\u0301', '𝕏', '\ud83d', '\ude00', '\udbff\udbff',
];

/** Runs that push every field past its limit, ending on something that must not be cut in half. */
const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', '😀', 'a\u0301', '&', '<!channel>', '@everyone ', '[x](https://evil.example)', '👩‍👩‍👧‍👦', '*', '\\'), fc.integer({ min: 120, max: 6_000 }), fc.constantFrom(...HOSTILE_FRAGMENTS))
  .map(([piece, length, tail]) => piece.repeat(Math.ceil(length / piece.length)) + tail);

/** A hostile string: mostly a mix of fragments and random text, sometimes huge, sometimes raw random. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
          { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
          { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        ),
        { maxLength: 24 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
);

/** What can sit in a URL field: real links, hostile schemes, junk, huge, or nothing. */
export const hostileUrl: fc.Arbitrary<string | null> = fc.oneof(
  fc.constantFrom(
    'https://news.example/a',
    'http://news.example/b?x=1&y=<!here>|z',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://evil.example|Click>',
    'https://user:pass@evil.example/',
    'https://evil.example/a)b[c]*_~`',
    `https://long.example/${'x'.repeat(3000)}`,
    'not a url <!here>',
    '//evil.example/x',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  hostileString,
  fc.constant(null),
);

const isoOrJunk: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: hostileString },
);

const article: fc.Arbitrary<ArticleRef> = fc.record({
  url: hostileUrl,
  title: hostileString,
  outlet: fc.option(hostileString),
  published: fc.option(isoOrJunk),
});

const list = (maxLength: number): fc.Arbitrary<string[]> => fc.array(hostileString, { maxLength });

/** An incident with hostile text in every field a renderer reads. */
export const hostileIncident: fc.Arbitrary<Incident> = fc.record({
  id: fc.oneof({ weight: 3, arbitrary: fc.constant('bw-0q2ft4d0dm') }, { weight: 1, arbitrary: hostileString }),
  organisation: hostileString,
  otherOrganisations: list(4),
  supplier: fc.option(hostileString),
  sector: fc.option(fc.constantFrom(...SECTORS)),
  affected: fc.option(fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER))),
  dataTypes: list(6),
  cause: fc.option(fc.constantFrom(...CAUSES)),
  regulatorAction: fc.option(hostileString),
  reasons: list(6),
  terms: fc.constant([]),
  articles: fc.array(article, { maxLength: 14 }),
  firstSeen: isoOrJunk,
  lastSeen: isoOrJunk,
  status: fc.constantFrom('open' as const, 'not_breach' as const, 'merged' as const),
  region: fc.option(hostileString),
  affectedReported: fc.option(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 4 }), { nil: undefined }),
});

/** An alert or update payload around a hostile incident. */
export const hostilePayload: fc.Arbitrary<AlertPayload> = fc.record({
  kind: fc.constantFrom('alert' as const, 'update' as const),
  incident: hostileIncident,
  factChanges: list(8),
  source: fc.option(fc.record({ url: hostileUrl, title: hostileString, outlet: fc.option(hostileString) })),
});

const searchHit: fc.Arbitrary<SearchHitView> = fc.record({
  title: hostileString,
  url: hostileUrl,
  outlet: fc.option(hostileString),
  published: fc.option(isoOrJunk),
  incidentId: fc.option(hostileString),
  snippet: hostileString,
});

const replyBlock: fc.Arbitrary<ReplyBlock> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: hostileString }),
  fc.record({ kind: fc.constant('incident' as const), incident: hostileIncident }),
  fc.record({ kind: fc.constant('incident_list' as const), incidents: fc.array(hostileIncident, { maxLength: 25 }) }),
  fc.record({ kind: fc.constant('search_hits' as const), hits: fc.array(searchHit, { maxLength: 25 }) }),
  fc.record({ kind: fc.constant('fields' as const), fields: fc.array(fc.record({ label: hostileString, value: hostileString }), { maxLength: 30 }) }),
  fc.record({ kind: fc.constant('list' as const), items: list(60) }),
);

/** A command reply quoting hostile stored text. */
export const hostileReply: fc.Arbitrary<CommandReply> = fc.record({
  visibility: fc.constantFrom('ephemeral' as const, 'in_channel' as const),
  title: hostileString,
  blocks: fc.array(replyBlock, { maxLength: 8 }),
  isError: fc.option(fc.boolean(), { nil: undefined }),
});

/** Slash-command text: command words mixed with hostile fragments. */
export const commandText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('recent', 'search', 'show', 'stats', 'feed', 'add', 'remove', 'list', 'test', 'route', 'incident', 'merge', 'split', 'not-breach', 'reopen', 'help'),
      fc.constantFrom('sector=police', 'min=1000', 'keyword=x', 'region="North West"', '<#C1|x>', '<https://a.example/f|a>', '30d', '1y', '20', '-1', '"', '“', '”'),
      hostileString,
    ),
    { maxLength: 8 },
  )
  .map((words) => words.join(' '));
