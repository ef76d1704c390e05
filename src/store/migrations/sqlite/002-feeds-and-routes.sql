-- 002: feeds and alert routes that admins add from chat (the YAML file's feeds and destinations
-- are read from config/breachwatch.yaml at start-up and are not stored here).

CREATE TABLE feeds (
  id               TEXT PRIMARY KEY NOT NULL,
  name             TEXT NOT NULL,
  url              TEXT NOT NULL UNIQUE,
  interval_minutes INTEGER,
  enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  added_by         TEXT NOT NULL,
  added_at         TEXT NOT NULL
) STRICT;

CREATE TABLE routes (
  id         TEXT PRIMARY KEY NOT NULL,
  sink       TEXT NOT NULL,
  channel    TEXT,
  filters    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(filters)),
  added_by   TEXT NOT NULL,
  added_at   TEXT NOT NULL
) STRICT;
