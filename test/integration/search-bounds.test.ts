// Search at a cost bounded by what it reads (issue 21 point 5; docs/adr/021-search-ranking.md): words in
// many articles narrow a search without ranking it, on a real SQLite store with the bounds made small.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrateSqlite } from '../../src/store/migrate.ts';
import { createSqliteContext } from '../../src/store/sqlite-db.ts';
import { SEARCH_BOUNDS, searchArticles, searchPlans, type SearchBounds } from '../../src/store/sqlite-search.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { isoAt, makeArticle, makeClassification } from '../contract/store-fixtures.ts';

interface Stored {
  key: string;
  title: string;
  summary?: string;
}

/** A store holding these articles, in this order (later is newer), and a search over it with `bounds`. */
async function storeWith(articles: readonly Stored[], bounds: SearchBounds) {
  const db = new DatabaseSync(':memory:');
  migrateSqlite(db);
  const store = createSqliteStore(db, ':memory:');
  for (const [n, { key, title, summary = 'Nothing else to say.' }] of articles.entries()) {
    const at = isoAt(n);
    const url = `https://news.example/${key}`;
    const article = makeArticle({ key, url, title, summary, content: '', published: at, fetchedAt: at });
    const classification = makeClassification({ alert: false });
    await store.commitArticle({ article, classification, incident: null, outbox: [] });
  }
  const ctx = createSqliteContext(db, ':memory:');
  return (query: string, limit = 10) =>
    searchArticles(ctx, query, limit, bounds).map((hit) => hit.url?.replace('https://news.example/', ''));
}

// 40 articles with "council": every fifth has it in the title, the rest in the summary; every seventh also
// says "ransomware".
const COUNCIL: Stored[] = Array.from({ length: 40 }, (_, n) => ({
  key: `c${n}`,
  title: n % 5 === 0 ? `Council update number ${n}` : `Local news number ${n}`,
  summary: `${n % 5 === 0 ? 'Residents were told.' : 'The council said so.'}${n % 7 === 0 ? ' Ransomware found.' : ''}`,
}));
const SMALL: SearchBounds = { candidates: 12, wordWalk: 10 };

describe('search with common words', () => {
  it('a word in many articles still finds the newest ones, those with it in the title first', async () => {
    const search = await storeWith([{ key: 'old', title: 'Council opens the old archive' }, ...COUNCIL], SMALL);
    // Candidates: the 12 newest with "council" (c28-c39); of those c30 and c35 have it in the title.
    expect(search('council')).toEqual(['c35', 'c30', 'c39', 'c38', 'c37', 'c36', 'c34', 'c33', 'c32', 'c31']);
    expect(search('Council', 3)).toEqual(['c35', 'c30', 'c39']);
  });

  it("with the bot's bounds, the same store ranks the word by bm25: the title matches first", async () => {
    const search = await storeWith(COUNCIL, SEARCH_BOUNDS);
    const titled = COUNCIL.filter((a) => a.title.startsWith('Council')).map((a) => a.key);
    expect(new Set(search('council', 8))).toEqual(new Set(titled));
  });

  it('ranks by the uncommon words and keeps the common ones as a filter', async () => {
    const rare = { key: 'r', title: 'Ransomware at the depot', summary: 'No council was named.' };
    const search = await storeWith([rare, ...COUNCIL], SMALL);
    // A bound of 10 / 2 words = 5 articles: "ransomware" (7) and "council" (41) are both common; newest first.
    expect(search('ransomware council')).toEqual(['c35', 'c28', 'c21', 'c14', 'c7', 'c0', 'r']);
    const wider = await storeWith([rare, ...COUNCIL], { candidates: 12, wordWalk: 20 });
    // 20 / 2 = 10 per word: "ransomware" (7) ranks, "council" (41) only filters; the title match comes first.
    expect(wider('ransomware council')[0]).toBe('r');
    expect(new Set(wider('ransomware council'))).toEqual(new Set(['r', 'c0', 'c7', 'c14', 'c21', 'c28', 'c35']));
  });

  it('when no article has every word, looks for the uncommon words, then for any word', async () => {
    const police = { key: 'p', title: 'Police force emails sent to the wrong people' };
    const search = await storeWith([police, ...COUNCIL], SMALL);
    expect(search('police council')).toEqual(['p']);
    expect(search('council zzzunknown', 3)).toEqual(['c35', 'c30', 'c39']);
  });
});

describe('search plans', () => {
  it('rank by bm25 over the uncommon words, and fall back to them alone', () => {
    expect(searchPlans(['ransomware', 'council'], ['ransomware'])).toEqual([
      { match: '"ransomware" "council"', rank: { bm25: '"ransomware"' } },
      { match: '"ransomware"', rank: { bm25: '"ransomware"' } },
      { match: '"ransomware" OR "council"', rank: { title: 'title : ("ransomware" OR "council")' } },
    ]);
  });
  it('with no uncommon word, rank by the title then the newest', () => {
    expect(searchPlans(['the', 'council'], [])).toEqual([
      { match: '"the" "council"', rank: { title: 'title : ("the" "council")' } },
      { match: '"the" OR "council"', rank: { title: 'title : ("the" OR "council")' } },
    ]);
    expect(searchPlans(['council'], [])).toEqual([{ match: '"council"', rank: { title: 'title : ("council")' } }]);
    expect(searchPlans([], [])).toEqual([]);
  });
});
