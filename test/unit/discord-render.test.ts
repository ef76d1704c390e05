import { describe, expect, it } from 'vitest';
import { markdownText, plainText, safeUrl, truncate } from '../../adapters/discord/discord-text.ts';
import { embedsLength, fitEmbeds } from '../../adapters/discord/embed-limits.ts';
import { renderAlertMessage, renderIncidentEmbed, renderUpdateMessage, SECTOR_COLOURS } from '../../adapters/discord/render-alert.ts';
import { renderReply } from '../../adapters/discord/render-reply.ts';
import type { AlertPayload } from '../../src/domain/delivery.ts';
import type { Incident } from '../../src/domain/types.ts';
import { makeIncident } from '../contract/store-fixtures.ts';
import { hostileFindings, messageBodyProblems, visibleTexts } from '../fakes/fake-discord-checks.ts';

const HOSTILE: Array<[string, string]> = [
  ['@everyone', 'Breach @everyone look'],
  ['@here', '@here now'],
  ['user mention', 'ping <@123> and <@!123>'],
  ['role mention', 'role <@&456>'],
  ['channel mention', 'see <#789>'],
  ['command mention', 'run </breach recent:1234567>'],
  ['masked link', '[Click](https://evil.example)'],
  ['spoofed link', '[https://good.example](https://evil.example)'],
  ['spaced masked link', '[Click] (https://evil.example)'],
  ['angle link', '<https://evil.example>'],
  ['code fence', '```\nrm -rf /\n```'],
  ['markdown soup', '**bold** __u__ ~~s~~ ||spoiler|| `tick` # Heading\n> quote\n-# small\n- item'],
  ['10,000 chars', 'A'.repeat(10_000)],
  ['astral 10,000', '😀'.repeat(5_000)],
  ['astral at 255', `${'x'.repeat(255)}😀😀`],
  ['astral at 1023', `${'y'.repeat(1023)}😀😀`],
  ['RTL override', 'invoice\u202Egnp.exe \u2066hidden\u2069'],
  ['zero-width spoof', '@\u200beveryone <\u200b@123> \ufeff'],
  ['control chars', 'A\u0000B\u001b[2J\u0007'],
  ['lone surrogate', 'bad \ud83d here'],
];

const HOSTILE_URLS = ['javascript:alert(1)', 'https://user:pw@evil.example/', 'https://evil.example/a)b[c]*_~', 'data:text/html,<b>x</b>', 'not a url'];

function hostileIncident(text: string): Incident {
  return makeIncident({
    id: 'bw-0q2ft4d0dm',
    organisation: text,
    otherOrganisations: [text],
    supplier: text,
    dataTypes: [text, text],
    regulatorAction: text,
    reasons: [text, text],
    articles: [
      { url: 'https://news.example/item-1', title: text, outlet: text, published: null },
      ...HOSTILE_URLS.map((url) => ({ url, title: text, outlet: text, published: null })),
    ],
  });
}

const allowedLinks = (incident: Incident, extra: Array<string | null> = []): Set<string> =>
  new Set([...incident.articles.map((a) => a.url), ...extra].map((u) => safeUrl(u)).filter((u): u is string => u !== null));

function expectSafe(body: unknown, links: Set<string>): void {
  expect(messageBodyProblems(body)).toEqual([]);
  for (const { text, markdown } of visibleTexts(body)) expect(hostileFindings(text, links, markdown), text.slice(0, 200)).toEqual([]);
}

describe('Discord rendering of hostile feed text', () => {
  it.each(HOSTILE)('%s in every field: no mention, no masked link, no limit broken', (_name, text) => {
    const incident = hostileIncident(text);
    const update: AlertPayload = {
      kind: 'update',
      incident,
      factChanges: [text, `People affected: ${text}`],
      source: { url: 'https://evil.example/x)', title: text, outlet: text },
    };
    const alert = renderAlertMessage({ kind: 'alert', incident, factChanges: [], source: null });
    expect(alert.allowed_mentions).toEqual({ parse: [] });
    expectSafe(alert, allowedLinks(incident));
    const reply = renderUpdateMessage(update);
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expectSafe(reply, allowedLinks(incident, [update.source?.url ?? null]));

    const rendered = renderReply({
      visibility: 'in_channel',
      title: text,
      blocks: [
        { kind: 'text', text },
        { kind: 'list', items: [text, text] },
        { kind: 'fields', fields: [{ label: text, value: text }] },
        { kind: 'incident_list', incidents: [incident, incident] },
        { kind: 'search_hits', hits: [{ title: text, url: 'https://news.example/item-1', outlet: text, published: text, incidentId: text, snippet: text }] },
        { kind: 'incident', incident },
      ],
    });
    expectSafe({ embeds: rendered.embeds }, allowedLinks(incident));
  });

  it('links the title to the first source only when it is a checked http(s) URL', () => {
    const good = renderIncidentEmbed(makeIncident());
    expect(good.url).toBe('https://news.example/item-1');
    for (const url of HOSTILE_URLS.slice(0, 2)) {
      const bad = renderIncidentEmbed(makeIncident({ articles: [{ url, title: 't', outlet: null, published: null }] }));
      expect(bad.url).toBeUndefined();
    }
    expect(safeUrl('https://evil.example/a)b[c]')).toBe('https://evil.example/a%29b%5Bc%5D');
  });

  it('shows every fact, a colour per sector and the reasons in the footer', () => {
    const embed = renderIncidentEmbed(makeIncident({ affected: 47_000, regulatorAction: 'ICO reprimand' }));
    expect(embed.fields?.map((f) => f.name)).toEqual(['Organisation & sector', 'People affected', 'Data exposed', 'Cause', 'Regulator action', 'Sources', 'First seen']);
    expect(embed.fields?.[1]?.value).toBe('47,000');
    expect(embed.color).toBe(SECTOR_COLOURS.council);
    expect(embed.footer?.text).toContain('Organisation matched the gazetteer.');
    expect(embed.footer?.text).toMatch(/^Incident inc-1 · Why: /);
    expect(new Set(Object.values(SECTOR_COLOURS)).size).toBe(Object.keys(SECTOR_COLOURS).length);
  });

  it('says what changed and where it was reported in an update', () => {
    const body = renderUpdateMessage({
      kind: 'update',
      incident: makeIncident(),
      factChanges: ['People affected: unknown → 47,000'],
      source: { url: 'https://bbc.example/story', title: 'More affected', outlet: 'BBC' },
    });
    const embed = body.embeds[0];
    expect(embed?.description).toContain('47,000');
    expect(embed?.fields?.[0]?.value).toContain('[bbc.example](https://bbc.example/story)');
  });
});

describe('the hostile-text checker itself', () => {
  it('flags raw hostile text, so the table above is not passing vacuously', () => {
    const flagged = HOSTILE.filter(([, text]) => hostileFindings(text).length > 0).map(([name]) => name);
    expect(flagged).toEqual(expect.arrayContaining(['@everyone', '@here', 'user mention', 'role mention', 'channel mention', 'command mention', 'masked link', 'spoofed link', 'code fence', 'RTL override', 'lone surrogate']));
    expect(messageBodyProblems({ embeds: [{ title: 'x'.repeat(257) }] })).not.toEqual([]);
    expect(hostileFindings('[news.example](https://news.example/a)', new Set(['https://news.example/a']))).toEqual([]);
    expect(hostileFindings('[good.example](https://news.example/a)', new Set(['https://news.example/a']))).not.toEqual([]);
  });
});

describe('Discord text helpers', () => {
  it('cuts by code point with an ellipsis and never leaves half a surrogate pair', () => {
    const cut = truncate(`${'a'.repeat(9)}😀😀`, 11);
    expect(cut).toBe(`${'a'.repeat(9)}…`);
    expect(truncate('short', 10)).toBe('short');
    expect(markdownText('😀'.repeat(300), 256).length).toBeLessThanOrEqual(256);
    expect(plainText('x'.repeat(5000), 2048)).toHaveLength(2048);
  });

  it('escapes markdown invisibly and defuses mentions', () => {
    expect(markdownText('**x**', 100)).toBe('\\*\\*x\\*\\*');
    expect(plainText('@everyone', 100)).toBe('@\u200beveryone');
    expect(markdownText('a\u202Eb', 100)).toBe('ab');
  });

  it('keeps all embeds of a message within 6,000 characters', () => {
    const big = { title: 't'.repeat(256), description: 'd'.repeat(4096), fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'v'.repeat(1024) })), footer: { text: 'f'.repeat(2048) } };
    const fitted = fitEmbeds([big, big]);
    expect(embedsLength(fitted)).toBeLessThanOrEqual(6000);
    expect(messageBodyProblems({ embeds: fitted, allowed_mentions: { parse: [] } })).toEqual([]);
  });
});
