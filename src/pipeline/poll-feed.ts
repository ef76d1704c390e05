// One feed's poll: fetch, work out which items are new, guard against floods, keep the feed's state.
import { describeError } from '../domain/errors.ts';
import { networkFailure } from '../sources/http-get.ts';
import { backlogFingerprints } from '../domain/backlog.ts';
import { seenKeys, wasSeen } from '../domain/item-key.ts';
import type { FeedItems } from '../domain/normalise.ts';
import type { Article } from '../domain/types.ts';
import type { KindChoice } from '../sources/source-kinds.ts';
import { SEEN_REFRESH_MS, type BacklogStore, type FeedState, type FeedStateStore, type SeenStore } from '../store/ports.ts';
import { compareText } from '../domain/text-order.ts';

export interface FeedSource {
  id: string;
  name: string;
  url: string;
  intervalMinutes: number;
  /** Which source kind reads it (src/sources/source-kinds.ts); absent means `auto`. */
  kind?: KindChoice;
}

export type FetchResult =
  | { kind: 'not_modified' }
  | { kind: 'ok'; items: FeedItems; etag: string | null; lastModified: string | null; feedTitle: string | null };

export type FetchFeed = (
  feed: FeedSource,
  validators: { etag: string | null; lastModified: string | null } | null,
  signal: AbortSignal,
) => Promise<FetchResult>;

export interface PollOptions {
  /** More new items than this in one poll of a known feed: record silently (identity drift or a flood). */
  maxNewItemsPerPoll: number;
  failureWarningAfter: number;
  maxBackoffMinutes: number;
}

/** A feed that works again after admins were warned about it: reported once, on the first good poll. */
export interface FeedRecovery {
  /** How many polls in a row had failed. */
  failures: number;
  /** The last failure, as it was logged. */
  lastError: string | null;
  /** When admins were warned. */
  warnedAt: string;
}

/** `recovered` is present (once) on the first successful poll after a warning. */
type Recovered = { recovered?: FeedRecovery };

export type PollOutcome =
  /** `commit`: the feed's state with its new validators, to save once the articles are stored. */
  | ({ kind: 'new_items'; articles: Article[]; commit: FeedState } & Recovered)
  /** The feed's first poll: `items` kept in the backlog, to be recorded (never posted) between polls. */
  | ({ kind: 'first_poll'; items: number } & Recovered)
  | ({ kind: 'recorded_silently'; count: number; reason: string } & Recovered)
  | ({ kind: 'not_modified' } & Recovered)
  /** `network`: the fetch failed below HTTP (sources/http-get.ts networkFailure), else null. */
  | { kind: 'failed'; error: string; nextPollAt: string; warn: boolean; network: 'dns' | 'network' | null };

export function emptyFeedState(feedId: string): FeedState {
  return {
    feedId,
    etag: null,
    lastModified: null,
    initialised: false,
    lastPolledAt: null,
    lastSuccessAt: null,
    nextPollAt: null,
    consecutiveFailures: 0,
    lastError: null,
    warnedAt: null,
  };
}

/** The error a poll carries while it runs: what a restart finds if the process died in the middle. */
export const UNFINISHED_POLL =
  'the last poll of this feed did not finish (the process stopped or hung while fetching or reading it); it counts as a failure and is retried with back-off';

const addMinutes = (now: Date, minutes: number): string => new Date(now.getTime() + minutes * 60_000).toISOString();

/** Exponential backoff after consecutive failures: the feed's interval, then 2×, 4× … capped. */
export function backoffMinutes(intervalMinutes: number, failures: number, maxMinutes: number): number {
  return Math.min(maxMinutes, intervalMinutes * 2 ** Math.min(Math.max(failures - 1, 0), 20));
}

/** What a poll reads and writes. */
export type PollStore = FeedStateStore & SeenStore & Pick<BacklogStore, 'queueBacklog' | 'backlogSlice'>;

/**
 * Polls a feed and returns its new items, oldest first. Seen-state is written only for items that
 * are recorded silently here; items returned as new are marked seen when they are processed.
 * `known`: the feed's state as the caller just read it under the poll lease (else it is read here).
 */
export async function pollFeed(
  feed: FeedSource,
  deps: { store: PollStore; fetchFeed: FetchFeed; now: () => Date; signal: AbortSignal; options: PollOptions },
  known?: FeedState | null,
): Promise<PollOutcome> {
  const state = (known === undefined ? await deps.store.getFeedState(feed.id) : known) ?? emptyFeedState(feed.id);
  const now = deps.now();
  const failures = state.consecutiveFailures + 1;
  const nextPollAt = addMinutes(now, backoffMinutes(feed.intervalMinutes, failures, deps.options.maxBackoffMinutes));
  const failed = (error: string, warn: boolean): FeedState => ({
    ...state,
    lastPolledAt: now.toISOString(),
    nextPollAt,
    consecutiveFailures: failures,
    lastError: error,
    warnedAt: warn ? now.toISOString() : state.warnedAt,
  });
  // Counted as a failure until it ends: if fetching or reading this feed hangs or kills the process,
  // the restart finds a failed poll backing off, not a feed to fetch again at once (issue 16 point 1).
  await deps.store.saveFeedState(failed(UNFINISHED_POLL, false));
  let result: FetchResult;
  try {
    result = await deps.fetchFeed(feed, state.initialised ? { etag: state.etag, lastModified: state.lastModified } : null, deps.signal);
  } catch (error) {
    const warn = failures >= deps.options.failureWarningAfter && state.warnedAt === null;
    await deps.store.saveFeedState(failed(describeError(error), warn));
    return { kind: 'failed', error: describeError(error), nextPollAt, warn, network: networkFailure(error) };
  }
  const recovered: Recovered =
    state.warnedAt !== null ? { recovered: { failures: state.consecutiveFailures, lastError: state.lastError, warnedAt: state.warnedAt } } : {};
  const success: FeedState = {
    ...state,
    lastPolledAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    nextPollAt: addMinutes(now, feed.intervalMinutes),
    consecutiveFailures: 0,
    lastError: null,
    warnedAt: null,
  };
  if (result.kind === 'not_modified') {
    await deps.store.saveFeedState(success);
    return { kind: 'not_modified', ...recovered };
  }
  const withValidators: FeedState = { ...success, etag: result.etag, lastModified: result.lastModified, initialised: true };
  const staleBefore = new Date(now.getTime() - SEEN_REFRESH_MS).toISOString();
  if (!state.initialised) {
    // A first poll keeps its items to be recorded later, between polls (docs/adr/024-first-poll-backlog.md):
    // past stories, never posted, and none of them read now. ONE backlog row with the feed's state, in one
    // transaction (ADR 028), so a crash leaves all of it or none (the poll is then done again). Its keys count as
    // seen while the row waits, and are marked seen as its items are recorded.
    const seen = await deps.store.filterSeen(feed.id, result.items.keys);
    const backlog = result.items.backlog((key) => !seen.has(key));
    await deps.store.queueBacklog({ feedId: feed.id, items: backlog, at: now.toISOString(), states: [withValidators] });
    return { kind: 'first_poll', items: backlog.length, ...recovered };
  }
  // Seen by key first, from the items' heads: only the others are normalised (their text read), and then
  // checked by content fingerprint too, as a story whose GUID and link change on every poll is not new.
  const marked = await deps.store.filterSeen(feed.id, result.items.keys);
  // Still listed: retention counts a key's age from when it was last fetched, not first seen.
  await deps.store.touchSeen(feed.id, [...marked], now.toISOString(), staleBefore);
  // Items of the feed's first poll still waiting in the backlog are seen: by key, and by content fingerprint, so
  // that a past item under a new GUID is not new (ADR 028; the rows are read only when keys are not marked).
  const waiting = result.items.keys.some((key) => !marked.has(key)) ? await deps.store.backlogSlice(Number.MAX_SAFE_INTEGER, feed.id) : [];
  const waitingKeys = new Set(waiting.map((row) => row.key));
  const unseen = await result.items.articles((key) => !marked.has(key) && !waitingKeys.has(key));
  const seenByText = await deps.store.filterSeen(feed.id, unseen.flatMap((a) => (a.fingerprint === undefined ? [] : [a.fingerprint])));
  await deps.store.touchSeen(feed.id, [...seenByText], now.toISOString(), staleBefore);
  const waitingText = unseen.length > 0 && waiting.length > 0 ? backlogFingerprints(waiting) : new Set<string>();
  const fresh = unseen.filter((a) => !wasSeen(a, seenByText) && (a.fingerprint === undefined || !waitingText.has(a.fingerprint)));
  const total = result.items.keys.length;

  // A known feed's sudden flood is only marked seen.
  const silentReason = floodReason(fresh.length, total, deps.options.maxNewItemsPerPoll);
  if (silentReason !== null) {
    await deps.store.markSeen(feed.id, fresh.flatMap(seenKeys), now.toISOString());
    await deps.store.saveFeedState(withValidators);
    return { kind: 'recorded_silently', count: fresh.length, reason: silentReason, ...recovered };
  }
  fresh.sort((a, b) => compareText(a.published ?? a.fetchedAt, b.published ?? b.fetchedAt));
  // Timing now (so no other poller fetches it again this interval), validators only after the items
  // are stored (commit): a crash in between must not turn the next fetch into a 304 that hides them.
  await deps.store.saveFeedState({ ...withValidators, etag: state.etag, lastModified: state.lastModified });
  return { kind: 'new_items', articles: fresh, commit: withValidators, ...recovered };
}

/** Why a known feed's batch of new items looks like a flood, or null when it looks normal. */
export function floodReason(newCount: number, total: number, maxNew: number): string | null {
  if (newCount > maxNew) {
    return `${newCount} items look new at once (more than ${maxNew}): recorded without alerting, as the feed's item ids probably changed`;
  }
  if (total >= 10 && newCount / total >= 0.9) {
    return `${newCount} of ${total} items look new at once: recorded without alerting, as the feed's item ids probably changed`;
  }
  return null;
}
