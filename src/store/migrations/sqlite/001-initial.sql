-- 001: the initial breachwatch schema (SQLite). Times are ISO 8601 UTC strings ('…Z') so that they
-- compare correctly as text; lease expiry is epoch milliseconds.

CREATE TABLE feed_state (
  feed_id              TEXT PRIMARY KEY NOT NULL,
  etag                 TEXT,
  last_modified        TEXT,
  initialised          INTEGER NOT NULL DEFAULT 0 CHECK (initialised IN (0, 1)),
  last_polled_at       TEXT,
  last_success_at      TEXT,
  next_poll_at         TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT,
  warned_at            TEXT
) STRICT;

CREATE TABLE seen_items (
  feed_id  TEXT NOT NULL,
  item_key TEXT NOT NULL,
  seen_at  TEXT NOT NULL,
  PRIMARY KEY (feed_id, item_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE incidents (
  id           TEXT PRIMARY KEY NOT NULL,
  organisation TEXT NOT NULL,
  sector       TEXT,
  status       TEXT NOT NULL CHECK (status IN ('open', 'not_breach')),
  first_seen   TEXT NOT NULL,
  last_seen    TEXT NOT NULL,
  data         TEXT NOT NULL CHECK (json_valid(data)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX incidents_organisation_last_seen ON incidents (organisation, last_seen);
CREATE INDEX incidents_last_seen ON incidents (last_seen);

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  feed_id        TEXT NOT NULL,
  item_key       TEXT NOT NULL,
  url            TEXT,
  title          TEXT NOT NULL,
  summary        TEXT NOT NULL DEFAULT '',
  content        TEXT NOT NULL DEFAULT '',
  outlet         TEXT,
  published      TEXT,
  fetched_at     TEXT NOT NULL,
  alert          INTEGER NOT NULL CHECK (alert IN (0, 1)),
  category       TEXT NOT NULL,
  score          REAL NOT NULL,
  classification TEXT NOT NULL CHECK (json_valid(classification)),
  incident_id    TEXT REFERENCES incidents (id),
  UNIQUE (feed_id, item_key)
) STRICT;

CREATE INDEX articles_incident ON articles (incident_id) WHERE incident_id IS NOT NULL;

-- Full-text index over the articles table (external content: the text is stored once, in articles).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
  title, summary, content,
  content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, summary, content) VALUES (new.id, new.title, new.summary, new.content);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, content ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
  INSERT INTO articles_fts (rowid, title, summary, content) VALUES (new.id, new.title, new.summary, new.content);
END;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id     TEXT NOT NULL,
  destination     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('alert', 'update')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'poison')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  message_ref     TEXT,
  created_at      TEXT NOT NULL,
  claimed_at      TEXT,
  sent_at         TEXT
) STRICT;

CREATE INDEX outbox_status_next_attempt ON outbox (status, next_attempt_at);
CREATE INDEX outbox_incident_destination ON outbox (incident_id, destination);
-- One live alert per incident and destination: a second one (a race or a bug) fails its transaction
-- instead of posting the incident twice. A poisoned alert does not count, so it can be replaced.
CREATE UNIQUE INDEX outbox_one_alert ON outbox (incident_id, destination) WHERE kind = 'alert' AND status <> 'poison';

CREATE TABLE leases (
  name       TEXT PRIMARY KEY NOT NULL,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
