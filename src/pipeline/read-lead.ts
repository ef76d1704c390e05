// One step between classifying an article and acting on it: a headline-only item that could be a breach
// is given its article's lead and classified again; that decision stands. Whatever happens (no page, no
// budget), the item goes on, with a reason that says what became of its lead.
import { leadReason, leadReport, needsLead, withLead, type LeadReport, type LeadRule, type ReadLead } from '../domain/leads.ts';
import type { Article, ArticleText, Classification } from '../domain/types.ts';

export interface LeadStep {
  read: ReadLead;
  rule: LeadRule;
}

/** What the poller holds: the rule, and a reader with a fresh page budget for each cycle. */
export interface LeadReading {
  rule: LeadRule;
  forCycle(): ReadLead;
}

export interface Enriched {
  article: Article;
  classification: Classification;
  /** Null when the article did not need its lead. */
  lead: LeadReport | null;
}

export async function enrichWithLead(
  article: Article,
  classification: Classification,
  step: LeadStep,
  classify: (text: ArticleText) => Classification,
  articleText: (article: Article) => ArticleText,
): Promise<Enriched> {
  if (!needsLead(article, classification, step.rule) || article.url === null) return { article, classification, lead: null };
  const result = await step.read(article.url, article.title).catch((error: unknown) => ({
    fetched: false as const,
    why: `reading it failed (${error instanceof Error ? error.message : String(error)})`,
    url: null,
  }));
  if (!result.fetched) {
    return { article, classification: { ...classification, reasons: [...classification.reasons, leadReason(result)] }, lead: leadReport(result) };
  }
  const enriched = withLead(article, result.text);
  const again = classify(articleText(enriched));
  return { article: enriched, classification: { ...again, reasons: [...again.reasons, leadReason(result)] }, lead: leadReport(result) };
}
