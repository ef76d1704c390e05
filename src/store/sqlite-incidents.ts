// Incidents in SQLite: the whole Incident as JSON, plus the columns that queries filter on.
import type { Incident } from '../domain/types.ts';
import type { IncidentStore } from './ports.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { isoTime, json, run } from './sqlite-db.ts';

const UPSERT_INCIDENT = `
  INSERT INTO incidents (id, organisation, sector, status, first_seen, last_seen, data, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    organisation = excluded.organisation, sector = excluded.sector, status = excluded.status,
    first_seen = excluded.first_seen, last_seen = excluded.last_seen, data = excluded.data,
    updated_at = excluded.updated_at`;

/** Writes the incident inside the caller's transaction (commitArticle). */
export function upsertIncidentInTransaction(ctx: SqliteContext, incident: Incident, at: string): void {
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

function incidentFromRow(row: Row): Incident {
  return json<Incident>(row, 'data');
}

export function createSqliteIncidentStore(ctx: SqliteContext): IncidentStore {
  return {
    getIncident(id) {
      return run(ctx, `read incident ${id}`, () => {
        const row = ctx.statement('SELECT data FROM incidents WHERE id = ?').get(id);
        return row ? incidentFromRow(row) : null;
      });
    },

    findIncidents({ organisations, since }) {
      return run(ctx, 'find incidents by organisation', () => {
        if (organisations.length === 0) return [];
        return ctx
          .statement(
            `SELECT data FROM incidents
             WHERE organisation IN (SELECT value FROM json_each(?)) AND last_seen >= ? AND status = 'open'
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
