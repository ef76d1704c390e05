-- 008: facts about the store itself. `store_id` is a random id made once, when this migration runs:
-- messages a deployment posts carry it, so that two deployments in one chat channel never take each
-- other's messages for their own (issue 16 point 8).

CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

INSERT INTO store_meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
