// Hostile feed text for the Slack renderer (reliability.md, "Chat platforms"), incidents built from
// it, and the checks every rendered payload must pass: no mention, no link we did not build from a
// checked URL, every Slack limit respected, no broken characters.
import type { AlertPayload } from '../../src/domain/delivery.ts';
import type { Incident } from '../../src/domain/types.ts';
import { blocksProblem } from './fake-slack-blocks.ts';

export const HOSTILE: ReadonlyArray<readonly [name: string, text: string]> = [
  ['channel ping', '<!channel> look'],
  ['here ping', '<!here>'],
  ['everyone ping', '<!everyone>'],
  ['user mention', 'hi <@U123>'],
  ['channel link', 'see <#C123>'],
  ['user group', '<!subteam^S1> team'],
  ['spoofed link', '<https://evil.example|Click>'],
  ['entity-escaped ping', '&lt;!channel&gt; &amp;lt;!here&amp;gt;'],
  ['mrkdwn bold', '*bold* _it_ ~s~ `code` > quote'],
  ['markdown link', '[x](https://evil.example)'],
  ['javascript url', 'javascript:alert(document.cookie)'],
  ['pipe and brackets', 'a|b<c>d&e'],
  ['long text', 'x'.repeat(10_000)],
  ['astral at the boundary', `${'a'.repeat(148)}😀😀😀${'b'.repeat(3000)}`],
  ['emoji run', '😀'.repeat(6000)],
  ['family emoji run', '👩‍👩‍👧‍👦'.repeat(1500)],
  ['flags', '🇬🇧'.repeat(3000)],
  ['combining marks', `a${'\u0301'.repeat(5000)}`],
  ['RTL override', '\u202Egnp.exe\u202C invoice \u2066x\u2069'],
  ['control chars', 'a\u0000b\u0007c\u001bd'],
  ['at-mentions as words', '@channel @here @everyone'],
];

/** URLs for the url fields: only the http(s) ones may ever become links. */
export const HOSTILE_URLS: readonly string[] = [
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https://evil.example|Click>',
  'https://user:pass@evil.example/',
  'https://ok.example/path?<!channel>&a=1|b',
  'not a url <!here>',
  `https://long.example/${'x'.repeat(5000)}`,
];

export function hostileIncident(text: string, url: string | null = 'https://news.example/a'): Incident {
  const article = (n: number) => ({ url, title: `${text} ${n}`, outlet: text, published: '2026-11-23T10:00:00.000Z' });
  return {
    id: 'bw-hostile',
    organisation: text,
    otherOrganisations: [text],
    supplier: text,
    sector: 'council',
    affected: 1234,
    dataTypes: [text, text],
    cause: 'ransomware',
    regulatorAction: text,
    reasons: [text, text],
    terms: [],
    articles: Array.from({ length: 12 }, (_, i) => article(i)),
    firstSeen: '2026-11-23T10:00:00.000Z',
    lastSeen: '2026-11-23T11:00:00.000Z',
    status: 'open',
  };
}

export function hostileUpdate(text: string, url: string | null = 'https://news.example/b'): AlertPayload {
  return {
    kind: 'update',
    incident: hostileIncident(text, url),
    factChanges: [text, `People affected: unknown → ${text}`],
    source: { url, title: text, outlet: text },
  };
}

interface Found {
  s: string;
  /** In a plain_text object: Slack parses no markup there, so a bare & is fine. */
  plain: boolean;
}

function walk(value: unknown, out: Found[] = [], plain = false): Found[] {
  if (typeof value === 'string') out.push({ s: value, plain });
  else if (Array.isArray(value)) for (const v of value) walk(v, out, plain);
  else if (value && typeof value === 'object') {
    const isPlain = (value as { type?: unknown }).type === 'plain_text';
    for (const v of Object.values(value)) walk(v, out, plain || isPlain);
  }
  return out;
}

const strings = (value: unknown): string[] => walk(value).map((f) => f.s);

const LINK = /^(https?:\/\/[^\s|<>]+)\|([^<>|]*)$/;
const BIDI_OR_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Problems with a rendered Slack payload ({ text, blocks } or a reply body), as sentences; empty when
 * it is safe. `allowedUrls` are the only link targets (already percent-encoded and &amp;-escaped).
 */
export function slackPayloadProblems(payload: { text: string; blocks: unknown[] }, allowedUrls: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const blockProblem = blocksProblem(payload.blocks);
  if (blockProblem) problems.push(`blocks rejected: ${blockProblem}`);
  if (payload.text.length > 40_000) problems.push('text over 40,000');
  for (const { s, plain } of [{ s: payload.text, plain: false }, ...walk(payload.blocks)]) {
    if (!s.isWellFormed()) problems.push(`lone surrogate in ${JSON.stringify(s.slice(0, 40))}`);
    if (BIDI_OR_CONTROL.test(s)) problems.push(`control or bidi character in ${JSON.stringify(s.slice(0, 40))}`);
    if (/<[!@#]/.test(s)) problems.push(`mention or channel link in ${JSON.stringify(s.slice(0, 80))}`);
    for (const [, inner = ''] of s.matchAll(/<([^>]*)>?/g)) {
      const link = LINK.exec(inner);
      if (!link) problems.push(`raw "<" not part of a link: ${JSON.stringify(inner.slice(0, 80))}`);
      else if (!allowedUrls.has(link[1] ?? '')) problems.push(`link to a URL we did not check: ${link[1]}`);
    }
    const amps = plain ? null : s.match(/&(?!amp;|lt;|gt;)/g);
    if (amps) problems.push(`unescaped & in ${JSON.stringify(s.slice(0, 80))}`);
    if (/\blink_names\b|"parse":"full"/.test(s)) problems.push('link_names or parse:full');
  }
  return [...new Set(problems)];
}

/** Truncated strings end in "…": true when some string in the payload was cut. */
export function wasTruncated(payload: { blocks: unknown[] }): boolean {
  return strings(payload.blocks).some((s) => s.endsWith('…'));
}
