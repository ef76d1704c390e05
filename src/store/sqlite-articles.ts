// Articles in SQLite: the one-transaction commit of a processed article, and full-text search.
import { seenKeys } from '../domain/item-key.ts';
import type { ArticleCommit, ArticleHit, ArticleStore } from './ports.ts';
import { allTermsQuery, anyTermQuery, searchTerms } from './fts-query.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { inTransaction, isoTime, run, text, textOrNull } from './sqlite-db.ts';
import { markSeenInTransaction } from './sqlite-feeds.ts';
import { absorbIncidentInTransaction, upsertIncidentInTransaction } from './sqlite-incidents.ts';
import { enqueueInTransaction } from './sqlite-outbox.ts';

/** A search ranks at most this many matching articles, the newest ones, so a common word stays fast. */
export const SEARCH_CANDIDATES = 2_000;
export const MAX_SEARCH_LIMIT = 100;

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

// Ranks only the newest SEARCH_CANDIDATES matches, read newest first (FTS5 walks a doclist backwards
// cheaply; a `rowid >=` bound read forwards costs the whole doclist), weighting title over summary over
// content. Only the `limit` best then get their snippet and article row: a snippet reads and tokenizes
// the article again (issue 21). CROSS JOIN keeps that order of work. What still grows with the store is
// bm25's count of the articles holding each word (FTS5 walks the word's whole doclist once per search).
export const SEARCH = `
  WITH candidates AS (
    SELECT rowid AS id, bm25(articles_fts, 10.0, 4.0, 1.0) AS rank FROM articles_fts
    WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3),
  best AS (SELECT id, rank FROM candidates ORDER BY rank, id DESC LIMIT ?2)
  SELECT a.url, a.title, a.outlet, a.published, a.incident_id,
         snippet(articles_fts, -1, '', '', '…', 16) AS snippet
  FROM best
  CROSS JOIN articles_fts ON articles_fts.rowid = best.id
  CROSS JOIN articles a ON a.id = best.id
  WHERE articles_fts MATCH ?1
  ORDER BY best.rank, best.id DESC`;

function hitFromRow(row: Row): ArticleHit {
  return {
    url: textOrNull(row, 'url'),
    title: text(row, 'title'),
    outlet: textOrNull(row, 'outlet'),
    published: textOrNull(row, 'published'),
    incidentId: textOrNull(row, 'incident_id'),
    snippet: textOrNull(row, 'snippet') ?? '',
  };
}

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
  function search(match: string, limit: number): ArticleHit[] {
    return ctx.statement(SEARCH).all(match, limit, SEARCH_CANDIDATES).map(hitFromRow);
  }

  return {
    commitArticle(commit) {
      return run(ctx, `commit article ${commit.article.key} of feed ${commit.article.feedId}`, () => {
        inTransaction(ctx.db, () => commitArticleInTransaction(ctx, commit));
      });
    },

    commitArticles({ articles, seen }) {
      return run(ctx, `commit ${articles.length} article(s)`, () => {
        if (articles.length === 0 && seen.length === 0) return;
        inTransaction(ctx.db, () => {
          for (const commit of articles) commitArticleInTransaction(ctx, commit);
          for (const { feedId, keys, at } of seen) markSeenInTransaction(ctx, feedId, keys, at);
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
      return run(ctx, 'search articles', () => {
        const terms = searchTerms(query);
        const all = allTermsQuery(terms);
        const capped = Math.min(Math.floor(limit), MAX_SEARCH_LIMIT);
        if (all === null || !(capped > 0)) return [];
        const hits = search(all, capped);
        const any = anyTermQuery(terms);
        // When no article has every word, fall back to articles with any of them, still ranked.
        return hits.length > 0 || terms.length < 2 || any === null ? hits : search(any, capped);
      });
    },
  };
}
