// Articles in SQLite: the one-transaction commit of a processed article, and full-text search.
import { seenKeys } from '../domain/item-key.ts';
import type { ArticleCommit, ArticleStore } from './ports.ts';
import type { SqliteContext } from './sqlite-db.ts';
import { inTransaction, isoTime, run, text, textOrNull } from './sqlite-db.ts';
import { drainInTransaction } from './sqlite-backlog.ts';
import { markSeenInTransaction, saveFeedStateRow } from './sqlite-feeds.ts';
import { absorbIncidentInTransaction, upsertIncidentInTransaction } from './sqlite-incidents.ts';
import { enqueueInTransaction } from './sqlite-outbox.ts';
import { searchArticles } from './sqlite-search.ts';

const UPSERT_ARTICLE = `
  INSERT INTO articles (feed_id, item_key, url, title, summary, content, outlet, published, fetched_at,
                        alert, category, score, classification, incident_id, story, syndication)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (feed_id, item_key) DO UPDATE SET
    url = excluded.url, title = excluded.title, summary = excluded.summary, content = excluded.content,
    story = excluded.story, syndication = excluded.syndication, outlet = excluded.outlet, published = excluded.published, alert = excluded.alert,
    category = excluded.category, score = excluded.score, classification = excluded.classification,
    incident_id = coalesce(excluded.incident_id, articles.incident_id)`;

// By the two story indexes: few rows share a key, so the other conditions read only those.
export const FIND_STORY = `
  SELECT feed_id, item_key, incident_id, id FROM articles
  WHERE story = ?1 AND feed_id <> ?3 AND coalesce(published, fetched_at) BETWEEN ?4 AND ?5
  UNION ALL
  SELECT feed_id, item_key, incident_id, id FROM articles
  WHERE syndication = ?2 AND feed_id <> ?3 AND coalesce(published, fetched_at) BETWEEN ?4 AND ?5
  ORDER BY id LIMIT 1`;

/**
 * Writes everything one processed article changes, inside the caller's transaction: its incident first (the
 * article row refers to it), the row, seen marks, outbox.
 */
export function commitArticleInTransaction(ctx: SqliteContext, commit: ArticleCommit): void {
  const { article, classification, incident, absorbed = [], outbox } = commit;
  const at = isoTime(article.fetchedAt);
  if (incident) upsertIncidentInTransaction(ctx, incident, at);
  ctx
    .statement(UPSERT_ARTICLE)
    .run(
      article.feedId,
      article.key,
      article.url,
      article.title,
      article.summary,
      article.content,
      article.outlet,
      article.published,
      at,
      classification.alert ? 1 : 0,
      classification.category,
      classification.score,
      JSON.stringify(classification),
      incident?.id ?? null,
      article.story ?? null,
      article.syndication ?? null,
    );
  if (incident) for (const from of absorbed) absorbIncidentInTransaction(ctx, from, incident.id);
  markSeenInTransaction(ctx, article.feedId, seenKeys(article), at);
  enqueueInTransaction(ctx, outbox, at);
}

export function createSqliteArticleStore(ctx: SqliteContext): ArticleStore {
  return {
    commitArticle(commit) {
      return run(ctx, `commit article ${commit.article.key} of feed ${commit.article.feedId}`, () => {
        inTransaction(ctx.db, () => commitArticleInTransaction(ctx, commit));
      });
    },

    commitArticles({ articles, seen, states = [], drained = [] }) {
      return run(ctx, `commit ${articles.length} article(s)`, () => {
        if (articles.length === 0 && seen.length === 0 && states.length === 0 && drained.length === 0) return;
        inTransaction(ctx.db, () => {
          for (const commit of articles) commitArticleInTransaction(ctx, commit);
          for (const { feedId, keys, at } of seen) markSeenInTransaction(ctx, feedId, keys, at);
          for (const state of states) saveFeedStateRow(ctx, state);
          drainInTransaction(ctx, drained);
        });
      });
    },

    findStory({ story, syndication, otherThanFeed, from, to }) {
      return run(ctx, 'find an article by its story keys', () => {
        const row = ctx.statement(FIND_STORY).get(story, syndication, otherThanFeed, from, to);
        return row ? { feedId: text(row, 'feed_id'), key: text(row, 'item_key'), incidentId: textOrNull(row, 'incident_id') } : null;
      });
    },

    searchArticles(query, limit) {
      return run(ctx, 'search articles', () => searchArticles(ctx, query, limit));
    },
  };
}
