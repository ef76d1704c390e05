-- 009: indexes for retention (issue 16 point 9; sqlite-retention.ts), so that each pruning run reads
-- only the rows it deletes: seen items by feed and last-seen time (seen_at is refreshed when an item
-- is fetched again), articles with no incident by fetch time, and finished outbox rows by when they
-- finished.

CREATE INDEX seen_items_feed_seen_at ON seen_items (feed_id, seen_at);
CREATE INDEX articles_unattached_fetched_at ON articles (fetched_at) WHERE incident_id IS NULL;
CREATE INDEX outbox_finished_at ON outbox (status, coalesce(sent_at, created_at));
