// The poll cycle's dependencies as most integration tests want them: one console destination, a quiet
// log, no age limit, one fetch at a time. A test passes the parts it is about and overrides the rest.
import type { CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { RecordingSink } from '../fakes/recording-sink.ts';

export function consoleCycle(
  parts: Pick<CycleDeps, 'store' | 'classify' | 'fetchFeed' | 'now'> & { sink: RecordingSink } & Partial<CycleDeps>,
): CycleDeps {
  const { sink, ...rest } = parts;
  return {
    routes: () => [{ sink: 'console' }],
    sinks: new Map([['console', sink]]),
    log: silentLogger(),
    signal: new AbortController().signal,
    maxArticleAgeDays: 0,
    poll: { maxNewItemsPerPoll: 20, failureWarningAfter: 3, maxBackoffMinutes: 60, maxConcurrentFetches: 1 },
    owner: 'test#1',
    ...rest,
  };
}
