// The poller: node-cron ticks every minute and runs a cycle; each feed is fetched when it is due
// (its own interval, or its backoff after failures). Cycles never overlap.
import cron from 'node-cron';
import { describeError } from '../domain/errors.ts';
import type { FeedSource } from './poll-feed.ts';
import { runCycle, type CycleDeps, type CycleReport } from './run-cycle.ts';

export interface Scheduler {
  /** Runs a cycle now (also used at start-up), unless one is already running. */
  runNow(): Promise<CycleReport | null>;
  /** Stops ticking and waits for a running cycle to finish (it is aborted through the deps' signal). */
  stop(): Promise<void>;
}

export function startScheduler(feeds: () => readonly FeedSource[], deps: CycleDeps, expression = '* * * * *'): Scheduler {
  let running: Promise<CycleReport | null> | null = null;

  const runNow = (): Promise<CycleReport | null> => {
    if (running) return running;
    running = runCycle(feeds(), deps)
      .catch((error: unknown) => {
        deps.log.error('poll:cycle-failed', `The poll cycle failed and will run again at the next tick: ${describeError(error)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const task = cron.schedule(expression, () => runNow(), { name: 'breachwatch-poll', noOverlap: true });

  return {
    runNow,
    async stop() {
      await task.stop();
      await task.destroy();
      if (running) await running;
    },
  };
}
