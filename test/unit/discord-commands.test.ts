import { describe, expect, it } from 'vitest';
import { breachCommandDefinition, toCommand } from '../../adapters/discord/commands.ts';
import type { RawOption } from '../../adapters/discord/commands.ts';
import { renderReply } from '../../adapters/discord/render-reply.ts';
import { normaliseCommand, sameCommands } from '../../adapters/discord/register-commands.ts';
import { STATS_PERIODS } from '../../src/commands/types.ts';
import { SECTORS } from '../../src/domain/types.ts';

const sub = (name: string, options: RawOption[] = []): RawOption[] => [{ name, type: 1, options }];
const group = (g: string, name: string, options: RawOption[] = []): RawOption[] => [{ name: g, type: 2, options: sub(name, options) }];
const str = (name: string, value: string): RawOption => ({ name, type: 3, value });
const int = (name: string, value: number): RawOption => ({ name, type: 4, value });

describe('/breach definition', () => {
  it('has typed options with choices from SECTORS and STATS_PERIODS, and autocomplete for incident ids', () => {
    const def = breachCommandDefinition();
    expect(def.name).toBe('breach');
    const names = def.options?.map((o) => o.name);
    expect(names).toEqual(['recent', 'search', 'show', 'stats', 'help', 'feed', 'route', 'incident']);
    const json = JSON.stringify(def);
    for (const s of SECTORS) expect(json).toContain(`"value":"${s}"`);
    for (const p of STATS_PERIODS) expect(json).toContain(`"value":"${p}"`);
    const show = def.options?.find((o) => o.name === 'show') as { options?: Array<{ autocomplete?: boolean }> } | undefined;
    expect(show?.options?.[0]?.autocomplete).toBe(true);
    const recent = def.options?.find((o) => o.name === 'recent') as { options?: Array<{ min_value?: number; max_value?: number }> } | undefined;
    expect(recent?.options?.[0]).toMatchObject({ min_value: 1, max_value: 20 });
  });

  it('compares with what Discord stores, ignoring ids, versions and defaults', () => {
    const def = breachCommandDefinition();
    const stored = { ...JSON.parse(JSON.stringify(def)), id: '1', version: '2', application_id: '3', nsfw: false, integration_types: [0] };
    expect(sameCommands([stored], [def])).toBe(true);
    expect(sameCommands([{ ...stored, description: 'changed' }], [def])).toBe(false);
    expect(sameCommands([], [def])).toBe(false);
    expect(normaliseCommand({ nonsense: true })).toEqual({ invalid: true });
  });
});

describe('interaction options → Command', () => {
  it('converts every subcommand', () => {
    expect(toCommand(sub('recent', [int('n', 7), str('sector', 'nhs')]), 'C1')).toEqual({ kind: 'recent', limit: 7, sector: 'nhs' });
    expect(toCommand(sub('recent'), 'C1')).toEqual({ kind: 'recent', limit: 5, sector: null });
    expect(toCommand(sub('search', [str('words', ' ransomware council ')]), null)).toEqual({ kind: 'search', query: 'ransomware council' });
    expect(toCommand(sub('show', [str('incident', 'bw-1')]), null)).toEqual({ kind: 'show', incidentId: 'bw-1' });
    expect(toCommand(sub('stats', [str('period', '90d')]), null)).toEqual({ kind: 'stats', period: '90d' });
    expect(toCommand(sub('stats'), null)).toEqual({ kind: 'stats', period: '30d' });
    expect(toCommand(sub('help'), null)).toEqual({ kind: 'help' });
    expect(toCommand(group('feed', 'add', [str('url', 'https://x.example/feed'), str('name', 'X')]), null)).toEqual({ kind: 'feed_add', url: 'https://x.example/feed', name: 'X' });
    expect(toCommand(group('feed', 'remove', [str('id', 'x')]), null)).toEqual({ kind: 'feed_remove', feedId: 'x' });
    expect(toCommand(group('feed', 'list'), null)).toEqual({ kind: 'feed_list' });
    expect(toCommand(group('feed', 'test', [str('url', 'https://x.example/')]), null)).toEqual({ kind: 'feed_test', url: 'https://x.example/' });
    expect(toCommand(group('route', 'add', [{ name: 'channel', type: 7, value: '123456789' }, str('sector', 'police'), int('min_affected', 100), str('keyword', 'cctv')]), 'C1')).toEqual({
      kind: 'route_add',
      channel: '123456789',
      filters: { sectors: ['police'], minAffected: 100, keywords: ['cctv'] },
    });
    expect(toCommand(group('route', 'add'), '555555555')).toEqual({ kind: 'route_add', channel: '555555555', filters: {} });
    expect(toCommand(group('route', 'remove', [str('id', 'r-1')]), null)).toEqual({ kind: 'route_remove', routeId: 'r-1' });
    expect(toCommand(group('route', 'list'), null)).toEqual({ kind: 'route_list' });
  });

  it('refuses what Discord should never send, with a message', () => {
    expect(toCommand(sub('recent', [int('n', 99)]), null)).toMatchObject({ kind: 'parse_error' });
    expect(toCommand(sub('recent', [str('sector', 'banks')]), null)).toMatchObject({ kind: 'parse_error' });
    expect(toCommand(sub('nope'), null)).toMatchObject({ kind: 'parse_error', message: expect.stringContaining('/breach nope') });
    expect(toCommand('garbage', null)).toMatchObject({ kind: 'parse_error' });
    expect(toCommand(group('route', 'add'), null)).toMatchObject({ kind: 'parse_error', message: expect.stringContaining('Which channel') });
  });
});

describe('CommandReply → interaction reply', () => {
  it('is ephemeral for admin replies and errors, public otherwise', () => {
    expect(renderReply({ visibility: 'ephemeral', title: 'Feeds', blocks: [] }).ephemeral).toBe(true);
    expect(renderReply({ visibility: 'in_channel', title: 'Oops', blocks: [], isError: true }).ephemeral).toBe(true);
    const pub = renderReply({ visibility: 'in_channel', title: 'Recent', blocks: [{ kind: 'text', text: 'hello' }, { kind: 'list', items: ['a', 'b'] }] });
    expect(pub.ephemeral).toBe(false);
    expect(pub.embeds[0]?.description).toBe('hello\n\n• a\n• b');
  });
});

describe('incident corrections and region routes from Discord options', () => {
  const sub = (group: string, name: string, values: Record<string, string>) => [
    { name: group, type: 2, options: [{ name, type: 1, options: Object.entries(values).map(([k, v]) => ({ name: k, type: 3, value: v })) }] },
  ];
  it('converts the incident group', () => {
    expect(toCommand(sub('incident', 'merge', { keep: 'bw-a', fold_in: 'bw-b' }), null)).toEqual({ kind: 'incident_merge', intoId: 'bw-a', fromId: 'bw-b' });
    expect(toCommand(sub('incident', 'split', { incident: 'bw-a', article: '2' }), null)).toEqual({ kind: 'incident_split', incidentId: 'bw-a', article: '2' });
    expect(toCommand(sub('incident', 'not_breach', { incident: 'bw-a' }), null)).toEqual({ kind: 'incident_not_breach', incidentId: 'bw-a', notBreach: true });
    expect(toCommand(sub('incident', 'reopen', { incident: 'bw-a' }), null)).toEqual({ kind: 'incident_not_breach', incidentId: 'bw-a', notBreach: false });
  });
  it('takes a region filter in route add', () => {
    expect(toCommand(sub('route', 'add', { region: 'London' }), '123456789')).toEqual({ kind: 'route_add', channel: '123456789', filters: { regions: ['London'] } });
  });
});
