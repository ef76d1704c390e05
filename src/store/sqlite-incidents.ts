// Incidents in SQLite: the whole Incident as JSON, plus the columns that queries filter on.
import type { Incident } from '../domain/types.ts';
import type { IncidentStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, isoTime, json, run } from './sqlite-db.ts';
import { enqueueInTransaction } from './sqlite-outbox.ts';

const UPSERT_INCIDENT = `
  INSERT INTO incidents (id, organisation, sector, status, first_seen, last_seen, data, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    organisation = excluded.organisation, sector = excluded.sector, status = excluded.status,
    first_seen = excluded.first_seen, last_seen = excluded.last_seen, data = excluded.data,
    updated_at = excluded.updated_at`;

/** Writes the incident inside the caller's transaction (commitArticle). An id that is a row is no alias. */
export function upsertIncidentInTransaction(ctx: SqliteContext, incident: Incident, at: string): void {
  ctx.statement('DELETE FROM incident_aliases WHERE alias = ?').run(incident.id);
  ctx
    .statement(UPSERT_INCIDENT)
    .run(
      incident.id,
      incident.organisation,
      incident.sector,
      incident.status,
      isoTime(incident.firstSeen),
      isoTime(incident.lastSeen),
      JSON.stringify(incident),
      at,
      at,
    );
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
        return ctx
          .statement(
            `SELECT data FROM incidents
             WHERE last_seen >= ?2 AND status IN ('open', 'not_breach')
               AND (organisation IN (SELECT value FROM json_each(?1))
                    OR EXISTS (SELECT 1 FROM json_each(data, '$.otherOrganisations') o
                               WHERE o.value IN (SELECT value FROM json_each(?1))))
             ORDER BY last_seen DESC, id`,
          )
          .all(JSON.stringify(organisations), isoTime(since))
          .map(incidentFromRow);
      });
    },

    /** Open incidents, most recently seen first; retracted ('not_breach') ones are left out. */
    recentIncidents({ limit, sector = null, since = null }) {
      return run(ctx, 'list recent incidents', () => {
        if (limit <= 0) return [];
        return ctx
          .statement(
            `SELECT data FROM incidents
             WHERE status = 'open' AND (?1 IS NULL OR sector = ?1) AND (?2 IS NULL OR last_seen >= ?2)
             ORDER BY last_seen DESC, id
             LIMIT ?3`,
          )
          .all(sector, since === null ? null : isoTime(since), Math.floor(limit))
          .map(incidentFromRow);
      });
    },
  };
}
