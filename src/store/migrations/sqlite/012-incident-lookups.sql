-- 012: lookups that stay fast as the store grows (issue 21; docs/adr/019-store-lookups.md).
-- incident_organisations: each incident under its organisation and each of its other organisations,
-- with its last_seen, so that finding the incidents of an organisation seen since a time is an index
-- range, not a scan of every incident's JSON. Kept in step by sqlite-incidents.ts; rows go with the incident.
-- incidents.affected and incidents.article_count: the two numbers `/breach stats` sums, so that the
-- stats are aggregated in SQL from an index instead of parsing every incident of the period.

CREATE TABLE incident_organisations (
  organisation TEXT NOT NULL,
  last_seen    TEXT NOT NULL,
  incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  PRIMARY KEY (organisation, last_seen, incident_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX incident_organisations_incident ON incident_organisations (incident_id);

INSERT OR IGNORE INTO incident_organisations (organisation, last_seen, incident_id)
  SELECT organisation, last_seen, id FROM incidents
  UNION ALL
  SELECT o.value, i.last_seen, i.id FROM incidents i, json_each(i.data, '$.otherOrganisations') o WHERE o.type = 'text';

ALTER TABLE incidents ADD COLUMN affected REAL;
ALTER TABLE incidents ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET
  affected = CASE WHEN json_type(data, '$.affected') IN ('integer', 'real') THEN json_extract(data, '$.affected') END,
  article_count = coalesce(json_array_length(data, '$.articles'), 0);

-- `/breach recent`, with and without a sector: read in order, newest first, stopping at the limit.
CREATE INDEX incidents_recent ON incidents (status, last_seen DESC, id);
CREATE INDEX incidents_sector_recent ON incidents (status, sector, last_seen DESC, id);
-- `/breach stats`: every column the aggregate reads, so the index alone answers it.
CREATE INDEX incidents_stats ON incidents (status, created_at, sector, organisation, affected, article_count);
