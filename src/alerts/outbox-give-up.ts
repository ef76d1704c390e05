// When the outbox stops trying: rows for a destination that has failed for days are ended (status
// 'failed', one log line), and the people who run breachwatch are told once, on the other platforms,
// which destination fails and what to check. See docs/adr/006-outbox.md.
import { noticeSubjectOf, type NoticePayload, type OutboxEntry } from '../domain/delivery.ts';
import { withoutCodes } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { OutboxStore } from '../store/ports.ts';
import { enqueueNotice } from './feed-notices.ts';
import { parseDestinationKey } from './route.ts';

/** Rows still failing this long after they were queued are given up on. */
export const OUTBOX_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const MAX_AGE_TEXT = '3 days';

export interface GiveUpDeps {
  store: Pick<OutboxStore, 'markFailed' | 'failStale' | 'enqueuedSince' | 'enqueue'>;
  now: () => Date;
  log: Logger;
  /** Where admin notices go (noticeDestinations in feed-notices.ts); those on the failing platform are skipped. */
  noticeDestinations?: (() => readonly string[]) | undefined;
}

const hint = (sink: string): string =>
  sink === 'slack' || sink === 'discord'
    ? `check the ${sink} token, that the bot is still in the channel, and the platform's status page`
    : `check that the ${sink} connection is configured`;

export function destinationFailingNotice(destination: string, error: string): NoticePayload {
  const { sink } = parseDestinationKey(destination);
  return {
    kind: 'notice',
    topic: 'destination_failing',
    destination,
    title: `Messages to ${destination} keep failing`,
    text: [
      `breachwatch could not deliver to ${destination} for ${MAX_AGE_TEXT} and gave up on the messages queued for it ` +
        `that long. Last error: ${withoutCodes(error)}`,
      'Newer messages are still retried.',
    ].join('\n'),
    fix: {
      chat: `To fix it: ${hint(sink)}; or remove the route (/breach route list, then /breach route remove <route id>).`,
      console: `To fix it: ${hint(sink)}; or remove the destination from the config file (config/breachwatch.yaml) and restart.`,
    },
  };
}

/**
 * Called after a send to the entry's destination failed (or could not be tried). When the entry is
 * older than OUTBOX_MAX_AGE_MS and had failed before (`failedBefore`), ends it and every pending entry
 * for the destination as old, logs it, and tells admins once per OUTBOX_MAX_AGE_MS. True when it gave up.
 */
export async function giveUpIfStale(entry: OutboxEntry, error: string, failedBefore: boolean, deps: GiveUpDeps): Promise<boolean> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - OUTBOX_MAX_AGE_MS).toISOString();
  if (!failedBefore || entry.createdAt >= cutoff) return false;
  const reason = `gave up after ${MAX_AGE_TEXT} of failures at ${entry.destination}: ${error}`;
  await deps.store.markFailed(entry.id, reason);
  const others = await deps.store.failStale(entry.destination, cutoff, reason);
  deps.log.error(
    'outbox:gave-up',
    `Gave up on ${others + 1} message(s) queued more than ${MAX_AGE_TEXT} ago for ${entry.destination}, which keeps failing: ${error}. ` +
      `Newer messages are still retried; ${hint(parseDestinationKey(entry.destination).sink)}.`,
    { destination: entry.destination },
  );
  await tellAdmins(entry.destination, error, cutoff, deps);
  return true;
}

async function tellAdmins(destination: string, error: string, since: string, deps: GiveUpDeps): Promise<void> {
  const notice = destinationFailingNotice(destination, error);
  if (await deps.store.enqueuedSince(noticeSubjectOf(notice), since)) return;
  const { sink } = parseDestinationKey(destination);
  const elsewhere = (deps.noticeDestinations?.() ?? []).filter((d) => parseDestinationKey(d).sink !== sink);
  if (elsewhere.length === 0) {
    deps.log.warn('outbox:no-admin-channel', `No other platform can take a notice that ${destination} keeps failing; only this log says so.`);
    return;
  }
  await enqueueNotice(notice, { store: deps.store, destinations: () => elsewhere, now: deps.now });
}
