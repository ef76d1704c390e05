// Fuzzing decode → parse → normalise with fewer cases than `npm run fuzz` (same properties:
// test/fuzz/properties.ts). reliability.md: malformed feeds fail with a named reason, never a crash.
import { describe, expect, it } from 'vitest';
import { loadSeedFeeds } from '../fuzz/feed-arbitraries.ts';
import { feedProblems, fuzzTargets } from '../fuzz/properties.ts';

const RUNS = 200;

describe('fuzz: feed bytes', () => {
  it('random and mutated feeds never throw anything but a BreachwatchError, and each case finishes in time', async () => {
    const seeds = await loadSeedFeeds({ peerLimit: 60 });
    const target = fuzzTargets(seeds).find((t) => t.key === 'feeds');
    const outcome = await target?.run({ numRuns: RUNS });
    expect(outcome?.report).toBe('');
    expect(outcome?.runs).toBe(RUNS);
  });

  it('the property notices a hang or a foreign error (not passing vacuously)', async () => {
    const slow = await feedProblems({ source: 'budget', bytes: new TextEncoder().encode('<rss><channel></channel></rss>'), contentType: null }, -1);
    expect(slow.join()).toMatch(/took \d+ ms/);
  });
});
