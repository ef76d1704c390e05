// Feed state and seen items in SQLite.
import type { FeedState, FeedStateStore, SeenStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, int, isoTime, run, text, textOrNull } from './sqlite-db.ts';

const UPSERT_FEED_STATE = `
  INSERT INTO feed_state (feed_id, etag, last_modified, initialised, last_polled_at, last_success_at,
                          next_poll_at, consecutive_failures, last_error, warned_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (feed_id) DO UPDATE SET
    etag = excluded.etag, last_modified = excluded.last_modified, initialised = excluded.initialised,
    last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at,
    next_poll_at = excluded.next_poll_at, consecutive_failures = excluded.consecutive_failures,
    last_error = excluded.last_error, warned_at = excluded.warned_at`;

const MARK_SEEN = `INSERT INTO seen_items (feed_id, item_key, seen_at) VALUES (?, ?, ?)
  ON CONFLICT (feed_id, item_key) DO NOTHING`;

function feedStateFromRow(row: Row): FeedState {
  return {
    feedId: text(row, 'feed_id'),
    etag: textOrNull(row, 'etag'),
    lastModified: textOrNull(row, 'last_modified'),
    initialised: int(row, 'initialised') === 1,
    lastPolledAt: textOrNull(row, 'last_polled_at'),
    lastSuccessAt: textOrNull(row, 'last_success_at'),
    nextPollAt: textOrNull(row, 'next_poll_at'),
    consecutiveFailures: int(row, 'consecutive_failures'),
    lastError: textOrNull(row, 'last_error'),
    warnedAt: textOrNull(row, 'warned_at'),
  };
}

/** Marks keys seen inside the caller's transaction (shared with commitArticle). */
export function markSeenInTransaction(ctx: SqliteContext, feedId: string, keys: readonly string[], at: string): void {
  const insert = ctx.statement(MARK_SEEN);
  for (const key of keys) insert.run(feedId, key, at);
}

/** Writes a feed's state inside the caller's transaction (or as one statement). */
export function saveFeedStateRow(ctx: SqliteContext, state: FeedState): void {
  ctx
    .statement(UPSERT_FEED_STATE)
    .run(
      state.feedId,
      state.etag,
      state.lastModified,
      state.initialised ? 1 : 0,
      state.lastPolledAt,
      state.lastSuccessAt,
      state.nextPollAt,
      state.consecutiveFailures,
      state.lastError,
      state.warnedAt,
    );
}

export function createSqliteFeedStores(ctx: SqliteContext): FeedStateStore & SeenStore {
  return {
    getFeedState(feedId) {
      return run(ctx, `read the state of feed ${feedId}`, () => {
        const row = ctx.statement('SELECT * FROM feed_state WHERE feed_id = ?').get(feedId);
        return row ? feedStateFromRow(row) : null;
      });
    },

    saveFeedState(state) {
      return run(ctx, `save the state of feed ${state.feedId}`, () => saveFeedStateRow(ctx, state));
    },

    saveFeedStates(states) {
      return run(ctx, `save the state of ${states.length} feed(s)`, () => {
        if (states.length === 1) saveFeedStateRow(ctx, states[0]!);
        else if (states.length > 1) inTransaction(ctx.db, () => states.forEach((state) => saveFeedStateRow(ctx, state)));
      });
    },

    filterSeen(feedId, keys) {
      return run(ctx, `check which items of feed ${feedId} were seen`, () => {
        // A feed with no seen item at all (a first poll's) answers from one index probe, its keys unread.
        if (keys.length === 0 || ctx.statement('SELECT 1 FROM seen_items WHERE feed_id = ? LIMIT 1').get(feedId) === undefined) {
          return new Set<string>();
        }
        const rows = ctx
          .statement('SELECT item_key FROM seen_items WHERE feed_id = ? AND item_key IN (SELECT value FROM json_each(?))')
          .all(feedId, JSON.stringify(keys));
        return new Set(rows.map((row) => text(row, 'item_key')));
      });
    },

    touchSeen(feedId, keys, at, staleBefore) {
      return run(ctx, `refresh ${keys.length} seen items of feed ${feedId}`, () => {
        if (keys.length === 0) return;
        ctx
          .statement(
            `UPDATE seen_items SET seen_at = ?3
             WHERE feed_id = ?1 AND item_key IN (SELECT value FROM json_each(?2)) AND seen_at < min(?3, ?4)`,
          )
          .run(feedId, JSON.stringify(keys), isoTime(at), isoTime(staleBefore));
      });
    },

    markSeen(feedId, keys, at) {
      return run(ctx, `mark ${keys.length} items of feed ${feedId} as seen`, () => {
        if (keys.length === 0) return;
        inTransaction(ctx.db, () => markSeenInTransaction(ctx, feedId, keys, at));
      });
    },
  };
}
