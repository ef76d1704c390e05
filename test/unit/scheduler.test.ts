// The scheduler starts ticking once the cycle run at start has ended, so that node-cron and its first schedule
// (the time-zone data: ~50 ms) do not delay the first requests (issue 21 point 4); stopping before that never ticks.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CycleDeps, CycleReport } from '../../src/pipeline/run-cycle.ts';

const cycles = vi.hoisted(() => ({ finish: [] as Array<() => void> }));
const cron = vi.hoisted(() => ({ schedule: vi.fn(() => ({ stop: vi.fn(), destroy: vi.fn() })) }));

vi.mock('../../src/pipeline/run-cycle.ts', () => ({
  runCycle: () => new Promise<CycleReport | null>((resolve) => cycles.finish.push(() => resolve(null))),
}));
vi.mock('node-cron', () => ({ default: cron }));

const { startScheduler } = await import('../../src/pipeline/scheduler.ts');
/** What the scheduler itself reads: after each cycle it asks the store for first polls' backlog (none here). */
const deps = (): CycleDeps =>
  ({
    store: { backlogStatus: async () => ({ items: 0, feeds: 0 }) },
    log: { info: vi.fn(), error: vi.fn(), debug: vi.fn(), warn: vi.fn() },
    signal: new AbortController().signal,
  }) as unknown as CycleDeps;
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => {
  cron.schedule.mockClear();
  cycles.finish.length = 0;
});

describe('startScheduler', () => {
  it('schedules its ticks once the first cycle has ended, not before', async () => {
    const scheduler = startScheduler(() => [], deps());
    const first = scheduler.runNow();
    await settle();
    expect(cron.schedule).not.toHaveBeenCalled();
    cycles.finish.shift()?.();
    await first;
    await settle();
    expect(cron.schedule).toHaveBeenCalledTimes(1);
    await scheduler.stop();
  });

  it('ticks at once when no cycle runs at start, and never once stopped before', async () => {
    const scheduler = startScheduler(() => [], deps());
    await settle();
    expect(cron.schedule).toHaveBeenCalledTimes(1);
    await scheduler.stop();

    cron.schedule.mockClear();
    const stopped = startScheduler(() => [], deps());
    const first = stopped.runNow();
    const stopping = stopped.stop();
    cycles.finish.shift()?.();
    await Promise.all([first, stopping]);
    await settle();
    expect(cron.schedule).not.toHaveBeenCalled();
  });
});
