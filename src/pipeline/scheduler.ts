// The poller: node-cron ticks every minute and runs a cycle; each feed is fetched when it is due
// (its own interval, or its backoff after failures). Cycles never overlap.
import type { ScheduledTask } from 'node-cron';
import { describeError } from '../domain/errors.ts';
import type { FeedSource } from './poll-feed.ts';
import { runCycle, type CycleDeps, type CycleReport } from './run-cycle.ts';

export interface Scheduler {
  /** Runs a cycle now (also used at start-up), unless one is already running. */
  runNow(): Promise<CycleReport | null>;
  /** Stops ticking and waits for a running cycle to finish (it is aborted through the deps' signal). */
  stop(): Promise<void>;
}

/**
 * The ticks start once a cycle run at start (runNow right after this) has ended: node-cron and the first schedule
 * (it reads the time-zone data: 50 ms together) would otherwise delay the first requests. A tick during that
 * cycle would have found it running and done nothing.
 */
export function startScheduler(feeds: () => readonly FeedSource[], deps: CycleDeps, expression = '* * * * *'): Scheduler {
  let running: Promise<CycleReport | null> | null = null;
  let stopped = false;

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

  const ticking: Promise<ScheduledTask | null> = Promise.resolve()
    .then(() => running)
    .then(() => import('node-cron'))
    .then(({ default: cron }) => (stopped ? null : cron.schedule(expression, () => runNow(), { name: 'breachwatch-poll', noOverlap: true })));

  return {
    runNow,
    async stop() {
      stopped = true;
      const task = await ticking;
      if (task) {
        await task.stop();
        await task.destroy();
      }
      if (running) await running;
    },
  };
}
