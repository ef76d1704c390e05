import { describe, expect, it } from 'vitest';
import { activeRoutes } from '../../src/alerts/active-routes.ts';

const consoleSink = { name: 'console', defaultChannel: null, needsChannel: false };
const slack = { name: 'slack', defaultChannel: 'CDEFAULT', needsChannel: true };
const discord = { name: 'discord', defaultChannel: null, needsChannel: true };

describe('activeRoutes', () => {
  it('falls back to the console when nothing else is connected', () => {
    const result = activeRoutes({ configDestinations: [{ sink: 'slack' }], storedRoutes: [], connected: [consoleSink], dryRun: false });
    expect(result.routes).toEqual([{ sink: 'console' }]);
    expect(result.warnings.join(' ')).toMatch(/slack, which is not connected/);
  });

  it('uses default channels, config routes and chat routes together', () => {
    const result = activeRoutes({
      configDestinations: [{ sink: 'slack', filters: { sectors: ['nhs'] } }],
      storedRoutes: [{ id: 'r', sink: 'discord', channel: '123456', filters: { minAffected: 10 }, addedBy: 'u', addedAt: 'x', workspaceId: 'G1' }],
      connected: [consoleSink, slack, discord],
      dryRun: false,
    });
    expect(result.routes).toEqual([
      { sink: 'slack', channel: 'CDEFAULT', filters: { sectors: ['nhs'] } },
      { sink: 'discord', channel: '123456', filters: { minAffected: 10 } },
    ]);
  });

  it('gives a connected platform its default channel when no route names it', () => {
    const result = activeRoutes({ configDestinations: [{ sink: 'console' }], storedRoutes: [], connected: [consoleSink, slack], dryRun: false });
    expect(result.routes).toEqual([{ sink: 'console', channel: undefined, filters: undefined }, { sink: 'slack', channel: 'CDEFAULT' }]);
  });

  it('skips a channel-less route on a platform with no default channel', () => {
    const result = activeRoutes({ configDestinations: [{ sink: 'discord' }], storedRoutes: [], connected: [consoleSink, discord], dryRun: false });
    expect(result.routes).toEqual([{ sink: 'console' }]);
    expect(result.warnings.join(' ')).toMatch(/names no channel/);
  });

  it('uses a chat route only when the server it was added from is served (issue 16 point 3)', () => {
    const served = { ...discord, servedWorkspaces: ['1200000000000000001'] };
    const route = (id: string, workspaceId: string | null) => ({ id, sink: 'discord', channel: `15${id.length}000000`, filters: {}, addedBy: 'u', addedAt: 'x', workspaceId });
    const result = activeRoutes({
      configDestinations: [],
      storedRoutes: [route('r-own', '1200000000000000001'), route('r-other', '1299999999999999999'), route('r-legacy', null)],
      connected: [consoleSink, served],
      dryRun: false,
    });
    expect(result.routes).toEqual([{ sink: 'discord', channel: '155000000', filters: {} }]);
    expect(result.warnings.join('\n')).toMatch(/r-other .*paused/);
    expect(result.warnings.join('\n')).toMatch(/r-legacy .*paused/);
  });

  it('sends everything to the console in a dry run', () => {
    expect(activeRoutes({ configDestinations: [{ sink: 'slack' }], storedRoutes: [], connected: [slack], dryRun: true }).routes).toEqual([{ sink: 'console' }]);
  });
});
