// Retention in SQLite (issue 16 point 9): deletes what the bot no longer needs, a bounded number of
// rows per run in small transactions, so pruning never holds the write lock for long. Indexes:
// migration 009. The rules are RetentionPolicy's (ports.ts); the config is `retention:`.
import type { PruneReport, RetentionPolicy, RetentionStore } from './ports.ts';
import { SEEN_REFRESH_MS } from './ports.ts';
import type { SqliteContext } from './sqlite-db.ts';
import { inTransaction, isoTime, run, text, textOrNull } from './sqlite-db.ts';

/** Rows per transaction. */
const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

// Each statement takes its limit as its last parameter.
const FEEDS_WITH_SEEN = `
  WITH RECURSIVE f(id) AS (
    SELECT min(feed_id) FROM seen_items
    UNION ALL SELECT (SELECT min(feed_id) FROM seen_items WHERE feed_id > f.id) FROM f WHERE f.id IS NOT NULL)
  SELECT id FROM f WHERE id IS NOT NULL`;
const DELETE_SEEN_BEFORE = `DELETE FROM seen_items WHERE feed_id = ?1 AND item_key IN (
  SELECT item_key FROM seen_items WHERE feed_id = ?1 AND seen_at < ?2 LIMIT ?3)`;
const DELETE_SEEN_UP_TO = `DELETE FROM seen_items WHERE feed_id = ?1 AND item_key IN (
  SELECT item_key FROM seen_items WHERE feed_id = ?1 AND seen_at <= ?2 AND seen_at < ?3 LIMIT ?4)`;
const FINISHED = `status IN ('sent', 'poison', 'failed') AND coalesce(sent_at, created_at) < ?1`;
const DELETE_OUTBOX = `DELETE FROM outbox WHERE id IN (
  SELECT id FROM outbox WHERE ${FINISHED} AND NOT (kind = 'alert' AND status = 'sent') LIMIT ?2)`;
// A sent alert's row is what later updates edit and thread under, and what stops a second alert for
// the incident (outbox_one_alert): it stays, without its payload.
const COMPACT_OUTBOX = `UPDATE outbox SET payload = '{}' WHERE id IN (
  SELECT id FROM outbox WHERE ${FINISHED} AND kind = 'alert' AND status = 'sent' AND payload <> '{}' LIMIT ?2)`;
const DELETE_ARTICLES = `DELETE FROM articles WHERE id IN (
  SELECT id FROM articles WHERE incident_id IS NULL AND fetched_at < ?1 LIMIT ?2)`;

const daysBefore = (now: number, days: number): string => new Date(now - days * DAY_MS).toISOString();

export function createSqliteRetentionStore(ctx: SqliteContext): RetentionStore {
  /** Runs `sql` in batches until it changes fewer rows than asked, or `budget` rows are done. */
  function batches(sql: string, params: readonly string[], budget: number): { changed: number; more: boolean } {
    let changed = 0;
    while (changed < budget) {
      const limit = Math.min(BATCH, budget - changed);
      const done = Number(inTransaction(ctx.db, () => ctx.statement(sql).run(...params, limit)).changes);
      changed += done;
      if (done < limit) return { changed, more: false };
    }
    return { changed, more: true };
  }

  /**
   * Seen keys of each feed: older than the age limit, or beyond the per-feed cap. Keys seen within
   * twice the refresh interval of the feed's newest key are never deleted: they may be in its last
   * fetch (a failing or unchanged feed's last fetch is its current list, however old).
   */
  function pruneSeen(policy: RetentionPolicy, now: number, budget: number): { changed: number; more: boolean } {
    let changed = 0;
    for (const row of ctx.statement(FEEDS_WITH_SEEN).all()) {
      const feedId = text(row, 'id');
      const newest = textOrNull(ctx.statement('SELECT max(seen_at) AS at FROM seen_items WHERE feed_id = ?').get(feedId) ?? {}, 'at');
      if (newest === null) continue;
      const protectFrom = new Date(Date.parse(newest) - 2 * SEEN_REFRESH_MS).toISOString();
      if (policy.seenItemDays > 0) {
        const cutoff = [daysBefore(now, policy.seenItemDays), protectFrom].sort()[0] ?? protectFrom;
        const result = batches(DELETE_SEEN_BEFORE, [feedId, cutoff], budget - changed);
        changed += result.changed;
        if (result.more) return { changed, more: true };
      }
      if (policy.maxSeenItemsPerFeed > 0) {
        const boundary = ctx
          .statement('SELECT seen_at FROM seen_items WHERE feed_id = ? ORDER BY seen_at DESC LIMIT 1 OFFSET ?')
          .get(feedId, Math.floor(policy.maxSeenItemsPerFeed));
        if (!boundary) continue;
        const result = batches(DELETE_SEEN_UP_TO, [feedId, text(boundary, 'seen_at'), protectFrom], budget - changed);
        changed += result.changed;
        if (result.more) return { changed, more: true };
      }
    }
    return { changed, more: false };
  }

  return {
    prune(policy, now) {
      return run(ctx, 'prune old rows (retention)', () => {
        const at = Date.parse(isoTime(now));
        const budget = Math.max(0, Math.floor(policy.maxRowsPerRun));
        const none = { changed: 0, more: false };
        const seen = policy.seenItemDays > 0 || policy.maxSeenItemsPerFeed > 0 ? pruneSeen(policy, at, budget) : none;
        const outboxCutoff = [daysBefore(at, policy.outboxDays)];
        const outbox = policy.outboxDays > 0 ? batches(DELETE_OUTBOX, outboxCutoff, budget) : none;
        const compacted = policy.outboxDays > 0 ? batches(COMPACT_OUTBOX, outboxCutoff, budget) : none;
        const articles = policy.articleDays > 0 ? batches(DELETE_ARTICLES, [daysBefore(at, policy.articleDays)], budget) : none;
        const report: PruneReport = {
          seenItems: seen.changed,
          outboxDeleted: outbox.changed,
          outboxCompacted: compacted.changed,
          articles: articles.changed,
          more: [seen, outbox, compacted, articles].some((r) => r.more),
        };
        return report;
      });
    },
  };
}
