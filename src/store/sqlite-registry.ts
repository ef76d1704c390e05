// Feeds and routes that admins add from chat, and the numbers behind `/breach stats`.
import { byCountThenName, TOP_ORGANISATIONS, type IncidentStats } from '../domain/stats.ts';
import type { Sector } from '../domain/types.ts';
import type { RegistryStore, StatsStore, StoredFeed, StoredRoute } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { int, isoTime, json, run, text, textOrNull } from './sqlite-db.ts';

// `/breach stats` counts open incidents by when breachwatch first stored them (created_at), not by when
// their stories were published. All three read only the index incidents_stats (migration 012).
const PERIOD = `status = 'open' AND created_at >= ?1`;
export const STATS_TOTALS = `
  SELECT count(*) AS incidents, coalesce(sum(article_count), 0) AS articles, coalesce(sum(affected), 0) AS affected
  FROM incidents WHERE ${PERIOD}`;
export const STATS_BY_SECTOR = `SELECT sector, count(*) AS n FROM incidents WHERE ${PERIOD} GROUP BY sector`;
// The organisations counted at least as often as the TOP_ORGANISATIONS-th: the top ones and any tied
// with the last of them, so that ordering ties by name (in JavaScript, as summariseIncidents does) is exact.
export const STATS_TOP_ORGANISATIONS = `
  WITH g AS (SELECT organisation, count(*) AS n FROM incidents WHERE ${PERIOD} GROUP BY organisation)
  SELECT organisation, n FROM g WHERE n >= coalesce((SELECT n FROM g ORDER BY n DESC LIMIT 1 OFFSET ?2 - 1), 0)`;

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
        const from = isoTime(since);
        const totals = ctx.statement(STATS_TOTALS).get(from) ?? {};
        const sectors = ctx
          .statement(STATS_BY_SECTOR)
          .all(from)
          .map((row) => [textOrNull(row, 'sector') as Sector | null, int(row, 'n')] as const);
        const organisations = ctx
          .statement(STATS_TOP_ORGANISATIONS)
          .all(from, TOP_ORGANISATIONS)
          .map((row) => [text(row, 'organisation'), int(row, 'n')] as const);
        const stats: IncidentStats = {
          incidents: int(totals, 'incidents'),
          articles: int(totals, 'articles'),
          affected: int(totals, 'affected'),
          bySector: sectors.sort(byCountThenName).map(([sector, incidents]) => ({ sector, incidents })),
          topOrganisations: organisations
            .sort(byCountThenName)
            .slice(0, TOP_ORGANISATIONS)
            .map(([organisation, incidents]) => ({ organisation, incidents })),
        };
        return stats;
      });
    },
  };
}
