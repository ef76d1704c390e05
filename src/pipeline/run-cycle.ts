// One poll cycle: due feeds are fetched (a few at a time), their new items processed in order,
// then the outbox is drained. Only one process runs a cycle at a time (a lease in the store, renewed
// while the cycle runs; see docs/adr/008-poll-lease.md).
import { deliverOutbox, recoverInFlight, type DeliveryReport } from '../alerts/deliver.ts';
import type { Sink } from '../alerts/sink.ts';
import type { FeedState, RetentionPolicy, Store } from '../store/ports.ts';
import { chainedFeedStates } from './feed-state-writes.ts';
import { recordBacklog, SLICE_ITEMS, type BacklogProgress } from './backlog.ts';
import { processArticles, type ProcessDeps } from './process-article.ts';
import type { LeadReading } from './read-lead.ts';
import { pollFeed, type FeedRecovery, type FeedSource, type FetchFeed, type PollOptions, type PollOutcome } from './poll-feed.ts';

export interface CycleDeps extends Omit<ProcessDeps, 'store' | 'leads'> {
  store: Store;
  /** Reads headline-only items' leads, with a page budget per cycle (config `leads:`); none when absent. */
  leads?: LeadReading;
  fetchFeed: FetchFeed;
  sinks: ReadonlyMap<string, Sink>;
  signal: AbortSignal;
  poll: PollOptions & { maxConcurrentFetches: number };
  /** Who runs this cycle, for the lease: unique per running process (lease-owner.ts). */
  owner: string;
  /**
   * Whether the lease's holder is provably dead (killed, crashed: a pid in our own host and PID
   * namespace that no longer runs): its lease is taken over at once instead of waiting for it to expire.
   */
  isStaleOwner?: (holder: string) => boolean;
  /** What the store forgets, pruned at the end of a cycle at most hourly (config `retention:`); none when absent. */
  retention?: RetentionPolicy;
  /** Called once when a feed has failed `failureWarningAfter` times in a row. */
  onFeedWarning?: (feed: FeedSource, error: string) => void | Promise<void>;
  /** Called once when a feed that admins were warned about works again. */
  onFeedRecovered?: (feed: FeedSource, recovery: FeedRecovery) => void | Promise<void>;
  /** Where admin notices go: told when the outbox gives up on a destination (deliver.ts). */
  noticeDestinations?: () => readonly string[];
}

export interface CycleReport {
  ran: boolean;
  polled: number;
  failed: number;
  newArticles: number;
  incidentsCreated: number;
  incidentsUpdated: number;
  delivery: DeliveryReport | null;
  /** Feeds polled for the first time this cycle: their items were kept in the backlog, to be recorded without posting. */
  firstPolls: { feeds: number; items: number };
}

const LEASE = 'poll-cycle';
// Short, and renewed while the cycle runs, so that a process that dies mid-cycle on another host
// blocks the others for a minute at most (a restart of the same instance takes it over at once).
export const LEASE_TTL_MS = 60 * 1000;
const RENEW_EVERY_MS = 15 * 1000;
/**
 * Between feeds the lease is renewed only when its last renewal is older than this (by the wall clock or
 * the monotonic one): a lease renewed so recently, with LEASE_TTL_MS to run, cannot have been taken.
 */
export const RENEW_AT_FEED_AFTER_MS = 5 * 1000;

/**
 * Whether a feed is due: its time has come, or its time lies further ahead than `horizonMs` (longer
 * than any interval or backoff we set), which only a clock that jumped ahead and came back leaves.
 */
export function isDue(nextPollAt: string | null, now: Date, horizonMs = Number.POSITIVE_INFINITY): boolean {
  if (nextPollAt === null) return true;
  const ahead = Date.parse(nextPollAt) - now.getTime();
  return !(ahead > 0 && ahead <= horizonMs); // an unreadable time (NaN) is due too
}

/** The feeds due now, with the state read (pollFeed uses it); warns when the clock went back. */
async function dueFeeds(feeds: readonly FeedSource[], deps: CycleDeps): Promise<Array<{ feed: FeedSource; state: FeedState | null }>> {
  const due: Array<{ feed: FeedSource; state: FeedState | null }> = [];
  const now = deps.now();
  let regressed: { feed: FeedSource; last: string } | null = null;
  for (const feed of feeds) {
    const state = await deps.store.getFeedState(feed.id);
    const last = [state?.lastPolledAt, state?.lastSuccessAt].filter((t) => t != null).sort().at(-1);
    if (last !== undefined && Date.parse(last) > now.getTime()) regressed ??= { feed, last };
    const horizonMs = Math.max(feed.intervalMinutes, deps.poll.maxBackoffMinutes) * 60_000;
    if (isDue(state?.nextPollAt ?? null, now, horizonMs)) due.push({ feed, state });
  }
  if (regressed) {
    deps.log.warn(
      'poll:clock-regression',
      `The clock (${now.toISOString()}) is earlier than the last poll of feed "${regressed.feed.name}" (${regressed.last}): it went back. ` +
        'Feeds scheduled by the wrong time are polled now; check the host\'s time sync (NTP) if this repeats.',
    );
  }
  return due;
}

/** Takes the cycle lease: free, expired, ours, or left behind by a process that provably died. */
export async function acquireCycleLease(deps: Pick<CycleDeps, 'store' | 'owner' | 'isStaleOwner' | 'now' | 'log'>): Promise<boolean> {
  if (await deps.store.tryAcquireLease(LEASE, deps.owner, LEASE_TTL_MS, deps.now().getTime())) return true;
  const holder = await deps.store.leaseHolder(LEASE, deps.now().getTime());
  if (holder === null || holder === deps.owner || !deps.isStaleOwner?.(holder)) return false;
  deps.log.info('poll:lease-taken-over', `The poll lease was held by ${holder}, a process that no longer runs on this host; taking it over.`);
  // Only if it is still that holder's: of several processes doing this at once, one gets the lease.
  await deps.store.releaseLease(LEASE, holder);
  return deps.store.tryAcquireLease(LEASE, deps.owner, LEASE_TTL_MS, deps.now().getTime());
}

export async function runCycle(feeds: readonly FeedSource[], deps: CycleDeps): Promise<CycleReport> {
  const report: CycleReport = { ran: false, polled: 0, failed: 0, newArticles: 0, incidentsCreated: 0, incidentsUpdated: 0, delivery: null,
    firstPolls: { feeds: 0, items: 0 } };
  if (!(await acquireCycleLease(deps))) {
    deps.log.debug('poll:skipped', 'Another breachwatch process is running a cycle; skipping this one.');
    return report;
  }
  report.ran = true;
  let lost = false;
  let renewed = { wall: deps.now().getTime(), monotonic: performance.now() };
  /** `recent`: a renewal within RENEW_AT_FEED_AFTER_MS is enough (between feeds). */
  const renew = async (recent = false): Promise<boolean> => {
    if (lost) return false;
    const wall = deps.now().getTime();
    const monotonic = performance.now();
    const fresh = wall - renewed.wall < RENEW_AT_FEED_AFTER_MS && wall >= renewed.wall && monotonic - renewed.monotonic < RENEW_AT_FEED_AFTER_MS;
    if (recent && fresh) return true;
    lost = !(await deps.store.tryAcquireLease(LEASE, deps.owner, LEASE_TTL_MS, wall));
    renewed = { wall, monotonic };
    if (lost) deps.log.error('poll:lease-lost', 'Another process took the poll lease while this cycle ran (it stalled for over a minute); stopping this cycle.');
    return !lost;
  };
  const heartbeat = setInterval(() => {
    renew().catch((error: unknown) => deps.log.warn('poll:lease-renew', `Could not renew the poll lease: ${String(error)}`));
  }, RENEW_EVERY_MS);
  heartbeat.unref();
  try {
    const due = await dueFeeds(feeds, deps);
    // Each worker writes a feed's outcome with its next feed's start mark (feed-state-writes.ts).
    const writes = Array.from({ length: deps.poll.maxConcurrentFetches }, () => chainedFeedStates(deps.store));
    const outcomes = await mapLimit(
      due,
      deps.poll.maxConcurrentFetches,
      ({ feed, state }, worker) =>
        pollFeed(feed, { store: writes[worker]!.store, fetchFeed: deps.fetchFeed, now: deps.now, signal: deps.signal, options: deps.poll }, state),
      (worker) => writes[worker]!.flush(),
    );
    const leads = deps.leads ? { rule: deps.leads.rule, read: deps.leads.forCycle() } : undefined;
    const offline = offlineKind(outcomes);
    if (offline) logOffline(offline, outcomes.length, deps);
    for (const [index, outcome] of outcomes.entries()) {
      const { feed } = due[index]!;
      if (!(await renew(true))) return report;
      report.polled += 1;
      logPoll(feed, outcome, deps, offline !== null);
      if (outcome.kind === 'failed') {
        report.failed += 1;
        // Offline, no feed is to blame: no per-feed warning, and the feed can still warn once it is back.
        if (outcome.warn && offline) await deps.store.saveFeedState({ ...(await deps.store.getFeedState(feed.id))!, warnedAt: null });
        // Awaited, so the notice is queued before this cycle's drain.
        else if (outcome.warn) await deps.onFeedWarning?.(feed, outcome.error);
        continue;
      }
      if (outcome.recovered) await deps.onFeedRecovered?.(feed, outcome.recovered);
      if (outcome.kind === 'first_poll') {
        report.firstPolls.feeds += 1;
        report.firstPolls.items += outcome.items;
      }
      if (outcome.kind !== 'new_items') continue;
      // The feed's new items are written in one transaction, once each is decided (process-article.ts), with
      // the feed's validators: a conditional GET after a crash mid-feed must not answer 304 for items that
      // were never processed.
      const stop = (): boolean => deps.signal.aborted || lost;
      const results = await processArticles(outcome.articles, { ...deps, store: deps.store, leads }, false, stop, { states: [outcome.commit] });
      if (results === null) return report;
      for (const result of results) {
        report.newArticles += 1;
        if (result.kind === 'incident') {
          if (result.change.created) report.incidentsCreated += 1;
          else report.incidentsUpdated += 1;
        }
      }
    }
    if (report.firstPolls.feeds > 0) logFirstPolls(report.firstPolls, deps);
    if (!deps.signal.aborted && (await renew())) {
      const { store, sinks, now, log, signal, noticeDestinations } = deps;
      const deliver = { store, sinks, now, log, signal, noticeDestinations };
      // Under the lease, an entry left 'sending' belongs to a process that died mid-send.
      await recoverInFlight(deliver);
      report.delivery = await deliverOutbox(deliver);
    }
    if (deps.retention && !deps.signal.aborted && (await renew())) await prune(deps.retention, deps);
    return report;
  } finally {
    clearInterval(heartbeat);
    if (!lost) await deps.store.releaseLease(LEASE, deps.owner);
  }
}

/** Records the whole backlog slice by slice, as the scheduler does between polls (the demo, the bench, tests). */
export async function recordWholeBacklog(feeds: readonly FeedSource[], deps: CycleDeps): Promise<BacklogProgress> {
  const total: BacklogProgress = { items: 0, incidents: 0, more: true };
  while (total.more) {
    const slice = await runBacklogSlice(feeds, deps);
    if (!slice.ran) break;
    total.items += slice.items;
    total.incidents += slice.incidents;
    total.more = slice.more;
  }
  return total;
}

/** Retention runs at most this often (its limits are days): a run that finds nothing still costs a transaction per feed. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * One bounded pruning run when one is due: once an hour, and every cycle while a backlog (an old store, a
 * churning feed) is worked off. A next run set further ahead than the hour (a clock that went back) is due.
 */
async function prune(policy: RetentionPolicy, deps: CycleDeps): Promise<void> {
  const schedule = deps.store.keyv<string>('retention');
  const now = deps.now();
  if (!isDue((await schedule.get('next-run')) ?? null, now, PRUNE_EVERY_MS)) return;
  const pruned = await deps.store.prune(policy, now.toISOString());
  if (!pruned.more) await schedule.set('next-run', new Date(now.getTime() + PRUNE_EVERY_MS).toISOString());
  const total = pruned.seenItems + pruned.outboxDeleted + pruned.outboxCompacted + pruned.articles;
  if (total === 0) return;
  deps.log.info(
    'store:pruned',
    `Retention: forgot ${pruned.seenItems} seen item(s) and ${pruned.articles} article(s) with no incident, ` +
      `deleted ${pruned.outboxDeleted} finished outbox row(s) and compacted ${pruned.outboxCompacted} sent alert(s)` +
      `${pruned.more ? '; more is left for the next cycles (raise retention.maxRowsPerRun to go faster)' : ''}.`,
    { ...pruned },
  );
}

/** 'dns' or 'network' when every feed polled (two or more) failed that same way below HTTP, else null. */
export function offlineKind(outcomes: readonly PollOutcome[]): 'dns' | 'network' | null {
  const first = outcomes[0];
  if (outcomes.length < 2 || first?.kind !== 'failed' || first.network === null) return null;
  return outcomes.every((o) => o.kind === 'failed' && o.network === first.network) ? first.network : null;
}

function logOffline(kind: 'dns' | 'network', feeds: number, deps: Pick<CycleDeps, 'log'>): void {
  const what = kind === 'dns' ? 'no feed\'s host name resolves: DNS is not answering' : 'no feed\'s site can be reached: the network is down';
  deps.log.warn(
    'poll:offline',
    `All ${feeds} feeds failed the same way (${what}), so this machine is probably offline, not the feeds wrong. ` +
      'Check its network connection, DNS and proxy; breachwatch retries with back-off and catches up when it is back.',
    { feeds, kind },
  );
}

function logPoll(feed: FeedSource, outcome: PollOutcome, deps: Pick<CycleDeps, 'log'>, offline: boolean): void {
  switch (outcome.kind) {
    case 'failed':
      if (offline) {
        deps.log.debug('poll:error', `Feed "${feed.name}" failed: ${outcome.error}`, { feed: feed.id, nextTry: outcome.nextPollAt });
        return;
      }
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
    case 'first_poll':
      deps.log.debug('poll:first', `Feed "${feed.name}": first poll, ${outcome.items} item(s) kept to record without posting.`, { feed: feed.id });
      return;
    case 'new_items':
      deps.log.info('poll:done', `Feed "${feed.name}": ${outcome.articles.length} new item(s).`, { feed: feed.id });
  }
}

/** One line for what the feeds' first polls found: nothing is posted for them, but it is all recorded between polls. */
function logFirstPolls(found: CycleReport['firstPolls'], deps: Pick<CycleDeps, 'log'>): void {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  deps.log.info(
    'poll:first',
    `First poll: ${plural(found.feeds, 'feed')}, ${plural(found.items, 'past item')} kept to be recorded without posting, between polls ` +
      '(`breachwatch recent`, `search` and `stats` fill in within minutes). New stories are posted from the next poll on.',
    { ...found },
  );
}

/** What runBacklogSlice did: whether it held the lease, and the worker's progress. */
export interface BacklogSliceReport extends BacklogProgress {
  ran: boolean;
  /** Feeds no longer polled whose waiting rows were dropped. */
  dropped: string[];
}

/**
 * One bounded slice of the backlog (about `maxItems` rows) between cycles, under the poll lease: rows of feeds
 * no longer in `feeds` are dropped first (store.dropBacklog: the feed starts over if it comes back).
 */
export async function runBacklogSlice(feeds: readonly FeedSource[], deps: CycleDeps, maxItems = SLICE_ITEMS): Promise<BacklogSliceReport> {
  const report: BacklogSliceReport = { ran: false, items: 0, incidents: 0, more: true, dropped: [] };
  if (deps.signal.aborted || !(await acquireCycleLease(deps))) return report;
  report.ran = true;
  try {
    const polled = new Set(feeds.map((f) => f.id));
    for (const feedId of (await deps.store.backlogFeeds()).filter((id) => !polled.has(id))) {
      const rows = await deps.store.dropBacklog(feedId);
      report.dropped.push(feedId);
      deps.log.info(
        'backlog:dropped',
        `Feed ${feedId} is no longer polled: dropped the ${rows} past item(s) of its first poll that were waiting; ` +
          'if it comes back, its next poll is a first poll again.',
        { feed: feedId, items: rows },
      );
    }
    // The lease is not renewed within a slice: it is much shorter than the lease.
    return { ...report, ...(await recordBacklog(deps, { maxItems, stop: () => deps.signal.aborted })) };
  } finally {
    await deps.store.releaseLease(LEASE, deps.owner);
  }
}

/**
 * Runs `fn` over items with at most `limit` at once; results keep the items' order. `fn` is told which of
 * the `limit` workers runs it (each takes items one at a time); `done` is called as each worker runs out.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, worker: number) => Promise<R>,
  done?: (worker: number) => Promise<void>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (_: unknown, id: number): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, id);
    }
    await done?.(id);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
