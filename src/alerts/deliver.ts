// The outbox drain: every alert is recorded before it is sent and marked after, so a restart sends
// what was not sent and nothing that was. Rate limits reschedule; bad payloads are recorded and skipped;
// each destination drains on its own, and rows failing for days are given up on (outbox-give-up.ts).
import type { OutboxEntry } from '../domain/delivery.ts';
import { BreachwatchError, ErrorCode, RateLimitedError, describeError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { OutboxStore } from '../store/ports.ts';
import { giveUpIfStale } from './outbox-give-up.ts';
import { parseDestinationKey } from './route.ts';
import type { NoticeRequest, Sink } from './sink.ts';

export interface DeliverDeps {
  store: OutboxStore;
  sinks: ReadonlyMap<string, Sink>;
  now: () => Date;
  log: Logger;
  signal: AbortSignal;
  /** Where admin notices go: told when the outbox gives up on a destination (feed-notices.ts). */
  noticeDestinations?: (() => readonly string[]) | undefined;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  poisoned: number;
  postponed: number;
  /** Given up on: updates with no alert to update, rows failing for longer than OUTBOX_MAX_AGE_MS. */
  failed: number;
}

export { OUTBOX_MAX_AGE_MS } from './outbox-give-up.ts';

const MAX_BACKOFF_MS = 30 * 60 * 1000;
/** Due rows read per destination and pass; a few passes per drain send updates behind alerts just sent. */
export const DUE_PER_DESTINATION = 20;
const MAX_PASSES = 3;

/** Backoff for transient failures: 30 s, 1 min, 2 min … capped at 30 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

const later = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();

/**
 * Entries left in 'sending' by a process that died mid-send. Sinks that can check (reconcile) say
 * whether the message went out; the rest are sent again.
 */
export async function recoverInFlight(deps: DeliverDeps): Promise<number> {
  const entries = await deps.store.inFlightOutbox();
  for (const entry of entries) {
    const sink = deps.sinks.get(parseDestinationKey(entry.destination).sink);
    const now = deps.now();
    if (sink?.reconcile) {
      const found = await sink.reconcile(entry, deps.signal);
      if (found.delivered) {
        await deps.store.markSent(entry.id, found.messageRef, now.toISOString());
        deps.log.info('outbox:reconciled', `Entry ${entry.id} had been delivered before the restart; not sending it again.`);
        continue;
      }
    }
    await deps.store.markRetry(entry.id, 'interrupted by a restart', now.toISOString());
  }
  return entries.length;
}

export async function deliverOutbox(deps: DeliverDeps, limitPerDestination = DUE_PER_DESTINATION): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, poisoned: 0, postponed: 0, failed: 0 };
  // A rate-limited or failing destination gets no more sends this drain: order is kept.
  const blocked = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES && !deps.signal.aborted; pass += 1) {
    const now = deps.now();
    // A retry time further ahead than the longest delay we set was set by a clock that has gone back.
    const due = await deps.store.dueOutbox(now.toISOString(), limitPerDestination, later(now, MAX_BACKOFF_MS));
    let sent = 0;
    for (const entry of due) {
      if (deps.signal.aborted) break;
      if (blocked.has(entry.destination)) continue;
      const outcome = await deliverOne(entry, deps);
      report[outcome === 'gave_up' ? 'failed' : outcome] += 1;
      if (outcome === 'sent') sent += 1;
      if (outcome === 'retried' || outcome === 'gave_up') blocked.add(entry.destination);
    }
    if (sent === 0) break;
  }
  return report;
}

/** What became of one entry; 'gave_up' ended the destination's old entries too (counted as failed). */
type Outcome = keyof DeliveryReport | 'gave_up';

async function deliverOne(entry: OutboxEntry, deps: DeliverDeps): Promise<Outcome> {
  const { sink: sinkName, channel } = parseDestinationKey(entry.destination);
  const sink = deps.sinks.get(sinkName);
  const now = deps.now();
  if (!sink) {
    const error = `no ${sinkName} connection is configured`;
    if (await giveUpIfStale(entry, error, true, deps)) return 'gave_up';
    await deps.store.markRetry(entry.id, error, later(now, MAX_BACKOFF_MS));
    deps.log.warn('outbox:no-sink', `Alert for ${entry.destination} is waiting: ${sinkName} is not connected. Set its token or remove the route.`);
    return 'postponed';
  }
  let parentRef: string | null = null;
  if (entry.kind === 'update') {
    parentRef = await deps.store.sentAlertRef(entry.incidentId, entry.destination);
    // dueOutbox leaves out updates whose alert is still to be sent: this one has no alert to update.
    if (parentRef === null) {
      await deps.store.markFailed(entry.id, `no alert for incident ${entry.incidentId} was sent to ${entry.destination}`);
      deps.log.warn(
        'outbox:orphan-update',
        `Dropped update ${entry.id}: no alert for incident ${entry.incidentId} was sent to ${entry.destination} ` +
          '(it was rejected, given up on or never queued), so there is nothing to update. Nothing to do: ' +
          'the next report about the incident brings that destination a new alert.',
      );
      return 'failed';
    }
  }
  const { payload } = entry;
  if (payload.kind === 'notice' && !sink.sendNotice) {
    await deps.store.markPoison(entry.id, `the ${sinkName} sink cannot show admin notices`);
    deps.log.warn('outbox:notice-skipped', `The ${sinkName} sink cannot show admin notices; skipped: ${payload.title}.`);
    return 'poisoned';
  }
  // Handed to the sink before (attempts > 0): it may have gone out, and a sink that can check is asked
  // first. recoverInFlight's own check is not enough: a kill after it set the entry back to pending
  // loses what the sink remembered, and a blind resend would post twice.
  if (entry.attempts > 0 && sink.reconcile) {
    const found = await sink.reconcile(entry, deps.signal);
    if (found.delivered) {
      await deps.store.markSent(entry.id, found.messageRef, deps.now().toISOString());
      deps.log.info('outbox:reconciled', `Entry ${entry.id} had been delivered before; not sending it again.`);
      return 'sent';
    }
  }
  await deps.store.markSending(entry.id, now.toISOString());
  try {
    const result =
      payload.kind === 'notice'
        ? await sendNotice(sink, { channel, notice: payload, entryId: entry.id, signal: deps.signal })
        : await sink.send({ channel, payload, parentRef, entryId: entry.id, signal: deps.signal });
    await deps.store.markSent(entry.id, result.messageRef, deps.now().toISOString());
    deps.log.info('outbox:sent', `Sent ${entry.kind} for ${entry.kind === 'notice' ? '' : 'incident '}${entry.incidentId} to ${entry.destination}.`);
    return 'sent';
  } catch (error) {
    const message = describeError(error);
    if (error instanceof BreachwatchError && error.code === ErrorCode.DeliveryRejected) {
      await deps.store.markPoison(entry.id, message);
      deps.log.error('outbox:poison', `${entry.destination} rejected the ${entry.kind} for incident ${entry.incidentId}; skipped: ${message}`);
      return 'poisoned';
    }
    // A transient failure: retried, unless the entry has been failing for longer than OUTBOX_MAX_AGE_MS.
    if (await giveUpIfStale(entry, message, entry.attempts > 0, deps)) return 'gave_up';
    if (error instanceof RateLimitedError) {
      // Capped, so that no retry lies beyond the horizon that dueOutbox treats as a clock gone back.
      await deps.store.markRetry(entry.id, message, later(deps.now(), Math.min(error.retryAfterMs, MAX_BACKOFF_MS)));
      deps.log.warn('outbox:retry', message, { destination: entry.destination });
      return 'retried';
    }
    const next = later(deps.now(), retryDelayMs(entry.attempts + 1));
    await deps.store.markRetry(entry.id, message, next);
    deps.log.warn('outbox:retry', `Could not send to ${entry.destination}; will retry at ${next}: ${message}`);
    return 'retried';
  }
}

function sendNotice(sink: Sink, request: NoticeRequest): Promise<{ messageRef: string | null }> {
  if (!sink.sendNotice) throw new BreachwatchError(ErrorCode.DeliveryRejected, `The ${sink.name} sink cannot show admin notices.`);
  return sink.sendNotice(request);
}
