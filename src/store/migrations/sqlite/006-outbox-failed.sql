-- 006: outbox rows that are given up on (a destination failing for days, an update with no alert to
-- update) end as 'failed', and a failed alert, like a poisoned one, can be replaced by a new alert.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt as in 005. Rows no longer
-- carry the incident's evidence or history (docs/adr/006-outbox.md): existing ones are trimmed here.

CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id     TEXT NOT NULL,
  destination     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('alert', 'update', 'notice')),
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'poison', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  message_ref     TEXT,
  created_at      TEXT NOT NULL,
  claimed_at      TEXT,
  sent_at         TEXT
) STRICT;

INSERT INTO outbox_new (id, incident_id, destination, kind, payload, status, attempts, next_attempt_at, last_error, message_ref, created_at, claimed_at, sent_at)
  SELECT id, incident_id, destination, kind,
         CASE WHEN kind = 'notice' THEN payload
              ELSE json_set(json_remove(payload, '$.incident.evidence', '$.incident.history'), '$.incident.terms', json('[]')) END,
         status, attempts, next_attempt_at, last_error, message_ref, created_at, claimed_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_status_next_attempt ON outbox (status, next_attempt_at);
CREATE INDEX outbox_incident_destination ON outbox (incident_id, destination);
CREATE INDEX outbox_destination_status ON outbox (destination, status, id);
CREATE UNIQUE INDEX outbox_one_alert ON outbox (incident_id, destination) WHERE kind = 'alert' AND status NOT IN ('poison', 'failed');
