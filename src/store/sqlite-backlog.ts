// The first polls' backlog in SQLite (migration 013; docs/adr/024-first-poll-backlog.md): rows queued with a
// feed's seen marks and state in one transaction, read a feed at a time in the order queued, and deleted in
// the transaction that stores their articles (sqlite-articles.ts commitArticles).
import type { BacklogItem, BacklogRow } from '../domain/backlog.ts';
import type { BacklogStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, int, isoTime, json, run, text, textOrNull } from './sqlite-db.ts';
import { markSeenInTransaction, saveFeedStateRow } from './sqlite-feeds.ts';

const QUEUE = `INSERT INTO backlog (feed_id, item_key, queued_at, item) VALUES (?, ?, ?, ?) ON CONFLICT (feed_id, item_key) DO NOTHING`;
// The feed queued first is the feed of the lowest id (a feed's rows are queued together).
const SLICE_OLDEST = `SELECT feed_id, item_key, item FROM backlog
  WHERE feed_id = (SELECT feed_id FROM backlog ORDER BY id LIMIT 1) ORDER BY id LIMIT ?`;
const SLICE_FEED = `SELECT feed_id, item_key, item FROM backlog WHERE feed_id = ? ORDER BY id LIMIT ?`;
const FEEDS = `SELECT feed_id FROM backlog GROUP BY feed_id ORDER BY min(id)`;
const STATUS = `SELECT count(*) AS items, count(DISTINCT feed_id) AS feeds, min(queued_at) AS oldest FROM backlog`;

function rowFrom(row: Row): BacklogRow {
  return { feedId: text(row, 'feed_id'), key: text(row, 'item_key'), item: json<BacklogItem>(row, 'item') };
}

/** Deletes finished rows inside the caller's transaction. */
export function drainInTransaction(ctx: SqliteContext, drained: ReadonlyArray<{ feedId: string; key: string }>): void {
  const remove = ctx.statement('DELETE FROM backlog WHERE feed_id = ? AND item_key = ?');
  for (const { feedId, key } of drained) remove.run(feedId, key);
}

export function createSqliteBacklogStore(ctx: SqliteContext): BacklogStore {
  return {
    queueBacklog({ feedId, items, seen, at, states }) {
      return run(ctx, `keep the first poll of feed ${feedId}`, () => {
        inTransaction(ctx.db, () => {
          const time = isoTime(at);
          const queue = ctx.statement(QUEUE);
          for (const item of items) queue.run(feedId, item.kind === 'raw' ? item.key : item.article.key, time, JSON.stringify(item));
          markSeenInTransaction(ctx, feedId, seen, time);
          for (const state of states) saveFeedStateRow(ctx, state);
        });
      });
    },

    backlogSlice(limit, feedId) {
      return run(ctx, 'read the backlog', () => {
        const size = Math.max(0, Math.floor(limit));
        const rows = feedId === undefined ? ctx.statement(SLICE_OLDEST).all(size) : ctx.statement(SLICE_FEED).all(feedId, size);
        return rows.map(rowFrom);
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

    dropBacklog(feedId) {
      return run(ctx, `drop the backlog of feed ${feedId}`, () =>
        inTransaction(ctx.db, () => {
          ctx
            .statement('DELETE FROM seen_items WHERE feed_id = ?1 AND item_key IN (SELECT item_key FROM backlog WHERE feed_id = ?1)')
            .run(feedId);
          ctx.statement('UPDATE feed_state SET initialised = 0, etag = NULL, last_modified = NULL WHERE feed_id = ?').run(feedId);
          return Number(ctx.statement('DELETE FROM backlog WHERE feed_id = ?').run(feedId).changes);
        }),
      );
    },
  };
}
