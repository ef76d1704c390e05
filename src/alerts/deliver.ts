// The outbox drain: every alert is recorded before it is sent and marked after, so a restart sends
// what was not sent and nothing that was. Rate limits reschedule; bad payloads are recorded and skipped.
import type { OutboxEntry } from '../domain/delivery.ts';
import { BreachwatchError, ErrorCode, RateLimitedError, describeError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { OutboxStore } from '../store/ports.ts';
import { parseDestinationKey } from './route.ts';
import type { NoticeRequest, Sink } from './sink.ts';

export interface DeliverDeps {
  store: OutboxStore;
  sinks: ReadonlyMap<string, Sink>;
  now: () => Date;
  log: Logger;
  signal: AbortSignal;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  poisoned: number;
  postponed: number;
}

const MAX_BACKOFF_MS = 30 * 60 * 1000;
const WAIT_FOR_PARENT_MS = 60 * 1000;

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

export async function deliverOutbox(deps: DeliverDeps, limit = 100): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, poisoned: 0, postponed: 0 };
  const now = deps.now();
  // A retry time further ahead than the longest delay we set was set by a clock that has gone back.
  const due = await deps.store.dueOutbox(now.toISOString(), limit, later(now, MAX_BACKOFF_MS));
  const blocked = new Set<string>();
  for (const entry of due) {
    if (deps.signal.aborted) break;
    if (blocked.has(entry.destination)) continue;
    const outcome = await deliverOne(entry, deps);
    report[outcome] += 1;
    // A rate-limited or failing destination gets no more sends this cycle: order is kept.
    if (outcome === 'retried') blocked.add(entry.destination);
  }
  return report;
}

async function deliverOne(entry: OutboxEntry, deps: DeliverDeps): Promise<keyof DeliveryReport> {
  const { sink: sinkName, channel } = parseDestinationKey(entry.destination);
  const sink = deps.sinks.get(sinkName);
  const now = deps.now();
  if (!sink) {
    await deps.store.markRetry(entry.id, `no ${sinkName} connection is configured`, later(now, MAX_BACKOFF_MS));
    deps.log.warn('outbox:no-sink', `Alert for ${entry.destination} is waiting: ${sinkName} is not connected. Set its token or remove the route.`);
    return 'postponed';
  }
  let parentRef: string | null = null;
  if (entry.kind === 'update') {
    parentRef = await deps.store.sentAlertRef(entry.incidentId, entry.destination);
    if (parentRef === null) {
      await deps.store.markRetry(entry.id, 'waiting for the original alert to be sent', later(now, WAIT_FOR_PARENT_MS));
      return 'postponed';
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
    if (error instanceof RateLimitedError) {
      // Capped, so that no retry lies beyond the horizon that dueOutbox treats as a clock gone back.
      await deps.store.markRetry(entry.id, message, later(deps.now(), Math.min(error.retryAfterMs, MAX_BACKOFF_MS)));
      deps.log.warn('outbox:retry', message, { destination: entry.destination });
      return 'retried';
    }
    if (error instanceof BreachwatchError && error.code === ErrorCode.DeliveryRejected) {
      await deps.store.markPoison(entry.id, message);
      deps.log.error('outbox:poison', `${entry.destination} rejected the ${entry.kind} for incident ${entry.incidentId}; skipped: ${message}`);
      return 'poisoned';
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
