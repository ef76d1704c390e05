-- 004: when articles show two incidents are one (or an admin merges them), the absorbed incident's
-- row goes and its id becomes an alias of the surviving incident, so old links and `show` still work.

CREATE TABLE incident_aliases (
  alias       TEXT PRIMARY KEY NOT NULL,
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE
) STRICT;

CREATE INDEX incident_aliases_incident ON incident_aliases (incident_id);
