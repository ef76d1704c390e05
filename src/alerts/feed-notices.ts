// Admin notices about feed health: ONE warning when a feed has failed N polls in a row (pollFeed sets
// `warn` once per failure streak), and ONE recovery notice when it works again after that warning.
// Notices go through the outbox like alerts, to each connected platform's default channel.
import { noticeSubjectOf, type NoticePayload, type NewOutboxEntry } from '../domain/delivery.ts';
import { withoutCodes } from '../domain/errors.ts';
import type { OutboxStore } from '../store/ports.ts';
import type { ConnectedSink } from './active-routes.ts';
import { destinationKey, type Route } from './route.ts';

/** The feed fields a notice names (structurally the pipeline's FeedSource). */
export interface NoticeFeed {
  id: string;
  name: string;
  url: string;
}

/** What the first good poll after a warning reports (pollFeed's `recovered`). */
export interface NoticeRecovery {
  failures: number;
  lastError: string | null;
  warnedAt: string;
}

export interface FeedNoticeDeps {
  store: Pick<OutboxStore, 'enqueue'>;
  /** Destination keys that receive admin notices ("slack:C0123", "discord:9876", "console"). */
  destinations: () => readonly string[];
  now: () => Date;
}

/**
 * Where admin notices go: each connected chat platform's default channel, or, when it has none, the
 * first channel a route sends that platform's alerts to. The console only when no chat platform can
 * take them (it would otherwise repeat what the log already says).
 */
export function noticeDestinations(connected: readonly ConnectedSink[], routes: readonly Route[] = []): string[] {
  const keys: string[] = [];
  for (const sink of connected) {
    if (!sink.needsChannel) continue;
    const channel = sink.defaultChannel ?? routes.find((r) => r.sink === sink.name && r.channel)?.channel ?? null;
    if (channel) keys.push(destinationKey({ sink: sink.name, channel }));
  }
  if (keys.length === 0 && connected.some((s) => !s.needsChannel)) {
    const consoleSink = connected.find((s) => !s.needsChannel);
    if (consoleSink) keys.push(consoleSink.name);
  }
  return [...new Set(keys)];
}

const howToFix = (feed: NoticeFeed): NonNullable<NoticePayload['fix']> => ({
  chat: `To fix it: check the URL with /breach feed test ${feed.url} , or remove it with /breach feed remove ${feed.id} .`,
  console:
    `To fix it: check the URL with breachwatch feed test ${feed.url} , or correct or remove feed ${feed.id} ` +
    'in the config file (config/breachwatch.yaml) and restart.',
});

export function failingNotice(feed: NoticeFeed, error: string, failures?: number): NoticePayload {
  const times = failures === undefined ? 'several times' : `${failures} times`;
  return {
    kind: 'notice',
    topic: 'feed_failing',
    feedId: feed.id,
    title: `Feed "${feed.name}" keeps failing`,
    text: [
      `Feed ${feed.id} (${feed.url}) has failed ${times} in a row. Last error: ${withoutCodes(error)}`,
      'breachwatch keeps retrying with growing back-off and keeps what it has already seen; this is the only warning until the feed works again.',
    ].join('\n'),
    fix: howToFix(feed),
  };
}

export function recoveredNotice(feed: NoticeFeed, recovery: NoticeRecovery): NoticePayload {
  return {
    kind: 'notice',
    topic: 'feed_recovered',
    feedId: feed.id,
    title: `Feed "${feed.name}" works again`,
    text: `Feed ${feed.id} (${feed.url}) was read successfully after ${recovery.failures} failed poll(s) (warned at ${recovery.warnedAt}). Nothing to do.`,
  };
}

/** Enqueues one notice per destination (feed notices here; the outbox's own in outbox-give-up.ts). */
export async function enqueueNotice(notice: NoticePayload, deps: FeedNoticeDeps): Promise<number> {
  const entries: NewOutboxEntry[] = deps.destinations().map((destination) => ({
    incidentId: noticeSubjectOf(notice),
    destination,
    kind: 'notice',
    payload: notice,
  }));
  if (entries.length > 0) await deps.store.enqueue(entries, deps.now().toISOString());
  return entries.length;
}

/**
 * Enqueues one "feed keeps failing" notice per notice destination. Call it when pollFeed returns
 * `warn: true` (once per failure streak). Returns how many notices were enqueued.
 */
export function warnAdmins(feed: NoticeFeed, error: string, deps: FeedNoticeDeps, failures?: number): Promise<number> {
  return enqueueNotice(failingNotice(feed, error, failures), deps);
}

/** Enqueues one "feed works again" notice per destination. Call it when pollFeed returns `recovered`. */
export function tellAdminsRecovered(feed: NoticeFeed, recovery: NoticeRecovery, deps: FeedNoticeDeps): Promise<number> {
  return enqueueNotice(recoveredNotice(feed, recovery), deps);
}
