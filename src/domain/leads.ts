// "Read more before deciding": which articles are worth fetching the lead of, and how a lead, or the
// reason there is none, joins the article and its decision. Pure; the fetching is in sources/fetch-lead.ts.
import type { StandfirstSource } from './standfirst.ts';
import type { Article, Classification } from './types.ts';

export type LeadResult =
  /** `url`: the page the lead was read from (the publisher's, after Google News and redirects). */
  | { fetched: true; text: string; source: StandfirstSource; url: string }
  /** `why` completes "Lead not fetched: …"; `url` is the page it tried, when it got that far. */
  | { fetched: false; why: string; url: string | null };

/** Fetches the lead of the article at `url` (its headline helps skip a description that only repeats it). Never throws. */
export type ReadLead = (url: string, headline: string) => Promise<LeadResult>;

export interface LeadRule {
  /** An article whose own text (beyond its headline and outlet) is shorter than this is "headline only". */
  shortLeadChars: number;
  /** A headline-only article scoring at least this (breach words without a body, say) is worth reading. */
  minScore: number;
}

export const DEFAULT_LEAD_RULE: LeadRule = { shortLeadChars: 100, minScore: 0.2 };

/** What `replay --json` and the logs show of a lead. */
export interface LeadReport {
  fetched: boolean;
  source: StandfirstSource | null;
  url: string | null;
  why: string | null;
}

const WORD = /[\p{L}\p{N}]/u;

/** `text` without every whole-word occurrence of `part` (compared case-insensitively). */
function without(text: string, part: string): string {
  if (part.trim() === '') return text;
  const lower = text.toLowerCase();
  const needle = part.toLowerCase();
  if (lower.length !== text.length) return text; // a case mapping that changes lengths: leave it
  const pieces: string[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (at < from || WORD.test(text.charAt(at - 1)) || WORD.test(text.charAt(end))) continue;
    pieces.push(text.slice(from, at));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces.join(' ');
}

/**
 * The words an article carries beyond its headline and outlet. A Google News item's description is the
 * headline and the publisher again, so its own lead is empty.
 */
export function ownLead(article: Pick<Article, 'title' | 'summary' | 'content' | 'outlet'>): string {
  // Bounded (the answer only has to tell short from long): a hostile title and summary cost 4 000 × 1 000.
  const text = (article.summary !== '' ? article.summary : article.content).slice(0, 4_000);
  return without(without(text, article.title.slice(0, 1_000)), (article.outlet ?? '').slice(0, 1_000)).replace(/[\s\p{P}]+/gu, ' ').trim();
}

/**
 * Whether to read the article's lead before deciding: it has a link, says too little to decide, and
 * could be a breach (an alert already, a public body found, or breach words enough to score `minScore`).
 * A headline with no breach or exposure words at all scores 0.05 and is not fetched.
 */
export function needsLead(article: Article, classification: Classification, rule: LeadRule): boolean {
  if (article.url === null) return false;
  if (ownLead(article).length >= rule.shortLeadChars) return false;
  return classification.alert || classification.organisation !== null || classification.score >= rule.minScore;
}

/** The article with the lead as its summary (after whatever words of its own it had). */
export function withLead(article: Article, lead: string): Article {
  return { ...article, summary: ownLead(article) === '' ? lead : `${article.summary} ${lead}` };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The sentence the reasons get about the lead. */
export function leadReason(result: LeadResult): string {
  return result.fetched
    ? `Read the article's lead from ${hostOf(result.url)} (${result.source}).`
    : `Lead not fetched: ${result.why}; the headline-only decision stands.`;
}

export function leadReport(result: LeadResult): LeadReport {
  return result.fetched
    ? { fetched: true, source: result.source, url: result.url, why: null }
    : { fetched: false, source: null, url: result.url, why: result.why };
}
