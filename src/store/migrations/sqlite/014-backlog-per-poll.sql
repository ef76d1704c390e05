-- 014: a first poll's backlog is ONE row (docs/adr/028-first-poll-one-row.md), not a row per item: `items` holds
-- the poll's items in order (JSON, domain/backlog.ts encodeBacklogPoll: the context they were read in once,
-- then each item's key and raw fields, or its Article). The worker records them in order, in slices, and
-- counts them off in `done` in the transaction that stores their articles; the row goes with the last.
-- Rows from before (013: one per item, each with its own context) become one row per feed, in the order queued.

CREATE TABLE backlog_polls (
  id        INTEGER PRIMARY KEY,
  feed_id   TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  total     INTEGER NOT NULL,
  done      INTEGER NOT NULL DEFAULT 0,
  items     TEXT NOT NULL,
  CHECK (done >= 0 AND done < total)
) STRICT;

INSERT INTO backlog_polls (feed_id, queued_at, total, items)
  SELECT feed_id, min(queued_at), count(*), json_object('items', json_group_array(json(item) ORDER BY id))
  FROM backlog GROUP BY feed_id ORDER BY min(id);

DROP TABLE backlog;
ALTER TABLE backlog_polls RENAME TO backlog;
CREATE INDEX backlog_feed ON backlog (feed_id, id);
