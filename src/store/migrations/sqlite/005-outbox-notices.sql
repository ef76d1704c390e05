-- 005: the outbox also carries notices to admins (a feed keeps failing; it works again). SQLite cannot
-- change a CHECK constraint in place, so the table is rebuilt with the same columns, rows and indexes.

CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id     TEXT NOT NULL,
  destination     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('alert', 'update', 'notice')),
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

INSERT INTO outbox_new (id, incident_id, destination, kind, payload, status, attempts, next_attempt_at, last_error, message_ref, created_at, claimed_at, sent_at)
  SELECT id, incident_id, destination, kind, payload, status, attempts, next_attempt_at, last_error, message_ref, created_at, claimed_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_status_next_attempt ON outbox (status, next_attempt_at);
CREATE INDEX outbox_incident_destination ON outbox (incident_id, destination);
CREATE UNIQUE INDEX outbox_one_alert ON outbox (incident_id, destination) WHERE kind = 'alert' AND status <> 'poison';
