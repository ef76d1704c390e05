// The SQLite store's lookups stay index reads as it grows (issue 21; docs/adr/019-store-lookups.md):
// their query plans, migration 012's backfill of a store written before it, and `/breach stats`
// computed in SQL agreeing with summariseIncidents (the reference) on any set of incidents.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseIncidents } from '../../src/domain/stats.ts';
import { SECTORS, type Incident } from '../../src/domain/types.ts';
import { loadMigrations, migrateSqlite } from '../../src/store/migrate.ts';
import { FIND_INCIDENTS, RECENT_INCIDENTS, RECENT_SECTOR_INCIDENTS } from '../../src/store/sqlite-incidents.ts';
import { SEARCH, SEARCH_NEWEST, SEARCH_RANKED } from '../../src/store/sqlite-search.ts';
import { STATS_BY_SECTOR, STATS_TOP_ORGANISATIONS, STATS_TOTALS } from '../../src/store/sqlite-registry.ts';
import { createSqliteStore, openSqliteStore } from '../../src/store/sqlite-store.ts';
import { T0, isoAt, makeCommit, makeIncident } from '../contract/store-fixtures.ts';

const MIGRATIONS = loadMigrations(join(import.meta.dirname, '../../src/store/migrations/sqlite'));

function plan(db: DatabaseSync, sql: string, ...params: Array<string | number>): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => String(row['detail']))
    .join('\n');
}

describe('SQLite lookups read indexes, not every incident', () => {
  const db = new DatabaseSync(':memory:');
  migrateSqlite(db);

  it('findIncidents: the organisation index, then each incident by id', () => {
    const details = plan(db, FIND_INCIDENTS, '["Kent Police"]', T0);
    expect(details).toMatch(/SEARCH incident_organisations USING PRIMARY KEY \(organisation=\? AND last_seen>\?\)/);
    expect(details).toMatch(/SEARCH i USING INDEX sqlite_autoindex_incidents_1 \(id=\?\)/);
    expect(details).not.toMatch(/SCAN (incidents|i)\b/);
  });

  it('recent, with and without a sector: in index order, no sort', () => {
    for (const [sql, params] of [
      [RECENT_INCIDENTS, ['', 5]],
      [RECENT_SECTOR_INCIDENTS, ['', 5, 'police']],
    ] as const) {
      const details = plan(db, sql, ...params);
      expect(details).toMatch(/SEARCH incidents USING INDEX incidents_(sector_)?recent/);
      expect(details).not.toMatch(/TEMP B-TREE|SCAN incidents/);
    }
  });

  // FTS5 index numbers: 192 is rowid order, descending; M a MATCH, > a lower rowid bound, = one rowid.
  // The best hits' snippets: one walk down to the oldest of them, then each article by its id.
  const SNIPPETS_OF_THE_BEST = new RegExp(
    String.raw`CO-ROUTINE hit\nSCAN articles_fts VIRTUAL TABLE INDEX 192:M\d*>\n[^]*` +
      String.raw`SCAN hit\n(BLOOM FILTER ON best \(id=\?\)\n)?SEARCH best USING AUTOMATIC COVERING INDEX \(id=\?\)\n` +
      String.raw`SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)\nUSE TEMP B-TREE FOR ORDER BY$`,
  );

  it('search: ranks the newest candidates, then reads the snippet and article of only the best', () => {
    const details = plan(db, SEARCH, '"council"', 10, 2000);
    expect(details).toMatch(/^MATERIALIZE best\nCO-ROUTINE \(subquery-1\)\nSCAN articles_fts VIRTUAL TABLE INDEX 192:M\d*\n/m);
    expect(details).toMatch(SNIPPETS_OF_THE_BEST);
  });

  it('search with common words: the newest candidates once, each other walk bounded by the oldest of them', () => {
    const ranked = plan(db, SEARCH_RANKED, '"x" "the"', 10, 2000, '"x"');
    const newest = plan(db, SEARCH_NEWEST, '"the"', 10, 2000, 'title : ("the")');
    for (const details of [ranked, newest]) {
      const candidates = /MATERIALIZE candidates\nSCAN articles_fts VIRTUAL TABLE INDEX 192:M\d*\n/g;
      expect(details.match(candidates)).toHaveLength(1);
      expect(details).toMatch(SNIPPETS_OF_THE_BEST);
    }
    expect(ranked).toMatch(/SCAN articles_fts VIRTUAL TABLE INDEX 0:M\d*>\n/);
    expect(newest.match(/SCAN articles_fts VIRTUAL TABLE INDEX 192:M\d*>\n/g)).toHaveLength(2);
  });

  it('search never hands FTS5 one rowid at a time: bm25 would count its words again for each', () => {
    for (const details of [
      plan(db, SEARCH, '"x"', 10, 2000),
      plan(db, SEARCH_RANKED, '"x" "the"', 10, 2000, '"x"'),
      plan(db, SEARCH_NEWEST, '"the"', 10, 2000, 'title : ("the")'),
    ]) {
      expect(details).not.toMatch(/INDEX \d+:=M/);
    }
  });

  it('stats: from the covering index alone', () => {
    for (const [sql, params] of [
      [STATS_TOTALS, [T0]],
      [STATS_BY_SECTOR, [T0]],
      [STATS_TOP_ORGANISATIONS, [T0, 5]],
    ] as const) {
      const details = plan(db, sql, ...params);
      expect(details).toMatch(/USING COVERING INDEX incidents_stats/);
      expect(details).not.toMatch(/SCAN incidents\b(?! USING COVERING)/);
    }
  });
});

describe('migration 012', () => {
  it('indexes the incidents of a store written before it, and fills the numbers stats sums', async () => {
    const db = new DatabaseSync(':memory:');
    migrateSqlite(db, MIGRATIONS.filter((m) => m.version < 12));
    const insert = db.prepare(
      `INSERT INTO incidents (id, organisation, sector, status, first_seen, last_seen, data, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const incidents = [
      makeIncident({ id: 'a', otherOrganisations: ['Kent Police', 'Exampleshire County Council'], lastSeen: isoAt(5) }),
      makeIncident({ id: 'b', organisation: 'Kent Police', sector: 'police', affected: null, lastSeen: isoAt(3) }),
      makeIncident({ id: 'c', organisation: 'Example NHS Trust', sector: 'nhs', status: 'not_breach', affected: 7 }),
    ];
    for (const i of incidents) insert.run(i.id, i.organisation, i.sector, i.status, i.firstSeen, i.lastSeen, JSON.stringify(i), T0, T0);
    expect(migrateSqlite(db, MIGRATIONS)).toEqual(MIGRATIONS.filter((m) => m.version >= 12).map((m) => m.version));

    const store = createSqliteStore(db, ':memory:');
    const find = async (organisations: string[]) => (await store.findIncidents({ organisations, since: isoAt(-60) })).map((i) => i.id);
    expect(await find(['Kent Police'])).toEqual(['a', 'b']);
    expect(await find(['Exampleshire County Council'])).toEqual(['a']);
    expect(await find(['Example NHS Trust'])).toEqual(['c']);
    expect(await store.incidentStats(isoAt(-60))).toEqual(summariseIncidents(incidents.filter((i) => i.status === 'open')));
    await store.close();
  });
});

// Organisation names that sort differently by code unit and by locale ('b' < 'C' < 'É'), and few of them,
// so that counts tie; sectors including none; affected counts and article lists of any size.
const arbitraryIncident = fc.record({
  organisation: fc.constantFrom('Ayr Council', 'b Council', 'C Council', 'É Council', 'e Council', 'Zed Trust', 'Örebro'),
  sector: fc.constantFrom(null, ...SECTORS),
  affected: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
  articles: fc.integer({ min: 1, max: 60 }),
  status: fc.constantFrom('open', 'open', 'not_breach'),
  createdAt: fc.integer({ min: -400, max: 10 }),
});

describe('/breach stats in SQL', () => {
  it('breaks a tie for the last of the top organisations by name as people read it, not by code unit', async () => {
    const store = openSqliteStore(':memory:');
    const names = ['Zed Trust', 'e Council', 'b Council', 'É Council', 'C Council', 'Ayr Council'];
    for (const [n, organisation] of names.entries()) {
      await store.commitArticle(makeCommit({ key: `k${n}`, incident: makeIncident({ id: `i-${n}`, organisation }), destinations: [] }));
    }
    const top = (await store.incidentStats(isoAt(-60))).topOrganisations.map((o) => o.organisation);
    expect(top).toEqual(['Ayr Council', 'b Council', 'C Council', 'e Council', 'É Council']);
    await store.close();
  });

  it('gives exactly what summariseIncidents gives over the same incidents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryIncident, { maxLength: 40 }), fc.integer({ min: -400, max: 10 }), async (drawn, since) => {
        const store = openSqliteStore(':memory:');
        const stored: Array<{ incident: Incident; createdAt: number }> = [];
        for (const [n, d] of drawn.entries()) {
          const article = { url: `https://news.example/${n}`, title: 't', outlet: null, published: T0 };
          const incident = makeIncident({ ...d, id: `i-${n}`, articles: Array.from({ length: d.articles }, () => article) });
          const commit = makeCommit({ key: `k${n}`, incident, destinations: [], article: { fetchedAt: isoAt(d.createdAt * 1440) } });
          await store.commitArticle(commit);
          stored.push({ incident, createdAt: d.createdAt });
        }
        const counted = stored.filter((s) => s.incident.status === 'open' && s.createdAt >= since).map((s) => s.incident);
        expect(await store.incidentStats(isoAt(since * 1440))).toEqual(summariseIncidents(counted));
        await store.close();
      }),
      { numRuns: 60 },
    );
  });
});
