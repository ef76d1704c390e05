// An in-memory OutboxStore for tests of notices, with the SQLite outbox's rules (store-contract.ts):
// due entries per destination, updates waiting for their alert left out, orphan updates returned.
import type { NewOutboxEntry, OutboxEntry } from '../../src/domain/delivery.ts';
import type { OutboxStore } from '../../src/store/ports.ts';

export interface MemoryOutbox extends OutboxStore {
  entries: OutboxEntry[];
}

const LIVE = new Set(['pending', 'sending', 'sent']);

export function createMemoryOutbox(): MemoryOutbox {
  const entries: OutboxEntry[] = [];
  const find = (id: number): OutboxEntry => {
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw new Error(`no outbox entry ${id}`);
    return entry;
  };
  const alertOf = (e: Pick<OutboxEntry, 'incidentId' | 'destination'>): OutboxEntry | undefined =>
    entries.findLast((a) => a.incidentId === e.incidentId && a.destination === e.destination && a.kind === 'alert' && LIVE.has(a.status));
  const readiness = (e: OutboxEntry): 'ready' | 'waiting' | 'orphan' => {
    if (e.kind !== 'update') return 'ready';
    const alert = alertOf(e);
    return alert === undefined ? 'orphan' : alert.status === 'sent' ? 'ready' : 'waiting';
  };
  return {
    entries,
    async dueOutbox(now, limitPerDestination, horizon) {
      const isDue = (at: number): boolean => at <= Date.parse(now) || (horizon !== undefined && at > Date.parse(horizon));
      const counted = new Map<string, number>();
      const due: OutboxEntry[] = [];
      for (const e of entries) {
        if (e.status !== 'pending' || !isDue(Date.parse(e.nextAttemptAt))) continue;
        const state = readiness(e);
        if (state === 'waiting') continue;
        if (state === 'ready') {
          const n = counted.get(e.destination) ?? 0;
          if (n >= limitPerDestination) continue;
          counted.set(e.destination, n + 1);
        }
        due.push({ ...e });
      }
      return due;
    },
    async inFlightOutbox() {
      return entries.filter((e) => e.status === 'sending').map((e) => ({ ...e }));
    },
    async enqueue(news: readonly NewOutboxEntry[], now) {
      for (const entry of news) {
        entries.push({ ...entry, id: entries.length + 1, status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, messageRef: null, createdAt: now });
      }
    },
    async markSending(id) {
      const entry = find(id);
      entry.status = 'sending';
      entry.attempts += 1;
    },
    async markSent(id, messageRef) {
      Object.assign(find(id), { status: 'sent', messageRef });
    },
    async markRetry(id, error, nextAttemptAt) {
      Object.assign(find(id), { status: 'pending', lastError: error, nextAttemptAt });
    },
    async markPoison(id, error) {
      Object.assign(find(id), { status: 'poison', lastError: error });
    },
    async markFailed(id, error) {
      Object.assign(find(id), { status: 'failed', lastError: error });
    },
    async failStale(destination, createdBefore, error) {
      const stale = entries.filter((e) => e.destination === destination && e.status === 'pending' && Date.parse(e.createdAt) < Date.parse(createdBefore));
      for (const e of stale) Object.assign(e, { status: 'failed', lastError: error });
      return stale.length;
    },
    async retryNow(sink, now) {
      const waiting = entries.filter(
        (e) => e.status === 'pending' && Date.parse(e.nextAttemptAt) > Date.parse(now) && (e.destination === sink || e.destination.startsWith(`${sink}:`)),
      );
      for (const e of waiting) e.nextAttemptAt = now;
      return waiting.length;
    },
    async sentAlertRef(incidentId, destination) {
      return entries.findLast((e) => e.incidentId === incidentId && e.destination === destination && e.kind === 'alert' && e.status === 'sent')?.messageRef ?? null;
    },
    async alertDestinations(incidentId) {
      return [...new Set(entries.filter((e) => e.incidentId === incidentId && e.kind === 'alert' && LIVE.has(e.status)).map((e) => e.destination))].sort();
    },
    async enqueuedSince(incidentId, since) {
      return entries.some((e) => e.incidentId === incidentId && Date.parse(e.createdAt) >= Date.parse(since));
    },
  };
}
