// The Slack renderers against hostile feed text: every payload in every field, no pings, no spoofed
// links, every limit respected, clean truncation.
import { describe, expect, it } from 'vitest';
import { renderAlert, renderUpdate } from '../../adapters/slack/render-alert.ts';
import { renderReply } from '../../adapters/slack/render-reply.ts';
import { escapeMrkdwn, fit, link, mrkdwn, plainText, safeLinkUrl } from '../../adapters/slack/slack-text.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import { HOSTILE, HOSTILE_URLS, hostileIncident, hostileUpdate, slackPayloadProblems, wasTruncated } from '../fakes/fake-slack-hostile.ts';

const allowed = (...urls: Array<string | null>): Set<string> => new Set(urls.map((u) => safeLinkUrl(u)).filter((u): u is string => u !== null));

describe('slack text safety', () => {
  it('escapes &, < and > so no mention or link can be formed', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('links only checked http(s) URLs, with the label escaped', () => {
    expect(link('https://a.example/x?y=1&z=2', 'A|B <c>')).toBe('<https://a.example/x?y=1&amp;z=2|A¦B &lt;c&gt;>');
    expect(link('javascript:alert(1)', 'Click')).toBe('Click');
    expect(link('https://user:pw@a.example/', 'Click')).toBe('Click');
    expect(link('https://evil.example|Click>', 'x')).toBe('x'); // "|" is not allowed in a host
    expect(link('https://a.example/p|q>r', 'x')).toBe('<https://a.example/p%7Cq%3Er|x>');
    expect(safeLinkUrl('data:text/html,hi')).toBeNull();
    expect(safeLinkUrl('not a url')).toBeNull();
  });

  it('truncates by grapheme, within the limit, ending in "…"', () => {
    const cut = fit(`${'a'.repeat(148)}😀😀`, 150);
    expect(cut).toBe(`${'a'.repeat(148)}…`);
    expect(cut.isWellFormed()).toBe(true);
    const family = fit('👩‍👩‍👧‍👦'.repeat(10), 30);
    expect(family.length).toBeLessThanOrEqual(30);
    expect([...family.slice(0, -1)].join('')).toBe('👩‍👩‍👧‍👦'.repeat((family.length - 1) / 11));
    expect(mrkdwn('&'.repeat(100), 20)).toBe(`${'&amp;'.repeat(3)}…`);
    expect(plainText('<!channel>', 150)).toBe('‹!channel›');
    expect(fit(`a${'\u0301'.repeat(500)}`, 10)).toHaveLength(10);
  });
});

describe('alert and update blocks with hostile feed text', () => {
  it.each(HOSTILE)('alert: %s in every field', (_name, text) => {
    const message = renderAlert(hostileIncident(text));
    expect(slackPayloadProblems(message, allowed('https://news.example/a'))).toEqual([]);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
  });

  it.each(HOSTILE)('update and edited original: %s in every field', (_name, text) => {
    const payload = hostileUpdate(text);
    expect(slackPayloadProblems(renderUpdate(payload), allowed('https://news.example/b'))).toEqual([]);
    expect(slackPayloadProblems(renderAlert(payload.incident, { updated: true }), allowed('https://news.example/b'))).toEqual([]);
  });

  it.each(HOSTILE_URLS.map((url) => [url.slice(0, 50), url]))('URL field %s: linked only when it is a checked http(s) URL', (_name, url) => {
    for (const message of [renderAlert(hostileIncident('Title', url)), renderUpdate(hostileUpdate('Title', url))]) {
      expect(slackPayloadProblems(message, allowed(url))).toEqual([]);
    }
    expect(JSON.stringify(renderAlert(hostileIncident('T', url)))).not.toMatch(/javascript:|data:text|user:pass/);
  });

  it('cuts long values cleanly and keeps the sources list to whole links', () => {
    const message = renderAlert(hostileIncident('x'.repeat(10_000), `https://news.example/${'p'.repeat(1500)}`));
    expect(wasTruncated(message)).toBe(true);
    const sources = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Sources*'));
    expect(sources?.type === 'section' && sources.text?.text.length).toBeLessThanOrEqual(3000);
    expect(sources?.type === 'section' && sources.text?.text).toMatch(/…and \d+ more$/);
  });

  it('uses the shared fact wording and puts the reasons and id in the context line', () => {
    const message = renderAlert({ ...hostileIncident('Kent Police'), organisation: 'Kent Police', sector: 'police', affected: 47000 });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*People affected*\\n47,000');
    expect(json).toContain('*Organisation*\\nKent Police and Kent Police (Police)');
    expect(json).toContain('Incident bw-hostile');
    expect(message.text).toContain('Data breach at Kent Police');
  });
});

describe('command replies', () => {
  const big: CommandReply = {
    visibility: 'in_channel',
    title: '<!channel> results',
    blocks: [
      { kind: 'text', text: '<!here> hello' },
      { kind: 'incident', incident: hostileIncident('<@U1>') },
      { kind: 'incident_list', incidents: Array.from({ length: 40 }, () => hostileIncident('<!channel>')) },
      { kind: 'search_hits', hits: Array.from({ length: 40 }, () => ({ title: '<!here>', url: 'javascript:x', outlet: '<#C1>', published: null, incidentId: 'bw-1', snippet: 'x'.repeat(9000) })) },
      { kind: 'fields', fields: Array.from({ length: 25 }, (_, i) => ({ label: `<!here>${i}`, value: 'y'.repeat(5000) })) },
      { kind: 'list', items: Array.from({ length: 200 }, () => '<!subteam^S1> item') },
    ],
  };

  it('renders every reply block safely within 50 blocks', () => {
    const body = renderReply(big);
    expect(body.response_type).toBe('in_channel');
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(slackPayloadProblems(body, allowed('https://news.example/a'))).toEqual([]);
  });

  it('is ephemeral for errors, ephemeral replies and when forced', () => {
    expect(renderReply({ ...big, blocks: [], isError: true }).response_type).toBe('ephemeral');
    expect(renderReply({ ...big, blocks: [], visibility: 'ephemeral' }).response_type).toBe('ephemeral');
    expect(renderReply({ ...big, blocks: [] }, { forceEphemeral: true }).response_type).toBe('ephemeral');
  });
});
