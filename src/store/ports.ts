// The store's ports: small interfaces the pipeline, outbox and commands depend on.
// SQLite implements them today (sqlite-store.ts); a PostgreSQL store can implement the same.
import type { Keyv } from 'keyv';
import type { BacklogDrain, BacklogItem, BacklogSliceRow, BacklogStatus } from '../domain/backlog.ts';
import type { NewOutboxEntry, OutboxEntry } from '../domain/delivery.ts';
import type { IncidentStats } from '../domain/stats.ts';
import type { Article, Classification, Incident, Sector } from '../domain/types.ts';

/** What the poller remembers about a feed between polls. */
export interface FeedState {
  feedId: string;
  etag: string | null;
  lastModified: string | null;
  /** True once the feed's first successful poll has recorded its items silently. */
  initialised: boolean;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** Set when admins were warned about repeated failures; cleared on the next success. */
  warnedAt: string | null;
}

export interface FeedStateStore {
  getFeedState(feedId: string): Promise<FeedState | null>;
  saveFeedState(state: FeedState): Promise<void>;
  /** Several feeds' states in one transaction (all or none). */
  saveFeedStates(states: readonly FeedState[]): Promise<void>;
}

export interface SeenStore {
  /** Which of these item keys were already seen in this feed. */
  filterSeen(feedId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Record items as seen without alerting (first poll of a feed, flood guard, rejected items). */
  markSeen(feedId: string, keys: readonly string[], at: string): Promise<void>;
  /**
   * These seen keys were fetched again at `at`: their last-seen time becomes `at`, for those last
   * refreshed before `staleBefore` (refreshing every fetch would rewrite a big feed's keys each poll).
   */
  touchSeen(feedId: string, keys: readonly string[], at: string, staleBefore: string): Promise<void>;
}

/** A seen key is refreshed at most this often (SeenStore.touchSeen); retention protects keys seen within twice this of a feed's last fetch. */
export const SEEN_REFRESH_MS = 60 * 60 * 1000;

/** What the store forgets (config `retention:`); a 0 keeps that kind of row for ever. */
export interface RetentionPolicy {
  /** Seen item keys not fetched again for this many days (never those of a feed's last fetch). */
  seenItemDays: number;
  /** At most this many seen keys per feed, the most recently seen (never those of its last fetch). */
  maxSeenItemsPerFeed: number;
  /** Sent, poisoned and sent-update outbox rows older than this; a sent alert keeps its row (not its payload) to thread updates. */
  outboxDays: number;
  /** Articles attached to no incident, fetched longer ago than this. */
  articleDays: number;
  /** At most this many rows of each kind per run: a backlog is worked off over several runs. */
  maxRowsPerRun: number;
}

export interface PruneReport {
  seenItems: number;
  outboxDeleted: number;
  /** Sent alerts whose payload was dropped (their row and message ref stay). */
  outboxCompacted: number;
  articles: number;
  /** A run stopped at maxRowsPerRun: more may be left for the next one. */
  more: boolean;
}

export interface RetentionStore {
  prune(policy: RetentionPolicy, now: string): Promise<PruneReport>;
}

/** Everything one processed article changes, written in one transaction: all of it or none. */
export interface ArticleCommit {
  article: Article;
  classification: Classification;
  /** The incident as it is after this article, when the article is an alert. */
  incident: Incident | null;
  /** Ids of incidents folded into `incident` (their articles move to it; their ids become aliases). */
  absorbed?: readonly string[];
  outbox: NewOutboxEntry[];
}

/** A correction by an admin: incidents rewritten, absorbed or created, and articles moved, in one transaction. */
export interface IncidentCorrection {
  upsert: readonly Incident[];
  absorbed: ReadonlyArray<{ from: string; into: string }>;
  moveArticles: ReadonlyArray<{ feedId: string; itemKey: string; incidentId: string }>;
  outbox: readonly NewOutboxEntry[];
  at: string;
}

/** A feed's processed articles, and items only marked seen, written in one transaction: all of it or none. */
export interface ArticlesCommit {
  articles: readonly ArticleCommit[];
  /** Items only marked seen (the same story already recorded from another feed). */
  seen: ReadonlyArray<{ feedId: string; keys: readonly string[]; at: string }>;
  /** Feed states written with them (a polled feed's validators, once its items are stored). */
  states?: readonly FeedState[];
  /** Backlog rows done with (their articles are among these, or they need none): counted off with them. */
  drained?: readonly BacklogDrain[];
}

/** What a feed's first poll writes, in one transaction (docs/adr/024-first-poll-backlog.md). */
export interface FirstPollCommit {
  feedId: string;
  /**
   * Its items, kept to be recorded later (none posted). Their keys count as seen while they wait (the feed's
   * later polls read them, poll-feed.ts); they are marked seen when recorded (docs/adr/028-first-poll-one-row.md).
   */
  items: readonly BacklogItem[];
  at: string;
  /** Feed states written with them: this feed's (initialised, validators) and any a poller held (feed-state-writes.ts). */
  states: readonly FeedState[];
}

/** The first polls' backlog, worked off between polls (src/pipeline/backlog.ts). */
export interface BacklogStore {
  queueBacklog(commit: FirstPollCommit): Promise<void>;
  /** Up to `limit` rows of the feed queued first (or of `feedId`), in the order queued. */
  backlogSlice(limit: number, feedId?: string): Promise<BacklogSliceRow[]>;
  /** The feeds with rows waiting, the one queued first first. */
  backlogFeeds(): Promise<string[]>;
  backlogStatus(): Promise<BacklogStatus>;
  /**
   * Drops a feed's waiting rows (a feed no longer polled): their items' seen marks go too and the feed's next
   * poll is a first poll again (not initialised, no validators), so nothing is lost if it comes back. Returns
   * how many rows were dropped.
   */
  dropBacklog(feedId: string): Promise<number>;
}

export interface ArticleStore {
  commitArticle(commit: ArticleCommit): Promise<void>;
  commitArticles(commit: ArticlesCommit): Promise<void>;
  /**
   * The first article of another feed with either story key (Article.story, Article.syndication; null
   * matches nothing) published (else fetched) between `from` and `to`, or null: the same story again.
   */
  findStory(query: { story: string | null; syndication: string | null; otherThanFeed: string; from: string; to: string }): Promise<RecordedStory | null>;
  /** Full-text search over stored articles, best first. */
  searchArticles(query: string, limit: number): Promise<ArticleHit[]>;
}

export interface RecordedStory {
  feedId: string;
  /** Its item key in that feed. */
  key: string;
  incidentId: string | null;
}

export interface ArticleHit {
  url: string | null;
  title: string;
  outlet: string | null;
  published: string | null;
  incidentId: string | null;
  snippet: string;
}

export interface IncidentStore {
  /** The incident, following aliases of incidents merged into another. */
  getIncident(id: string): Promise<Incident | null>;
  /** Incidents (open or marked not a breach) whose organisation is one of these, seen since the given ISO time. */
  findIncidents(query: { organisations: readonly string[]; since: string }): Promise<Incident[]>;
  /**
   * Open incidents, most recently seen first, as lists show them: without `evidence` and `history` (most of a
   * long incident's size; getIncident reads one whole).
   */
  recentIncidents(query: { limit: number; sector?: Sector | null; since?: string | null }): Promise<Incident[]>;
  /** Incident ids starting with a prefix, newest first (autocomplete). */
  incidentIdsLike(prefix: string, limit: number): Promise<Array<{ id: string; organisation: string }>>;
  applyCorrection(correction: IncidentCorrection): Promise<void>;
}

export interface OutboxStore {
  /**
   * Due entries (pending, nextAttemptAt <= now), oldest first: at most `limitPerDestination` for each
   * destination, so one destination's backlog never hides another's. An update whose alert at the
   * same destination is still pending or sending is not due (it waits without taking room); one with
   * no alert there at all is always returned and not counted, so the drain can end it. With `horizon`,
   * entries scheduled after it are due too: no retry is set that far ahead, so a clock that went back set it.
   */
  dueOutbox(now: string, limitPerDestination: number, horizon?: string): Promise<OutboxEntry[]>;
  /** Entries left in 'sending' by a process that died mid-send. */
  inFlightOutbox(): Promise<OutboxEntry[]>;
  enqueue(entries: readonly NewOutboxEntry[], now: string): Promise<void>;
  markSending(id: number, at: string): Promise<void>;
  markSent(id: number, messageRef: string | null, at: string): Promise<void>;
  markRetry(id: number, error: string, nextAttemptAt: string): Promise<void>;
  markPoison(id: number, error: string): Promise<void>;
  /** Gives up on a pending or sending entry: it is never tried again. */
  markFailed(id: number, error: string): Promise<void>;
  /** Gives up on every pending entry for a destination enqueued before `createdBefore`; returns how many. */
  failStale(destination: string, createdBefore: string, error: string): Promise<number>;
  /**
   * A platform came back: its pending entries waiting for a later retry (every destination of `sink`,
   * e.g. "slack" for "slack:C1") become due at `now`; returns how many.
   */
  retryNow(sink: string, now: string): Promise<number>;
  /** The message ref of the incident's alert at this destination, once it was sent. */
  sentAlertRef(incidentId: string, destination: string): Promise<string | null>;
  /** Destinations that have the incident's alert: sent, or pending or sending (not poisoned or failed). */
  alertDestinations(incidentId: string): Promise<string[]>;
  /** Whether any entry for this incident id (or notice subject) was enqueued at or after `since`. */
  enqueuedSince(incidentId: string, since: string): Promise<boolean>;
}

/** A feed an admin added from chat. */
export interface StoredFeed {
  id: string;
  name: string;
  url: string;
  intervalMinutes: number | null;
  enabled: boolean;
  addedBy: string;
  addedAt: string;
  /** The source kind `feed add` detected (src/sources/source-kinds.ts); null or absent: detected at each poll. */
  kind?: string | null;
}

/** An alert route an admin added from chat: which channel gets which incidents. */
export interface StoredRoute {
  id: string;
  sink: string;
  channel: string | null;
  filters: { sectors?: Sector[]; regions?: string[]; minAffected?: number; minScore?: number; keywords?: string[] };
  addedBy: string;
  addedAt: string;
  /**
   * The Slack workspace or Discord server of the sink's platform that added it: only admins there see or
   * remove it. Null for routes stored before scopes existed (docs/adr/009-chat-scope.md).
   */
  workspaceId: string | null;
}

export interface RegistryStore {
  listFeeds(): Promise<StoredFeed[]>;
  /** Adds a feed; false when a feed with the same id or URL exists. */
  addFeed(feed: StoredFeed): Promise<boolean>;
  removeFeed(id: string): Promise<boolean>;
  listRoutes(): Promise<StoredRoute[]>;
  addRoute(route: StoredRoute): Promise<void>;
  removeRoute(id: string): Promise<boolean>;
}

export interface StatsStore {
  incidentStats(since: string): Promise<IncidentStats>;
}

/** Short-lived state with expiry (command cooldowns, caches), through keyv. */
export interface KeyValueStore {
  keyv<T = unknown>(namespace: string): Keyv<T>;
}

/** A lease so that only one process polls a feed or drains the outbox at a time. */
export interface LeaseStore {
  tryAcquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  /** Who holds the lease now, or null when it is free or has expired. */
  leaseHolder(name: string, now: number): Promise<string | null>;
}

/** Facts about the store itself. */
export interface StoreMetaStore {
  /** A random id made once per store and kept: it tells this deployment's chat messages from another's. */
  storeId(): Promise<string>;
}

export interface Store
  extends FeedStateStore, SeenStore, ArticleStore, IncidentStore, OutboxStore, LeaseStore, RegistryStore, StatsStore, KeyValueStore,
    StoreMetaStore, RetentionStore, BacklogStore {
  close(): Promise<void>;
}
