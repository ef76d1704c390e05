-- 003: a small key-value table with absolute expiry (epoch ms), behind keyv (sqlite-keyv.ts).
-- Used for short-lived state such as command cooldowns.

CREATE TABLE kv (
  key     TEXT PRIMARY KEY NOT NULL,
  value   TEXT NOT NULL,
  expires INTEGER
) STRICT;

CREATE INDEX kv_expires ON kv (expires) WHERE expires IS NOT NULL;
