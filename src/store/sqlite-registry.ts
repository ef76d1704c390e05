// Feeds and routes that admins add from chat, and the numbers behind `/breach stats`.
import { summariseIncidents } from '../domain/stats.ts';
import type { Incident } from '../domain/types.ts';
import type { RegistryStore, StatsStore, StoredFeed, StoredRoute } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { int, isoTime, json, run, text, textOrNull } from './sqlite-db.ts';

function feedFromRow(row: Row): StoredFeed {
  const interval = row.interval_minutes;
  const kind = textOrNull(row, 'kind');
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    url: text(row, 'url'),
    intervalMinutes: interval === null || interval === undefined ? null : int(row, 'interval_minutes'),
    enabled: int(row, 'enabled') === 1,
    addedBy: text(row, 'added_by'),
    addedAt: text(row, 'added_at'),
    ...(kind !== null ? { kind } : {}),
  };
}

function routeFromRow(row: Row): StoredRoute {
  return {
    id: text(row, 'id'),
    sink: text(row, 'sink'),
    channel: textOrNull(row, 'channel'),
    filters: json<StoredRoute['filters']>(row, 'filters'),
    addedBy: text(row, 'added_by'),
    addedAt: text(row, 'added_at'),
    workspaceId: textOrNull(row, 'workspace_id'),
  };
}

export function createSqliteRegistryStore(ctx: SqliteContext): RegistryStore & StatsStore {
  return {
    listFeeds() {
      return run(ctx, 'list feeds', () => ctx.statement('SELECT * FROM feeds ORDER BY added_at, id').all().map(feedFromRow));
    },
    addFeed(feed) {
      return run(ctx, `add feed ${feed.id}`, () => {
        const result = ctx
          .statement(
            `INSERT INTO feeds (id, name, url, interval_minutes, enabled, added_by, added_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING`,
          )
          .run(feed.id, feed.name, feed.url, feed.intervalMinutes, feed.enabled ? 1 : 0, feed.addedBy, isoTime(feed.addedAt), feed.kind ?? null);
        return Number(result.changes) === 1;
      });
    },
    removeFeed(id) {
      return run(ctx, `remove feed ${id}`, () => Number(ctx.statement('DELETE FROM feeds WHERE id = ?').run(id).changes) === 1);
    },
    listRoutes() {
      return run(ctx, 'list routes', () => ctx.statement('SELECT * FROM routes ORDER BY added_at, id').all().map(routeFromRow));
    },
    addRoute(route) {
      return run(ctx, `add route ${route.id}`, () => {
        ctx
          .statement('INSERT INTO routes (id, sink, channel, filters, added_by, added_at, workspace_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(route.id, route.sink, route.channel, JSON.stringify(route.filters), route.addedBy, isoTime(route.addedAt), route.workspaceId);
      });
    },
    removeRoute(id) {
      return run(ctx, `remove route ${id}`, () => Number(ctx.statement('DELETE FROM routes WHERE id = ?').run(id).changes) === 1);
    },
    incidentStats(since) {
      return run(ctx, 'count incidents', () => {
        const rows = ctx
          // By when breachwatch first stored the incident, not by when its stories were published.
          .statement("SELECT data FROM incidents WHERE status = 'open' AND created_at >= ? ORDER BY created_at, id")
          .all(isoTime(since))
          .map((row) => json<Incident>(row, 'data'));
        return summariseIncidents(rows);
      });
    },
  };
}
