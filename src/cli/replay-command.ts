// `breachwatch replay FEED… [--json]`: feed files or URLs through parse → normalise → classify →
// cluster with a throwaway in-memory store and no chat. Every item counts as new (no flood guard, no
// age limit), and articles go in by publication date. The --json shape is a contract: add, never remove.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { articleDate } from '../domain/cluster.ts';
import { BreachwatchError, ErrorCode, describeError } from '../domain/errors.ts';
import { DEFAULT_LEAD_RULE, needsLead, type LeadReport } from '../domain/leads.ts';
import type { Article, ArticleText, Classification, Incident } from '../domain/types.ts';
import { silentLogger } from '../log/logger.ts';
import { processArticles, type ArticleOutcome, type ProcessDeps } from '../pipeline/process-article.ts';
import type { LeadReading } from '../pipeline/read-lead.ts';
import { decodeFeedBody } from '../sources/decode.ts';
import { normaliseItems } from '../domain/normalise.ts';
import { parseFeed } from '../sources/parse-feed.ts';
import { openScratchStore } from '../store/sqlite-store.ts';
import { compareText } from '../domain/text-order.ts';

export interface ReplayIncident {
  id: string;
  organisation: string;
  sector: Incident['sector'];
  affected: number | null;
  /** Every distinct count reported; more than one means the reports conflict. */
  affectedReported: number[];
  otherOrganisations: string[];
  supplier: string | null;
  dataTypes: string[];
  cause: Incident['cause'];
  regulatorAction: string | null;
  firstSeen: string;
  lastSeen: string;
  reasons: string[];
  /** `lead`: what became of the article's lead (null: it said enough, or it is not from this replay). */
  articles: Array<{ url: string | null; title: string; outlet: string | null; published: string | null; lead?: LeadReport | null }>;
  /** How the incident grew, oldest first: created, then each new source and what it changed. */
  history: Array<{ at: string; kind: string; source: { url: string | null; title: string; outlet: string | null } | null; changes: string[] }>;
}

export interface ReplayResult {
  incidents: ReplayIncident[];
  rejected: Array<{ url: string | null; title: string; reasons: string[]; category: Classification['category']; lead: LeadReport | null }>;
  errors: Array<{ file: string; error: string }>;
  /**
   * Items that were another file's story again (two searches, syndicated copies): counted once, under the
   * first (`sameAs`: its file and item key; `incidentId`: its incident, null when it was not alerted).
   */
  duplicates: Array<{ url: string | null; title: string; outlet: string | null; sameAs: string; incidentId: string | null }>;
}

/** Fetches a feed URL through the poller's safe client and address policy (main.ts builds it from the config). */
export type FetchFeedUrl = (url: string) => Promise<{ feedTitle: string | null; articles: Article[] }>;

/**
 * Reads feed files, and fetches feed URLs with `fetchUrl`, into articles; a source that fails is reported
 * (under `file`, whether it is a file or a URL), the others still run.
 */
export async function readFeedFiles(
  files: readonly string[],
  now: Date,
  fetchUrl?: FetchFeedUrl,
): Promise<{ articles: Article[]; errors: ReplayResult['errors'] }> {
  const articles: Article[] = [];
  const errors: ReplayResult['errors'] = [];
  for (const file of files) {
    try {
      if (/^https?:\/\//i.test(file)) {
        if (!fetchUrl) throw new BreachwatchError(ErrorCode.InputInvalid, `${file} is a URL and this replay reads files only.`);
        articles.push(...(await fetchUrl(file)).articles);
        continue;
      }
      articles.push(...(await readFeedFile(file, now)).articles);
    } catch (error) {
      errors.push({ file, error: describeError(error) });
    }
  }
  return { articles, errors };
}

/** Reads, decodes, parses and normalises one feed file; throws (a BreachwatchError when it is not a feed). */
export async function readFeedFile(file: string, now: Date): Promise<{ feedTitle: string | null; articles: Article[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new BreachwatchError(ErrorCode.InputInvalid, `Cannot read the feed file ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'}): check the path.`, { cause });
  }
  const decoded = decodeFeedBody(bytes, null);
  const feed = await parseFeed(decoded.text);
  const feedId = path.basename(file).replace(/\.[^.]+$/, '');
  return { feedTitle: feed.title, articles: normaliseItems(feed.items, { feedId, feedTitle: feed.title, fetchedAt: now.toISOString() }) };
}

/** The same story in two files (same canonical link) counts once. */
function uniqueByUrl(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => {
    const key = a.url ?? `${a.feedId}\u0000${a.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What `replay` says of a lead that was not asked for (a replay of files stays offline). */
export const LEADS_NOT_ASKED = 'replay reads leads only when asked (--fetch-leads)';

/** `leads`: read headline-only items' leads (`--fetch-leads`); without it nothing is fetched for them. */
export async function replay(
  files: readonly string[],
  classify: (text: ArticleText) => Classification,
  now: Date = new Date(),
  fetchUrl?: FetchFeedUrl,
  leads?: LeadReading,
): Promise<ReplayResult> {
  const { articles, errors } = await readFeedFiles(files, now, fetchUrl);
  const store = openScratchStore();
  const incidents = new Map<string, Incident>();
  const rejected: ReplayResult['rejected'] = [];
  const leadOf = new Map<string, LeadReport | null>();
  const duplicates: ReplayResult['duplicates'] = [];
  try {
    for (const { article, outcome } of await ingestArticles(articles, store, classify, now, leads)) {
      if (outcome.kind === 'duplicate') {
        const { feedId, key, incidentId } = outcome.of;
        duplicates.push({ url: article.url, title: article.title, outlet: article.outlet, sameAs: `${feedId} ${key}`, incidentId });
        continue;
      }
      const lead =
        outcome.lead !== undefined
          ? outcome.lead
          : needsLead(article, outcome.classification, DEFAULT_LEAD_RULE)
            ? { fetched: false, source: null, url: null, why: LEADS_NOT_ASKED }
            : null;
      leadOf.set(`${article.url}\u0000${article.title}`, lead);
      if (outcome.kind === 'incident') {
        for (const absorbed of outcome.change.absorbed) incidents.delete(absorbed.id);
        incidents.set(outcome.change.incident.id, outcome.change.incident);
      } else {
        rejected.push({ url: article.url, title: article.title, reasons: outcome.classification.reasons, category: outcome.classification.category, lead });
      }
    }
  } finally {
    await store.close();
  }
  const withLeads = (incident: ReplayIncident): ReplayIncident => ({
    ...incident,
    articles: incident.articles.map((a) => ({ ...a, lead: leadOf.get(`${a.url}\u0000${a.title}`) ?? null })),
  });
  return { incidents: [...incidents.values()].map(toReplayIncident).map(withLeads), rejected, duplicates, errors };
}

/**
 * Classifies and clusters articles into `store` as the poller would, with no chat: each story once (by
 * link), oldest first, none too old. Returns what became of each. They are written as one feed's new articles
 * are (processArticles: one transaction, and what a lookup needs written before it), not one transaction each.
 */
export async function ingestArticles(
  articles: readonly Article[],
  store: ProcessDeps['store'],
  classify: (text: ArticleText) => Classification,
  now: Date,
  leads?: LeadReading,
): Promise<Array<{ article: Article; outcome: ArticleOutcome }>> {
  const ordered = uniqueByUrl(articles).sort((a, b) => compareText(articleDate(a), articleDate(b)) || compareText(a.title, b.title));
  const deps: ProcessDeps = { store, classify, routes: () => [], log: silentLogger(), now: () => now, maxArticleAgeDays: 0 };
  if (leads) deps.leads = { rule: leads.rule, read: leads.forCycle() };
  const outcomes = (await processArticles(ordered, deps)) ?? [];
  return ordered.map((article, i) => ({ article, outcome: outcomes[i] as ArticleOutcome }));
}

function toReplayIncident(incident: Incident): ReplayIncident {
  return {
    id: incident.id,
    organisation: incident.organisation,
    sector: incident.sector,
    affected: incident.affected,
    affectedReported: incident.affectedReported ?? (incident.affected === null ? [] : [incident.affected]),
    otherOrganisations: incident.otherOrganisations,
    supplier: incident.supplier,
    dataTypes: incident.dataTypes,
    cause: incident.cause,
    regulatorAction: incident.regulatorAction,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    reasons: incident.reasons,
    articles: incident.articles.map((a) => ({ url: a.url, title: a.title, outlet: a.outlet, published: a.published })),
    history: (incident.history ?? []).map((h) => ({
      at: h.at,
      kind: h.kind,
      source: h.source ? { url: h.source.url, title: h.source.title, outlet: h.source.outlet } : null,
      changes: h.changes,
    })),
  };
}

export function formatReplayText(result: ReplayResult): string {
  const lines: string[] = [];
  const repeats = result.duplicates.length > 0 ? `, ${result.duplicates.length} repeat(s) of a story from another feed counted once` : '';
  lines.push(`${result.incidents.length} incident(s), ${result.rejected.length} article(s) not alerted${repeats}.`);
  for (const incident of result.incidents) {
    lines.push('');
    lines.push(`${incident.id}  ${incident.organisation} (${incident.sector ?? 'unknown sector'})`);
    lines.push(`  affected: ${incident.affected ?? 'unknown'}; cause: ${incident.cause ?? 'unknown'}; data: ${incident.dataTypes.join(', ') || 'unknown'}`);
    if (incident.regulatorAction) lines.push(`  regulator: ${incident.regulatorAction}`);
    if (incident.affectedReported.length > 1) lines.push(`  counts reported: ${incident.affectedReported.join(', ')}`);
    for (const a of incident.articles) lines.push(`  - ${a.published?.slice(0, 10) ?? '????-??-??'} ${a.outlet ?? '?'}: ${a.title}`);
    for (const h of incident.history.filter((e) => e.changes.length > 0)) lines.push(`    ${h.at.slice(0, 10)} ${h.kind}: ${h.changes.join('; ')}`);
  }
  if (result.rejected.length > 0) {
    lines.push('', 'Not alerted:');
    for (const r of result.rejected) lines.push(`  - [${r.category}] ${r.title}${r.lead && !r.lead.fetched ? ` (lead not fetched: ${r.lead.why})` : ''}`);
  }
  for (const e of result.errors) lines.push(`! ${e.file}: ${e.error}`);
  return lines.join('\n');
}
