// One poll cycle: due feeds are fetched (a few at a time), their new items processed in order,
// then the outbox is drained. Only one process runs a cycle at a time (a lease in the store).
import { deliverOutbox, type DeliveryReport } from '../alerts/deliver.ts';
import type { Sink } from '../alerts/sink.ts';
import type { Store } from '../store/ports.ts';
import { processArticle, type ProcessDeps } from './process-article.ts';
import { pollFeed, type FeedSource, type FetchFeed, type PollOptions, type PollOutcome } from './poll-feed.ts';

export interface CycleDeps extends Omit<ProcessDeps, 'store'> {
  store: Store;
  fetchFeed: FetchFeed;
  sinks: ReadonlyMap<string, Sink>;
  signal: AbortSignal;
  poll: PollOptions & { maxConcurrentFetches: number };
  /** Who runs this cycle, for the lease (e.g. host:pid). */
  owner: string;
  /** Called once when a feed has failed `failureWarningAfter` times in a row. */
  onFeedWarning?: (feed: FeedSource, error: string) => void;
}

export interface CycleReport {
  ran: boolean;
  polled: number;
  failed: number;
  newArticles: number;
  incidentsCreated: number;
  incidentsUpdated: number;
  delivery: DeliveryReport | null;
}

const LEASE = 'poll-cycle';
// Short, and renewed as the cycle goes, so that a process killed mid-cycle blocks others for minutes at most.
const LEASE_TTL_MS = 3 * 60 * 1000;

export function isDue(nextPollAt: string | null, now: Date): boolean {
  return nextPollAt === null || Date.parse(nextPollAt) <= now.getTime();
}

export async function runCycle(feeds: readonly FeedSource[], deps: CycleDeps): Promise<CycleReport> {
  const report: CycleReport = { ran: false, polled: 0, failed: 0, newArticles: 0, incidentsCreated: 0, incidentsUpdated: 0, delivery: null };
  if (!(await deps.store.tryAcquireLease(LEASE, deps.owner, LEASE_TTL_MS, deps.now().getTime()))) {
    deps.log.debug('poll:skipped', 'Another breachwatch process is running a cycle; skipping this one.');
    return report;
  }
  report.ran = true;
  try {
    const due: FeedSource[] = [];
    for (const feed of feeds) {
      const state = await deps.store.getFeedState(feed.id);
      if (isDue(state?.nextPollAt ?? null, deps.now())) due.push(feed);
    }
    const outcomes = await mapLimit(due, deps.poll.maxConcurrentFetches, (feed) =>
      pollFeed(feed, { store: deps.store, fetchFeed: deps.fetchFeed, now: deps.now, signal: deps.signal, options: deps.poll }),
    );
    for (const [index, outcome] of outcomes.entries()) {
      const feed = due[index] as FeedSource;
      await deps.store.tryAcquireLease(LEASE, deps.owner, LEASE_TTL_MS, deps.now().getTime());
      report.polled += 1;
      logPoll(feed, outcome, deps);
      if (outcome.kind === 'failed') {
        report.failed += 1;
        if (outcome.warn) deps.onFeedWarning?.(feed, outcome.error);
        continue;
      }
      if (outcome.kind !== 'new_items') continue;
      for (const article of outcome.articles) {
        if (deps.signal.aborted) return report;
        report.newArticles += 1;
        const result = await processArticle(article, { ...deps, store: deps.store });
        if (result.kind === 'incident') {
          if (result.change.created) report.incidentsCreated += 1;
          else report.incidentsUpdated += 1;
        }
      }
    }
    if (!deps.signal.aborted) {
      report.delivery = await deliverOutbox({ store: deps.store, sinks: deps.sinks, now: deps.now, log: deps.log, signal: deps.signal });
    }
    return report;
  } finally {
    await deps.store.releaseLease(LEASE, deps.owner);
  }
}

function logPoll(feed: FeedSource, outcome: PollOutcome, deps: Pick<CycleDeps, 'log'>): void {
  switch (outcome.kind) {
    case 'failed':
      deps.log.warn('poll:error', `Feed "${feed.name}" failed: ${outcome.error}`, { feed: feed.id, url: feed.url, nextTry: outcome.nextPollAt });
      if (outcome.warn) {
        deps.log.error('feed:warning', `Feed "${feed.name}" keeps failing; admins warned once. Check the URL or remove the feed.`, { feed: feed.id });
      }
      return;
    case 'recorded_silently':
      deps.log.info('poll:silent', `Feed "${feed.name}": ${outcome.reason}.`, { feed: feed.id });
      return;
    case 'not_modified':
      deps.log.debug('poll:done', `Feed "${feed.name}" has not changed.`, { feed: feed.id });
      return;
    case 'new_items':
      deps.log.info('poll:done', `Feed "${feed.name}": ${outcome.articles.length} new item(s).`, { feed: feed.id });
  }
}

/** Runs `fn` over items with at most `limit` at once; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
