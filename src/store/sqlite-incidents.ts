// Incidents in SQLite: the whole Incident as JSON, plus the columns that queries filter on.
import type { Incident } from '../domain/types.ts';
import type { IncidentStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, isoTime, json, run } from './sqlite-db.ts';
import { enqueueInTransaction } from './sqlite-outbox.ts';

const UPSERT_INCIDENT = `
  INSERT INTO incidents (id, organisation, sector, status, first_seen, last_seen, data, created_at, updated_at,
                         affected, article_count)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    organisation = excluded.organisation, sector = excluded.sector, status = excluded.status,
    first_seen = excluded.first_seen, last_seen = excluded.last_seen, data = excluded.data,
    updated_at = excluded.updated_at, affected = excluded.affected, article_count = excluded.article_count`;

const INDEX_ORGANISATION = `
  INSERT INTO incident_organisations (organisation, last_seen, incident_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`;

// Driven by the organisation index (migration 012): its rows give the candidates (CROSS JOIN keeps that
// order of the join whatever the planner guesses), then each incident is read by id.
export const FIND_INCIDENTS = `
  SELECT i.data FROM (
    SELECT DISTINCT incident_id FROM incident_organisations
    WHERE organisation IN (SELECT value FROM json_each(?1)) AND last_seen >= ?2) AS o
  CROSS JOIN incidents AS i ON i.id = o.incident_id
  WHERE i.last_seen >= ?2 AND i.status IN ('open', 'not_breach')
  ORDER BY i.last_seen DESC, i.id`;

// Two statements rather than `?1 IS NULL OR sector = ?1`, so each reads its index in order (migration 012).
// A listed incident leaves out its evidence and history (IncidentStore.recentIncidents): most of a long
// incident's JSON, which JavaScript would otherwise parse (issue 21 point 5).
const LISTED = `json_remove(data, '$.evidence', '$.history') AS data`;
export const RECENT_INCIDENTS = `
  SELECT ${LISTED} FROM incidents WHERE status = 'open' AND last_seen >= ?1 ORDER BY last_seen DESC, id LIMIT ?2`;
export const RECENT_SECTOR_INCIDENTS = `
  SELECT ${LISTED} FROM incidents
  WHERE status = 'open' AND sector = ?3 AND last_seen >= ?1 ORDER BY last_seen DESC, id LIMIT ?2`;

/**
 * Writes the incident inside the caller's transaction (commitArticle), with its rows in the organisation
 * index. An id that is a row is no alias.
 */
export function upsertIncidentInTransaction(ctx: SqliteContext, incident: Incident, at: string): void {
  ctx.statement('DELETE FROM incident_aliases WHERE alias = ?').run(incident.id);
  const lastSeen = isoTime(incident.lastSeen);
  ctx
    .statement(UPSERT_INCIDENT)
    .run(
      incident.id,
      incident.organisation,
      incident.sector,
      incident.status,
      isoTime(incident.firstSeen),
      lastSeen,
      JSON.stringify(incident),
      at,
      at,
      incident.affected ?? null,
      incident.articles.length,
    );
  ctx.statement('DELETE FROM incident_organisations WHERE incident_id = ?').run(incident.id);
  for (const organisation of [incident.organisation, ...incident.otherOrganisations]) {
    ctx.statement(INDEX_ORGANISATION).run(organisation, lastSeen, incident.id);
  }
}

/**
 * Folds incident `from` into `into` (which must already be written): its articles move, its id
 * becomes an alias (as do ids already aliased to it), and its row goes.
 */
export function absorbIncidentInTransaction(ctx: SqliteContext, from: string, into: string): void {
  if (from === into) return;
  ctx.statement('UPDATE articles SET incident_id = ? WHERE incident_id = ?').run(into, from);
  ctx.statement('UPDATE incident_aliases SET incident_id = ? WHERE incident_id = ?').run(into, from);
  ctx.statement('INSERT INTO incident_aliases (alias, incident_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET incident_id = excluded.incident_id').run(from, into);
  ctx.statement('DELETE FROM incident_organisations WHERE incident_id = ?').run(from);
  ctx.statement('DELETE FROM incidents WHERE id = ?').run(from);
}

function incidentFromRow(row: Row): Incident {
  return json<Incident>(row, 'data');
}

export function createSqliteIncidentStore(ctx: SqliteContext): IncidentStore {
  return {
    getIncident(id) {
      return run(ctx, `read incident ${id}`, () => {
        const row =
          ctx.statement('SELECT data FROM incidents WHERE id = ?').get(id) ??
          ctx.statement('SELECT i.data FROM incident_aliases a JOIN incidents i ON i.id = a.incident_id WHERE a.alias = ?').get(id);
        return row ? incidentFromRow(row) : null;
      });
    },

    incidentIdsLike(prefix, limit) {
      return run(ctx, 'list incident ids', () =>
        ctx
          .statement(
            `SELECT id, organisation FROM incidents WHERE status = 'open' AND substr(id, 1, length(?1)) = ?1
             ORDER BY last_seen DESC, id LIMIT ?2`,
          )
          .all(prefix, Math.max(0, Math.floor(limit)))
          .map((row) => ({ id: String(row.id), organisation: String(row.organisation) })),
      );
    },

    applyCorrection(correction) {
      return run(ctx, 'apply a correction to incidents', () => {
        inTransaction(ctx.db, () => {
          for (const incident of correction.upsert) upsertIncidentInTransaction(ctx, incident, correction.at);
          for (const move of correction.moveArticles) {
            ctx.statement('UPDATE articles SET incident_id = ? WHERE feed_id = ? AND item_key = ?').run(move.incidentId, move.feedId, move.itemKey);
          }
          for (const { from, into } of correction.absorbed) absorbIncidentInTransaction(ctx, from, into);
          enqueueInTransaction(ctx, correction.outbox, correction.at);
        });
      });
    },

    findIncidents({ organisations, since }) {
      return run(ctx, 'find incidents by organisation', () => {
        if (organisations.length === 0) return [];
        return ctx.statement(FIND_INCIDENTS).all(JSON.stringify(organisations), isoTime(since)).map(incidentFromRow);
      });
    },

    /** Open incidents, most recently seen first; retracted ('not_breach') ones are left out. */
    recentIncidents({ limit, sector = null, since = null }) {
      return run(ctx, 'list recent incidents', () => {
        if (limit <= 0) return [];
        const from = since === null ? '' : isoTime(since);
        const rows =
          sector === null
            ? ctx.statement(RECENT_INCIDENTS).all(from, Math.floor(limit))
            : ctx.statement(RECENT_SECTOR_INCIDENTS).all(from, Math.floor(limit), sector);
        return rows.map(incidentFromRow);
      });
    },
  };
}
