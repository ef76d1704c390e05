// The poller: node-cron ticks every minute and runs a cycle; each feed is fetched when it is due
// (its own interval, or its backoff after failures). Cycles never overlap. Between cycles, first polls'
// backlogs are recorded in bounded slices (docs/adr/024-first-poll-backlog.md): a cycle that is asked for
// waits for the slice in progress at most, never for the backlog.
import type { ScheduledTask } from 'node-cron';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeBacklog } from '../domain/backlog.ts';
import { describeError } from '../domain/errors.ts';
import type { FeedSource } from './poll-feed.ts';
import { runBacklogSlice, runCycle, type CycleDeps, type CycleReport } from './run-cycle.ts';

export interface Scheduler {
  /** Runs a cycle now (also used at start-up), unless one is already running. */
  runNow(): Promise<CycleReport | null>;
  /** Stops ticking and waits for a running cycle to finish (it is aborted through the deps' signal). */
  stop(): Promise<void>;
  /** Resolves when the backlog worker is idle (nothing waiting, or it stopped). For tests and the bench. */
  backlogIdle(): Promise<void>;
}

/** A pause between slices, so that commands and ticks get the event loop between them. */
const BETWEEN_SLICES_MS = 5;

/**
 * The ticks start once a cycle run at start (runNow right after this) has ended: node-cron and the first schedule
 * (it reads the time-zone data: 50 ms together) would otherwise delay the first requests. A tick during that
 * cycle would have found it running and done nothing.
 */
export function startScheduler(feeds: () => readonly FeedSource[], deps: CycleDeps, expression = '* * * * *'): Scheduler {
  let running: Promise<CycleReport | null> | null = null;
  let slice: Promise<unknown> | null = null;
  let draining: Promise<void> | null = null;
  let stopped = false;

  const runNow = (): Promise<CycleReport | null> => {
    if (running) return running;
    running = (async () => {
      // A slice in progress ends first (it is bounded); the backlog waits for the cycle.
      if (slice) await slice.catch(() => undefined);
      return runCycle(feeds(), deps);
    })()
      .catch((error: unknown) => {
        deps.log.error('poll:cycle-failed', `The poll cycle failed and will run again at the next tick: ${describeError(error)}`);
        return null;
      })
      .finally(() => {
        running = null;
        draining ??= drainWhileIdle().finally(() => (draining = null));
      });
    return running;
  };

  /** Records the backlog slice by slice while no cycle is asked for; logs when it starts and when it is done. */
  const drainWhileIdle = async (): Promise<void> => {
    const started = performance.now();
    let items = 0;
    let incidents = 0;
    try {
      const waiting = await deps.store.backlogStatus();
      if (waiting.items === 0) return;
      deps.log.info('backlog:recording', `${describeBacklog(waiting)}: recording them between polls, without posting.`, { ...waiting });
      while (!deps.signal.aborted) {
        if (running) await running;
        const current = runBacklogSlice(feeds(), deps);
        slice = current;
        const done = await current.finally(() => (slice = null));
        if (!done.ran) return; // another process holds the lease: it runs the backlog
        items += done.items;
        incidents += done.incidents;
        if (!done.more) break;
        await sleep(BETWEEN_SLICES_MS);
      }
      if (deps.signal.aborted) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      deps.log.info(
        'backlog:done',
        `Recorded ${items} past item(s) from first polls (${incidents} past incident(s)) in ${seconds} s, without posting; ` +
          '`breachwatch recent`, `search` and `stats` now know them.',
        { items, incidents },
      );
    } catch (error) {
      deps.log.error('backlog:failed', `Recording first polls' past items failed; it goes on after the next cycle: ${describeError(error)}`);
    }
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
      if (draining) await draining;
    },
    async backlogIdle() {
      while (running || draining) {
        if (running) await running;
        if (draining) await draining;
      }
    },
  };
}
