-- 013: the backlog of first polls (docs/adr/024-first-poll-backlog.md). A feed's first poll marks its items
-- seen and keeps each one here, as parsed (`item`: JSON, domain/backlog.ts), in one transaction with its seen
-- marks and feed state; a worker classifies, clusters and stores them between polls, oldest feed first, and
-- deletes each row in the transaction that stores its article. A store from before has no rows: its feeds'
-- first polls were recorded whole.

CREATE TABLE backlog (
  id        INTEGER PRIMARY KEY,
  feed_id   TEXT NOT NULL,
  item_key  TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  item      TEXT NOT NULL,
  UNIQUE (feed_id, item_key)
) STRICT;
