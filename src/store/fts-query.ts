// Builds FTS5 MATCH expressions from what a person typed. User text is never FTS syntax: it is cut
// into words and each word becomes a quoted string, so '"', 'AND', '*', 'NEAR(' are just words or nothing.
import { nfkc } from '../domain/text-order.ts';

/** At most this many words are searched; the rest of a long paste is ignored. */
export const MAX_SEARCH_TERMS = 12;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The distinct words of a query, lower-cased, in order. Punctuation, emoji and symbols are dropped. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of nfkc(query).matchAll(WORD)) {
    const term = match[0].toLowerCase();
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms;
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** Every word must appear ("council ransomware" → "council" "ransomware"), or null when there are none. */
export function allTermsQuery(terms: readonly string[]): string | null {
  return terms.length === 0 ? null : terms.map(quote).join(' ');
}

/** Any word may appear; used when no article has all of them. */
export function anyTermQuery(terms: readonly string[]): string | null {
  return terms.length === 0 ? null : terms.map(quote).join(' OR ');
}

/** The same words, looked for in the title only (an expression of allTermsQuery or anyTermQuery). */
export function inTitleQuery(query: string): string {
  return `title : (${query})`;
}
