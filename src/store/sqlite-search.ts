// Full-text search over stored articles, at a cost bounded by what it reads for the answer, not by how
// many articles hold a word (issue 21 point 5; docs/adr/021-search-ranking.md).
//
// FTS5's bm25 weighs each word by how many articles hold it, and learns that by walking the word's whole
// doclist once per search: 60-80 ms of CPU for a word in nearly every one of a million articles. So a
// search first counts each word's articles only up to a cap (a bounded walk). Words under the cap rank the
// hits with bm25, exactly as FTS5 computes it for those words; words at or over it ("common") only narrow
// the search, since bm25 would give them little weight anyway. A search of common words alone shows the
// newest matches with every word in the title first, then the other newest matches.
import type { ArticleHit } from './ports.ts';
import { allTermsQuery, anyTermQuery, inTitleQuery, searchTerms } from './fts-query.ts';
import type { Row, SqliteContext } from './sqlite-db.ts';
import { text, textOrNull } from './sqlite-db.ts';

export interface SearchBounds {
  /** A search considers at most this many matching articles, the newest ones. */
  candidates: number;
  /**
   * How many articles' entries a search may walk to count its words' articles, and as many again for
   * bm25's own count: a word is common when it is in at least this many divided by the number of words.
   */
  wordWalk: number;
}

export const SEARCH_BOUNDS: SearchBounds = { candidates: 2_000, wordWalk: 20_000 };
export const MAX_SEARCH_LIMIT = 100;

// The newest `candidates` matches of ?1 (FTS5 walks a doclist backwards cheaply; a `rowid >=` bound read
// forwards costs the whole doclist).
const CANDIDATES = `candidates AS MATERIALIZED (
    SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3)`;

// Only the `limit` best get their snippet and article row: a snippet reads and tokenizes the article
// again. Their snippets come from one walk over their range, newest first (cheaper than a seek for each:
// 0.6 against 4.6 ms for ten hits of a word in 1% of a million articles). CROSS JOIN keeps that order.
const BEST_HITS = `
  SELECT a.url, a.title, a.outlet, a.published, a.incident_id, hit.snippet
  FROM (
    SELECT rowid AS id, snippet(articles_fts, -1, '', '', '…', 16) AS snippet FROM articles_fts
    WHERE articles_fts MATCH ?1 AND rowid >= (SELECT min(id) FROM best) AND +rowid IN (SELECT id FROM best)
    ORDER BY rowid DESC LIMIT ?2) AS hit
  CROSS JOIN best ON best.id = hit.id
  CROSS JOIN articles a ON a.id = hit.id
  ORDER BY best.rank, best.id DESC`;

/** Counts a word's articles, stopping at ?2. */
export const WORD_ARTICLES = `
  SELECT count(*) AS n FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT ?2)`;

// No common word: the candidates ranked by bm25 in the same walk (title over summary over content).
export const SEARCH = `
  WITH best AS MATERIALIZED (
    SELECT id, rank FROM (
      SELECT rowid AS id, bm25(articles_fts, 10.0, 4.0, 1.0) AS rank FROM articles_fts
      WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3)
    ORDER BY rank, id DESC LIMIT ?2)
  ${BEST_HITS}`;

// Common and uncommon words: the candidates ranked by bm25 over the uncommon words ?4 only, in a second
// walk over the candidates' range. `+rowid` keeps the candidates out of that walk's MATCH (each rowid
// given to FTS5 would start bm25's count again).
export const SEARCH_RANKED = `
  WITH ${CANDIDATES},
  best AS MATERIALIZED (
    SELECT rowid AS id, bm25(articles_fts, 10.0, 4.0, 1.0) AS rank FROM articles_fts
    WHERE articles_fts MATCH ?4 AND rowid >= (SELECT min(id) FROM candidates) AND +rowid IN (SELECT id FROM candidates)
    ORDER BY rank, id DESC LIMIT ?2)
  ${BEST_HITS}`;

// Common words only: the candidates with the words in the title (?4) first, each group newest first.
// Every title match at or above the oldest candidate is a candidate, so that range is all it walks.
export const SEARCH_NEWEST = `
  WITH ${CANDIDATES},
  titled AS (
    SELECT rowid AS id FROM articles_fts
    WHERE articles_fts MATCH ?4 AND rowid >= (SELECT min(id) FROM candidates) ORDER BY rowid DESC),
  best AS MATERIALIZED (
    SELECT id, CASE WHEN id IN (SELECT id FROM titled) THEN 0 ELSE 1 END AS rank FROM candidates
    ORDER BY rank, id DESC LIMIT ?2)
  ${BEST_HITS}`;

/** What one search statement runs: FTS5 expressions of quoted words only (fts-query.ts). */
export interface SearchPlan {
  /** Which articles are hits. */
  match: string;
  /** bm25 over these words ranks them; or, with `title`, the words in the title then the newest. */
  rank: { bm25: string } | { title: string };
}

/**
 * The plans to try in turn until one finds something: every word; then, with two words or more, any of
 * the uncommon words (an article with only a common word is hardly a match), then any word at all.
 * `uncommon` are the words in fewer articles than the common bound.
 */
export function searchPlans(terms: readonly string[], uncommon: readonly string[]): SearchPlan[] {
  const all = allTermsQuery(terms);
  if (all === null) return [];
  const some = allTermsQuery(uncommon);
  const plans: SearchPlan[] = [{ match: all, rank: some === null ? { title: inTitleQuery(all) } : { bm25: some } }];
  const anyUncommon = anyTermQuery(uncommon);
  const any = anyTermQuery(terms);
  if (terms.length < 2 || any === null) return plans;
  if (anyUncommon !== null) plans.push({ match: anyUncommon, rank: { bm25: anyUncommon } });
  return [...plans, { match: any, rank: { title: inTitleQuery(any) } }];
}

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

/** The words of `terms` in fewer than `bound` articles each, counting each up to the bound only. */
function uncommonTerms(ctx: SqliteContext, terms: readonly string[], bound: number): string[] {
  const count = ctx.statement(WORD_ARTICLES);
  return terms.filter((term) => Number(count.get(allTermsQuery([term]), bound)?.['n']) < bound);
}

/** Full-text search, best first (ArticleStore.searchArticles); `bounds` only differ in tests. */
export function searchArticles(ctx: SqliteContext, query: string, limit: number, bounds = SEARCH_BOUNDS): ArticleHit[] {
  const terms = searchTerms(query);
  const capped = Math.min(Math.floor(limit), MAX_SEARCH_LIMIT);
  if (terms.length === 0 || !(capped > 0)) return [];
  const uncommon = uncommonTerms(ctx, terms, Math.max(1, Math.floor(bounds.wordWalk / terms.length)));
  for (const { match, rank } of searchPlans(terms, uncommon)) {
    const order = 'bm25' in rank ? rank.bm25 : rank.title;
    const rows =
      order === match
        ? ctx.statement(SEARCH).all(match, capped, bounds.candidates)
        : ctx.statement('bm25' in rank ? SEARCH_RANKED : SEARCH_NEWEST).all(match, capped, bounds.candidates, order);
    const hits = rows.map(hitFromRow);
    if (hits.length > 0) return hits;
  }
  return [];
}
