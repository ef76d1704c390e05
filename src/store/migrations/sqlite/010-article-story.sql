-- 010: an article's identity across feeds (domain/item-key.ts storyKey), so that the same story from
-- two Google News searches, or syndicated word for word by several outlets, is found by an indexed
-- lookup and recorded once (issue 20 point 3). Null for articles stored before, and for items without one.

ALTER TABLE articles ADD COLUMN story TEXT;
CREATE INDEX articles_story ON articles (story) WHERE story IS NOT NULL;
