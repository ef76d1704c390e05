// The first polls' backlog in SQLite (migrations 013 and 014; docs/adr/024-first-poll-backlog.md and
// 028-first-poll-one-row.md): a first poll is ONE row holding its items in order, queued with the feed's state
// in one transaction (its keys count as seen while it waits); read a feed at a time in the order queued; counted
// off (`done`) in the transaction that stores their articles and marks them seen (sqlite-articles.ts
// commitArticles), the row deleted with its last.
import { decodeBacklogPoll, encodeBacklogPoll, type BacklogDrain, type BacklogSliceRow } from '../domain/backlog.ts';
import type { BacklogStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, int, isoTime, run, text, textOrNull } from './sqlite-db.ts';
import { saveFeedStateRow } from './sqlite-feeds.ts';

const QUEUE = 'INSERT INTO backlog (feed_id, queued_at, total, items) VALUES (?, ?, ?, ?)';
// The feed queued first is the feed of the lowest id.
const OLDEST_FEED = 'SELECT feed_id FROM backlog ORDER BY id LIMIT 1';
const POLLS_OF = 'SELECT id, feed_id, done, items FROM backlog WHERE feed_id = ? ORDER BY id';
const FEEDS = 'SELECT feed_id FROM backlog GROUP BY feed_id ORDER BY min(id)';
const STATUS = `SELECT coalesce(sum(total - done), 0) AS items, count(DISTINCT feed_id) AS feeds, min(queued_at) AS oldest
  FROM backlog`;
const COUNT_OFF = 'UPDATE backlog SET done = done + ?3 WHERE id = ?1 AND done = ?2 AND done + ?3 < total';
const DELETE_LAST = 'DELETE FROM backlog WHERE id = ?1 AND done = ?2 AND done + ?3 = total';

/** The rows of a stored first poll not yet recorded, at most `limit` of them. */
function waitingRows(row: Row, limit: number): BacklogSliceRow[] {
  const poll = int(row, 'id');
  const done = int(row, 'done');
  const feedId = text(row, 'feed_id');
  return decodeBacklogPoll(text(row, 'items'))
    .slice(done, done + limit)
    .map((item, i) => ({ feedId, poll, index: done + i, key: item.kind === 'raw' ? item.key : item.article.key, item }));
}

/**
 * Counts finished rows off inside the caller's transaction: each drain must start at its poll's first row not
 * yet recorded (else the slice was read from a row changed since, and the whole transaction is undone).
 */
export function drainInTransaction(ctx: SqliteContext, drains: readonly BacklogDrain[]): void {
  for (const { poll, from, count } of drains) {
    const counted = Number(ctx.statement(COUNT_OFF).run(poll, from, count).changes);
    const deleted = Number(ctx.statement(DELETE_LAST).run(poll, from, count).changes);
    if (counted + deleted !== 1) {
      throw new Error(`Backlog row ${poll} changed while its items ${from}–${from + count - 1} were recorded.`);
    }
  }
}

export function createSqliteBacklogStore(ctx: SqliteContext): BacklogStore {
  return {
    queueBacklog({ feedId, items, at, states }) {
      return run(ctx, `keep the first poll of feed ${feedId}`, () => {
        const time = isoTime(at);
        // Encoded before the transaction opens: it holds the write lock only to write.
        const encoded = items.length > 0 ? encodeBacklogPoll(items) : null;
        inTransaction(ctx.db, () => {
          if (encoded !== null) ctx.statement(QUEUE).run(feedId, time, items.length, encoded);
          for (const state of states) saveFeedStateRow(ctx, state);
        });
      });
    },

    backlogSlice(limit, feedId) {
      return run(ctx, 'read the backlog', () => {
        let size = Math.max(0, Math.floor(limit));
        const feed = feedId ?? ctx.statement(OLDEST_FEED).get()?.['feed_id'];
        if (typeof feed !== 'string' || size === 0) return [];
        const rows: BacklogSliceRow[] = [];
        for (const poll of ctx.statement(POLLS_OF).all(feed)) {
          const waiting = waitingRows(poll, size);
          rows.push(...waiting);
          size -= waiting.length;
          if (size <= 0) break;
        }
        return rows;
      });
    },

    backlogFeeds() {
      return run(ctx, 'list the feeds with a backlog', () => ctx.statement(FEEDS).all().map((row) => text(row, 'feed_id')));
    },

    backlogStatus() {
      return run(ctx, 'count the backlog', () => {
        const row = ctx.statement(STATUS).get() ?? {};
        return { items: int(row, 'items'), feeds: int(row, 'feeds'), oldestQueuedAt: textOrNull(row, 'oldest') };
      });
    },

    // Seen marks of waiting keys exist only in a store from before 014 (a first poll marked them at once).
    dropBacklog(feedId) {
      return run(ctx, `drop the backlog of feed ${feedId}`, () =>
        inTransaction(ctx.db, () => {
          const polls = ctx.statement(POLLS_OF).all(feedId);
          const keys = polls.flatMap((poll) => waitingRows(poll, Number.MAX_SAFE_INTEGER).map((row) => row.key));
          ctx
            .statement('DELETE FROM seen_items WHERE feed_id = ? AND item_key IN (SELECT value FROM json_each(?))')
            .run(feedId, JSON.stringify(keys));
          ctx.statement('UPDATE feed_state SET initialised = 0, etag = NULL, last_modified = NULL WHERE feed_id = ?').run(feedId);
          ctx.statement('DELETE FROM backlog WHERE feed_id = ?').run(feedId);
          return keys.length;
        }),
      );
    },
  };
}
