-- 010: an article's identities across feeds (domain/item-key.ts storyKeys): its headline and publisher
-- (`story`) and its headline and lead (`syndication`), so that the same story from two Google News
-- searches, from a search and the publisher's own feed, or syndicated word for word by several outlets,
-- is found by an indexed lookup and recorded once (issue 20 point 3; docs/adr/017). Null for articles
-- stored before, and for items without one.

ALTER TABLE articles ADD COLUMN story TEXT;
ALTER TABLE articles ADD COLUMN syndication TEXT;
CREATE INDEX articles_story ON articles (story) WHERE story IS NOT NULL;
CREATE INDEX articles_syndication ON articles (syndication) WHERE syndication IS NOT NULL;
