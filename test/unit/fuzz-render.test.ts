// Fuzzing both renderers and the command parser with hostile text, with fewer cases than
// `npm run fuzz` (same properties: test/fuzz/properties.ts). reliability.md, "Chat platforms".
import { describe, expect, it } from 'vitest';
import { commandProblems, fuzzTargets, payloadProblems, replyProblems } from '../fuzz/properties.ts';

const RUNS = 200;
const targets = fuzzTargets([]);

describe('fuzz: hostile text into Slack and Discord', () => {
  it.each(['render', 'replies', 'commands'])('%s: no mention, no spoofed link, no limit broken, no throw', async (key) => {
    const outcome = await targets.find((t) => t.key === key)?.run({ numRuns: RUNS });
    expect(outcome?.report).toBe('');
    expect(outcome?.runs).toBe(RUNS);
  });

  it('a plain incident, reply and command pass the same checks', () => {
    const incident = {
      id: 'bw-1', organisation: 'x', otherOrganisations: [], supplier: null, sector: null, affected: null, dataTypes: [], cause: null,
      regulatorAction: null, reasons: [], terms: [], articles: [], firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-01T00:00:00.000Z', status: 'open' as const,
    };
    expect(payloadProblems({ kind: 'alert', incident, factChanges: [], source: null })).toEqual([]);
    expect(replyProblems({ visibility: 'in_channel', title: 'ok', blocks: [] })).toEqual([]);
    expect(commandProblems('recent 5')).toEqual([]);
  });
});
