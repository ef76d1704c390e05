// An in-memory OutboxStore for tests of notices: the SQLite outbox's CHECK (kind IN ('alert','update'))
// needs migration 005 (see the report) before it stores kind 'notice'.
import type { NewOutboxEntry, OutboxEntry } from '../../src/domain/delivery.ts';
import type { OutboxStore } from '../../src/store/ports.ts';

export interface MemoryOutbox extends OutboxStore {
  entries: OutboxEntry[];
}

export function createMemoryOutbox(): MemoryOutbox {
  const entries: OutboxEntry[] = [];
  const find = (id: number): OutboxEntry => {
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw new Error(`no outbox entry ${id}`);
    return entry;
  };
  return {
    entries,
    async dueOutbox(now, limit, horizon) {
      const due = (at: number): boolean => at <= Date.parse(now) || (horizon !== undefined && at > Date.parse(horizon));
      return entries.filter((e) => e.status === 'pending' && due(Date.parse(e.nextAttemptAt))).slice(0, limit).map((e) => ({ ...e }));
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
    async sentAlertRef(incidentId, destination) {
      return entries.find((e) => e.incidentId === incidentId && e.destination === destination && e.kind === 'alert' && e.status === 'sent')?.messageRef ?? null;
    },
  };
}
