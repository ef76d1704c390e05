-- 010: the source kind of a feed added from chat (docs/adr/015-source-kinds.md): "rss", "ico-news", …
-- as `feed add` detected it. NULL (feeds added before kinds existed): detected from what the URL serves.

ALTER TABLE feeds ADD COLUMN kind TEXT;
