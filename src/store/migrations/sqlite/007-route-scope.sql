-- 007: a chat route records the Slack workspace or Discord server that added it (issue 16 point 3), so
-- that admins see and remove only their own. Rows from before stay NULL: routes of unknown origin, which
-- a Discord bot no longer delivers to (docs/adr/009-chat-scope.md).

ALTER TABLE routes ADD COLUMN workspace_id TEXT;
