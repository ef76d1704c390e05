// Which items get their lead read, and how the lead (or why there is none) joins the decision.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_RULE, leadReason, needsLead, ownLead, withLead, type LeadResult } from '../../src/domain/leads.ts';
import { articleText } from '../../src/pipeline/process-article.ts';
import { enrichWithLead } from '../../src/pipeline/read-lead.ts';
import { makeArticle } from '../helpers/articles.ts';
import { realClassifier } from '../helpers/classifier.ts';

const classify = realClassifier();
/** A Google News search item: its description is the headline and the publisher again. */
const headlineOnly = (title: string) =>
  makeArticle({ title, summary: `${title} Example Gazette`, outlet: 'Example Gazette', url: 'https://news.google.com/rss/articles/CBMiabc' });
const wants = (title: string): boolean => {
  const article = headlineOnly(title);
  return needsLead(article, classify(articleText(article)), DEFAULT_LEAD_RULE);
};

describe('needsLead (the real classifier on headline-only items)', () => {
  it.each([
    'Council apologises after data breach',
    'Kent County Council apologises after data breach',
    'Personal details of thousands of residents published online by mistake',
    'Apology after letters sent to wrong homes',
    'Hackers leak stolen files on dark web',
    'Security lapse',
  ])('reads the lead of a headline that could be a breach: %s', (title) => {
    expect(wants(title)).toBe(true);
  });

  it.each([
    'Council approves new budget for 2026',
    'NHS trust announces new chief executive',
    'Man charged after attack in Leeds city centre',
    'Police hunt burglars who stole laptop',
    'Hospital waiting lists grow',
  ])('does not fetch for a headline with no breach signal: %s', (title) => {
    expect(wants(title)).toBe(false);
  });

  it('does not fetch when the item says enough already, or has no link', () => {
    const title = 'Council apologises after data breach';
    const said = makeArticle({ title, summary: 'The council said a spreadsheet holding the names of 400 tenants was emailed to another tenant by mistake.' });
    expect(needsLead(said, classify(articleText(said)), DEFAULT_LEAD_RULE)).toBe(false);
    const unlinked = { ...headlineOnly(title), url: null };
    expect(needsLead(unlinked, classify(articleText(unlinked)), DEFAULT_LEAD_RULE)).toBe(false);
  });

  it("counts only the words beyond the headline and outlet as the item's own lead", () => {
    expect(ownLead(headlineOnly('Data blunder'))).toBe('');
    expect(ownLead(makeArticle({ title: 'A', summary: 'Breach - Example News: more words', outlet: 'Example News' }))).toBe('Breach more words');
    expect(withLead(headlineOnly('Data blunder'), 'The lead.').summary).toBe('The lead.');
    expect(withLead(makeArticle({ title: 'T', summary: 'Own words.' }), 'The lead.').summary).toBe('Own words. The lead.');
  });

  it('stays fast on a hostile title and summary', () => {
    const started = performance.now();
    ownLead(makeArticle({ title: 'a'.repeat(16_000), summary: 'a'.repeat(256_000), outlet: 'a'.repeat(4_000) }));
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('enrichWithLead', () => {
  const step = (result: LeadResult | Error) => ({
    rule: DEFAULT_LEAD_RULE,
    read: async () => {
      if (result instanceof Error) throw result;
      return result;
    },
  });
  const article = headlineOnly('Hackers leak stolen files on dark web');
  const first = classify(articleText(article));

  it('classifies again with the lead, and the reasons say where it came from', async () => {
    expect(first.alert).toBe(false);
    const lead = 'Files stolen from Northumberland County Council in a ransomware attack, including staff and resident records, have been published online.';
    const enriched = await enrichWithLead(article, first, step({ fetched: true, text: lead, source: 'og:description', url: 'https://www.example-gazette.co.uk/a' }), classify, articleText);
    expect(enriched.classification.alert).toBe(true);
    expect(enriched.classification.organisation).toBe('Northumberland County Council');
    expect(enriched.classification.reasons.at(-1)).toBe("Read the article's lead from www.example-gazette.co.uk (og:description).");
    expect(enriched.article.summary).toBe(lead);
    expect(enriched.lead).toEqual({ fetched: true, source: 'og:description', url: 'https://www.example-gazette.co.uk/a', why: null });
  });

  it('keeps the headline-only decision when there is no lead, and says why', async () => {
    const enriched = await enrichWithLead(article, first, step({ fetched: false, why: 'www.example.com answered HTTP 404', url: null }), classify, articleText);
    expect(enriched.classification).toEqual({ ...first, reasons: [...first.reasons, 'Lead not fetched: www.example.com answered HTTP 404; the headline-only decision stands.'] });
    expect(enriched.article).toBe(article);
  });

  it('keeps the decision when the reader throws (it should not, but the item is never lost)', async () => {
    const enriched = await enrichWithLead(article, first, step(new Error('boom')), classify, articleText);
    expect(enriched.classification.alert).toBe(first.alert);
    expect(enriched.lead).toMatchObject({ fetched: false, why: 'reading it failed (boom)' });
  });

  it('leaves items that need no lead alone', async () => {
    const other = headlineOnly('Council approves new budget for 2026');
    const c = classify(articleText(other));
    expect(await enrichWithLead(other, c, step(new Error('never called')), classify, articleText)).toEqual({ article: other, classification: c, lead: null });
  });

  it('words the reasons', () => {
    expect(leadReason({ fetched: false, why: "the cycle's budget of 20 pages was spent", url: null })).toBe(
      "Lead not fetched: the cycle's budget of 20 pages was spent; the headline-only decision stands.",
    );
  });
});
