// The outbox in SQLite: pending → sending → sent, or back to pending for a retry, or poison, or failed.
import type { DeliveryKind, DeliveryStatus, NewOutboxEntry, OutboxEntry, OutboxPayload } from '../domain/delivery.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { OutboxStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, int, isoTime, json, run, text, textOrNull } from './sqlite-db.ts';

const INSERT_ENTRY = `INSERT INTO outbox (incident_id, destination, kind, payload, status, attempts, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`;

/**
 * Due rows, oldest first. Each update is 'ready' (its alert at the destination was sent), 'waiting'
 * (its alert is pending or sending: left out, so it takes no room) or an 'orphan' (no alert to update:
 * always returned, not counted, so the drain ends it). At most ?2 rows per destination count.
 */
const DUE_ENTRIES = `
  WITH due AS (
    SELECT o.*,
      CASE WHEN o.kind <> 'update' THEN 'ready' ELSE COALESCE(
        (SELECT CASE WHEN a.status = 'sent' THEN 'ready' ELSE 'waiting' END FROM outbox a
         WHERE a.incident_id = o.incident_id AND a.destination = o.destination AND a.kind = 'alert'
           AND a.status IN ('pending', 'sending', 'sent')
         ORDER BY a.id DESC LIMIT 1),
        'orphan') END AS readiness
    FROM outbox o
    WHERE o.status = 'pending' AND (o.next_attempt_at <= ?1 OR o.next_attempt_at > ?3)
  )
  SELECT * FROM (
    SELECT due.*, row_number() OVER (PARTITION BY destination, readiness ORDER BY id) AS rank_in_destination
    FROM due WHERE readiness <> 'waiting'
  )
  WHERE readiness = 'orphan' OR rank_in_destination <= ?2
  ORDER BY id`;

/** Inserts pending entries inside the caller's transaction (shared with commitArticle). */
export function enqueueInTransaction(ctx: SqliteContext, entries: readonly NewOutboxEntry[], now: string): void {
  const insert = ctx.statement(INSERT_ENTRY);
  const at = isoTime(now);
  for (const entry of entries) {
    const payload = JSON.stringify(entry.payload) as string | undefined;
    if (payload === undefined) {
      throw new TypeError(`The outbox payload for incident ${entry.incidentId} is not JSON data.`);
    }
    insert.run(entry.incidentId, entry.destination, entry.kind, payload, at, at);
  }
}

function entryFromRow(row: Row): OutboxEntry {
  return {
    id: int(row, 'id'),
    incidentId: text(row, 'incident_id'),
    destination: text(row, 'destination'),
    kind: text(row, 'kind') as DeliveryKind,
    payload: json<OutboxPayload>(row, 'payload'),
    status: text(row, 'status') as DeliveryStatus,
    attempts: int(row, 'attempts'),
    nextAttemptAt: text(row, 'next_attempt_at'),
    lastError: textOrNull(row, 'last_error'),
    messageRef: textOrNull(row, 'message_ref'),
    createdAt: text(row, 'created_at'),
  };
}

export function createSqliteOutboxStore(ctx: SqliteContext): OutboxStore {
  /** Runs an UPDATE on one entry and says clearly when the entry is missing or in the wrong state. */
  function update(id: number, action: string, sql: string, params: (string | number | null)[]): void {
    const result = ctx.statement(sql).run(...params);
    if (Number(result.changes) === 1) return;
    const row = ctx.statement('SELECT status FROM outbox WHERE id = ?').get(id);
    const reason = row ? `it is '${text(row, 'status')}'` : 'there is no such entry';
    throw new BreachwatchError(
      ErrorCode.StoreFailed,
      `Could not ${action} outbox entry ${id}: ${reason}. Reload the due entries and try again; ` +
        'another process may be draining the same outbox (check the outbox lease).',
    );
  }

  /** Ends an entry for good (marking it again is allowed: a retry of the same step). */
  function setAside(id: number, status: 'poison' | 'failed', error: string): Promise<void> {
    return run(ctx, `mark outbox entry ${id} as ${status}`, () =>
      update(id, `mark as ${status}`, `UPDATE outbox SET status = ?1, last_error = ?2 WHERE id = ?3 AND status IN ('pending', 'sending', ?1)`, [
        status,
        error,
        id,
      ]),
    );
  }

  return {
    dueOutbox(now, limitPerDestination, horizon) {
      return run(ctx, 'read the due outbox entries', () => {
        if (limitPerDestination <= 0) return [];
        // ?3: with a horizon, an entry scheduled beyond it is due (a clock that went back set it); NULL never is.
        const beyond = horizon === undefined ? null : isoTime(horizon);
        return ctx.statement(DUE_ENTRIES).all(isoTime(now), Math.floor(limitPerDestination), beyond).map(entryFromRow);
      });
    },

    inFlightOutbox() {
      return run(ctx, 'read the in-flight outbox entries', () =>
        ctx.statement(`SELECT * FROM outbox WHERE status = 'sending' ORDER BY id`).all().map(entryFromRow),
      );
    },

    enqueue(entries, now) {
      return run(ctx, `enqueue ${entries.length} outbox entries`, () => {
        if (entries.length === 0) return;
        inTransaction(ctx.db, () => enqueueInTransaction(ctx, entries, now));
      });
    },

    markSending(id, at) {
      return run(ctx, `claim outbox entry ${id}`, () =>
        update(
          id,
          'claim',
          `UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_at = ?
           WHERE id = ? AND status IN ('pending', 'sending')`,
          [isoTime(at), id],
        ),
      );
    },

    markSent(id, messageRef, at) {
      return run(ctx, `mark outbox entry ${id} sent`, () =>
        update(
          id,
          'mark sent',
          `UPDATE outbox SET status = 'sent', message_ref = ?, sent_at = ? WHERE id = ? AND status IN ('pending', 'sending', 'sent')`,
          [messageRef, isoTime(at), id],
        ),
      );
    },

    markRetry(id, error, nextAttemptAt) {
      return run(ctx, `schedule a retry of outbox entry ${id}`, () =>
        update(
          id,
          'schedule a retry of',
          `UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? WHERE id = ? AND status IN ('pending', 'sending')`,
          [error, isoTime(nextAttemptAt), id],
        ),
      );
    },

    markPoison: (id, error) => setAside(id, 'poison', error),

    markFailed: (id, error) => setAside(id, 'failed', error),

    failStale(destination, createdBefore, error) {
      return run(ctx, `give up on old outbox entries for ${destination}`, () => {
        const result = ctx
          .statement(`UPDATE outbox SET status = 'failed', last_error = ? WHERE destination = ? AND status = 'pending' AND created_at < ?`)
          .run(error, destination, isoTime(createdBefore));
        return Number(result.changes);
      });
    },

    retryNow(sink, now) {
      return run(ctx, `retry the waiting outbox entries for ${sink} now`, () => {
        const result = ctx
          .statement(
            `UPDATE outbox SET next_attempt_at = ?1
             WHERE status = 'pending' AND next_attempt_at > ?1 AND (destination = ?2 OR substr(destination, 1, length(?2) + 1) = ?2 || ':')`,
          )
          .run(isoTime(now), sink);
        return Number(result.changes);
      });
    },

    sentAlertRef(incidentId, destination) {
      return run(ctx, `read the alert of incident ${incidentId} at ${destination}`, () => {
        const row = ctx
          .statement(
            `SELECT message_ref FROM outbox
             WHERE incident_id = ? AND destination = ? AND kind = 'alert' AND status = 'sent' AND message_ref IS NOT NULL
             ORDER BY id DESC LIMIT 1`,
          )
          .get(incidentId, destination);
        return row ? textOrNull(row, 'message_ref') : null;
      });
    },

    alertDestinations(incidentId) {
      return run(ctx, `read where incident ${incidentId} was alerted`, () =>
        ctx
          .statement(
            `SELECT DISTINCT destination FROM outbox
             WHERE incident_id = ? AND kind = 'alert' AND status IN ('pending', 'sending', 'sent') ORDER BY destination`,
          )
          .all(incidentId)
          .map((row) => text(row, 'destination')),
      );
    },

    enqueuedSince(incidentId, since) {
      return run(ctx, `check for recent outbox entries of ${incidentId}`, () =>
        ctx.statement('SELECT 1 AS found FROM outbox WHERE incident_id = ? AND created_at >= ? LIMIT 1').get(incidentId, isoTime(since)) !==
        undefined,
      );
    },
  };
}
