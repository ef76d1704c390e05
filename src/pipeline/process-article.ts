// Articles through classify → cluster → store + outbox. A feed's new articles are decided one by one (a lead
// may be read over the network: no transaction is open meanwhile) and written together in one transaction
// (processArticles); an alert's incident lookups see what was decided before it as if it were written
// (pending-incidents.ts), so that several stories of one feed about one body make one incident and one alert.
import { destinationsFor, type Route } from '../alerts/route.ts';
import { DEFAULT_CLUSTER_OPTIONS, articleDate, assignIncident, type Assignment, type ClusterOptions } from '../domain/cluster.ts';
import { compactIncident, type NewOutboxEntry } from '../domain/delivery.ts';
import { seenKeys } from '../domain/item-key.ts';
import {
  addPendingChange,
  emptyPendingChanges,
  withPendingAlerts,
  withPendingIncidents,
  type GrowingPendingChanges,
  type PendingChanges,
} from '../domain/pending-incidents.ts';
import type { Article, ArticleText, Classification } from '../domain/types.ts';
import type { Logger } from '../log/logger.ts';
import type { ArticleCommit, ArticlesCommit, ArticleStore, IncidentStore, OutboxStore, RecordedStory } from '../store/ports.ts';
import type { LeadReport } from '../domain/leads.ts';
import { enrichWithLead, type LeadStep } from './read-lead.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Copies of one story from other feeds (two searches, syndication) come within days of each other. */
export const STORY_WINDOW_DAYS = 7;

export interface ProcessDeps {
  store: ArticleStore & IncidentStore & Pick<OutboxStore, 'alertDestinations'>;
  classify: (text: ArticleText) => Classification;
  /** The live routes (they change when admins add routes from chat). */
  routes: () => readonly Route[];
  log: Logger;
  now: () => Date;
  /** Alerts older than this are recorded but not posted; 0 means no age limit. */
  maxArticleAgeDays: number;
  cluster?: ClusterOptions;
  /** The region of a body, from the gazetteer, for routes that filter by region. */
  regionOf?: (organisation: string) => string | null;
  /** Reads a headline-only item's lead before the final decision (read-lead.ts); none when absent. */
  leads?: LeadStep;
}

/** `lead`: what became of the article's lead, when it needed one (none when no lead step ran). */
export type ArticleOutcome = (
  /** Another feed already recorded this story (Article.story, .syndication): only marked seen here, counted once. */
  | { kind: 'duplicate'; of: RecordedStory }
  | { kind: 'rejected'; classification: Classification }
  | { kind: 'too_old'; classification: Classification }
  | { kind: 'incident'; classification: Classification; change: Assignment; outbox: NewOutboxEntry[] }
) & { lead?: LeadReport | null };

export function articleText(article: Article): ArticleText {
  return { title: article.title, summary: article.summary, content: article.content, url: article.url, outlet: article.outlet, published: article.published };
}

/** `quiet`: store and cluster, post nothing (a feed's first poll: past stories, kept for recent/search/stats). */
export async function processArticle(item: Article, deps: ProcessDeps, quiet = false): Promise<ArticleOutcome> {
  const outcomes = await processArticles([item], deps, quiet);
  const [outcome] = outcomes ?? [];
  if (outcome === undefined) throw new Error('processArticles decided nothing for one article');
  return outcome;
}

/**
 * What is decided and not yet written: written in one transaction at the end. `changes`, `stories` and
 * `syndications` index `articles` as they grow (addPending), so that each article's lookups cost the same
 * however many were decided before it in the batch (a `replay` batch holds every feed's items).
 */
interface Pending {
  articles: ArticleCommit[];
  seen: Array<ArticlesCommit['seen'][number]>;
  changes: GrowingPendingChanges;
  /** Each story key (Article.story) of `articles`, and the feeds that have it. */
  stories: Map<string, Set<string>>;
  /** Each syndication key (Article.syndication) of `articles`, and the feeds that have it. */
  syndications: Map<string, Set<string>>;
}

function emptyPending(): Pending {
  return { articles: [], seen: [], changes: emptyPendingChanges(), stories: new Map(), syndications: new Map() };
}

function addPending(pending: Pending, commit: ArticleCommit): void {
  pending.articles.push(commit);
  addPendingChange(pending.changes, commit);
  const { story, syndication, feedId } = commit.article;
  if (story !== undefined) addFeed(pending.stories, story, feedId);
  if (syndication !== undefined) addFeed(pending.syndications, syndication, feedId);
}

function addFeed(feedsByKey: Map<string, Set<string>>, key: string, feedId: string): void {
  const feeds = feedsByKey.get(key);
  if (feeds) feeds.add(feedId);
  else feedsByKey.set(key, new Set([feedId]));
}

/**
 * Writes what is decided so far. Only a batch of several feeds (`replay`) needs it, when an item shares a story
 * key with another feed's unwritten article: a cycle's batch is one feed's, written once at the end.
 */
async function flush(pending: Pending, deps: ProcessDeps): Promise<void> {
  if (pending.articles.length === 0 && pending.seen.length === 0) return;
  await deps.store.commitArticles({ articles: pending.articles, seen: pending.seen });
  Object.assign(pending, emptyPending());
}

/**
 * A feed's new articles, in order, written together in ONE transaction with `also` (the feed's state, backlog
 * rows done with and their keys' seen marks): an alert's incident lookups see what the articles before it decided (pending-incidents.ts),
 * so nothing is written before the end. `stop` (the cycle was aborted or lost its lease) is asked before each
 * article and before writing: when it says so, nothing is written and null is returned.
 */
export async function processArticles(
  items: readonly Article[],
  deps: ProcessDeps,
  quiet = false,
  stop: () => boolean = () => false,
  also: Partial<Pick<ArticlesCommit, 'states' | 'drained' | 'seen'>> = {},
): Promise<ArticleOutcome[] | null> {
  const pending = emptyPending();
  const outcomes: ArticleOutcome[] = [];
  for (const item of items) {
    if (stop()) return null;
    outcomes.push(await decideArticle(item, deps, quiet, pending));
  }
  if (stop()) return null;
  const commit: ArticlesCommit = { ...also, articles: pending.articles, seen: [...pending.seen, ...(also.seen ?? [])] };
  if (commit.articles.length > 0 || commit.seen.length > 0 || (commit.states?.length ?? 0) > 0 || (commit.drained?.length ?? 0) > 0) {
    await deps.store.commitArticles(commit);
  }
  return outcomes;
}

/** A decided, unwritten article of another feed has one of the item's story keys (a batch of several feeds). */
function sharesStoryPending(item: Article, pending: Pending): boolean {
  const otherFeed = (feeds: Set<string> | undefined): boolean =>
    feeds !== undefined && (feeds.size > 1 || !feeds.has(item.feedId));
  return (
    (item.story !== undefined && otherFeed(pending.stories.get(item.story))) ||
    (item.syndication !== undefined && otherFeed(pending.syndications.get(item.syndication)))
  );
}

async function decideArticle(item: Article, deps: ProcessDeps, quiet: boolean, pending: Pending): Promise<ArticleOutcome> {
  // The same story from another feed (a second search, a syndicating outlet) is recorded once: no lead is read for it.
  // The lookup reads the store: a copy from another feed decided in this batch (`replay` reads feeds together) is
  // written first.
  if (sharesStoryPending(item, pending)) await flush(pending, deps);
  const recorded = await recordedElsewhere(item, deps);
  if (recorded) {
    pending.seen.push({ feedId: item.feedId, keys: seenKeys(item), at: item.fetchedAt });
    deps.log.debug('article:duplicate', `Already recorded from feed ${recorded.feedId}: ${item.title}`, { feed: item.feedId });
    return { kind: 'duplicate', of: recorded };
  }
  const tooOld = deps.maxArticleAgeDays > 0 && Date.parse(articleDate(item)) < deps.now().getTime() - deps.maxArticleAgeDays * DAY_MS;
  const first = deps.classify(articleText(item));
  // A lead is read only for what could be posted: not for a first poll's past items, nor for stale ones.
  const { article, classification, lead } =
    deps.leads && !quiet && !tooOld
      ? await enrichWithLead(item, first, deps.leads, deps.classify, articleText)
      : { article: item, classification: first, lead: undefined };
  if (lead) {
    const decision = (c: Classification): string => (c.alert ? 'alert' : 'no alert');
    deps.log.debug('article:lead', `${classification.reasons.at(-1) ?? ''} ${item.title}: ${decision(first)} → ${decision(classification)}.`);
  }
  if (!classification.alert || classification.organisation === null) {
    addPending(pending, { article, classification, incident: null, outbox: [] });
    deps.log.debug('article:rejected', `Not an alert: ${article.title}`, { category: classification.category });
    return { kind: 'rejected', classification, lead };
  }
  if (tooOld) {
    addPending(pending, { article, classification, incident: null, outbox: [] });
    const say = quiet ? deps.log.debug : deps.log.info;
    say('article:too-old', `Recorded without alerting (older than ${deps.maxArticleAgeDays} days): ${article.title}`);
    return { kind: 'too_old', classification, lead };
  }
  // The lookups below read the store as it will be once what is decided before this article is written.
  const unwritten = pending.changes;
  const options = deps.cluster ?? DEFAULT_CLUSTER_OPTIONS;
  const since = new Date(Date.parse(articleDate(article)) - options.followUpWindowDays * DAY_MS).toISOString();
  const query = { organisations: [classification.organisation, ...classification.otherOrganisations], since };
  const candidates = withPendingIncidents(await deps.store.findIncidents(query), unwritten, query);
  const assigned = assignIncident(candidates, article, classification, options);
  const change: Assignment = { ...assigned, incident: { ...assigned.incident, region: deps.regionOf?.(assigned.incident.organisation) ?? null } };
  const silent = quiet || change.duplicate || change.incident.status === 'not_breach';
  const outbox = silent ? [] : outboxFor(change, deps.routes(), await alertedAt(change, deps, unwritten));
  const absorbed = change.absorbed.map((a) => a.id);
  addPending(pending, { article, classification, incident: change.incident, absorbed, outbox });
  const say = quiet ? deps.log.debug : deps.log.info;
  say(
    change.created ? 'incident:created' : 'incident:updated',
    change.created
      ? `New incident ${change.incident.id}: ${change.incident.organisation} — ${article.title}`
      : `Incident ${change.incident.id} gained a source (${change.why}): ${article.title}`,
  );
  return { kind: 'incident', classification, change, outbox, lead };
}

/** The same story as recorded from another feed around the article's date (an indexed lookup), or null. */
async function recordedElsewhere(article: Article, deps: ProcessDeps): Promise<RecordedStory | null> {
  if (article.story === undefined && article.syndication === undefined) return null;
  const at = Date.parse(articleDate(article));
  if (!Number.isFinite(at)) return null;
  const window = STORY_WINDOW_DAYS * DAY_MS;
  const from = new Date(at - window).toISOString();
  const to = new Date(at + window).toISOString();
  return deps.store.findStory({ story: article.story ?? null, syndication: article.syndication ?? null, otherThanFeed: article.feedId, from, to });
}

/** Where the incident and those folded into it were alerted (a new incident: nowhere yet), pending alerts included. */
async function alertedAt(change: Assignment, deps: ProcessDeps, unwritten: PendingChanges): Promise<Map<string, ReadonlySet<string>>> {
  const ids = change.created ? [] : [change.incident.id, ...change.absorbed.map((a) => a.id)];
  return new Map(
    await Promise.all(ids.map(async (id) => [id, new Set(withPendingAlerts(await deps.store.alertDestinations(id), unwritten, id))] as const)),
  );
}

/**
 * The messages an assignment causes. The first message a destination gets about an incident is its
 * alert, with the current facts: a new incident's alert; for a known one, an update (an edit, plus a
 * threaded note when facts changed) where its alert is, and the alert at destinations that match it
 * only now (a revised count, a route added later). An incident folded into it gets an update of its
 * own alerts pointing to the one that goes on. Rows carry the incident as a message shows it
 * (compactIncident), never its evidence.
 */
export function outboxFor(
  change: Assignment,
  routes: readonly Route[],
  alerted: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): NewOutboxEntry[] {
  const incident = compactIncident(change.incident);
  const source = change.created ? null : { url: change.source.url, title: change.source.title, outlet: change.source.outlet };
  const update = { kind: 'update' as const, incident, factChanges: change.factChanges, source };
  const alert = { kind: 'alert' as const, incident, factChanges: [], source: null };
  const entries: NewOutboxEntry[] = destinationsFor(change.incident, routes).map((destination) => {
    const payload = alerted.get(incident.id)?.has(destination) ? update : alert;
    return { incidentId: incident.id, destination, kind: payload.kind, payload };
  });
  for (const absorbed of change.absorbed) {
    for (const destination of alerted.get(absorbed.id) ?? []) {
      entries.push({
        incidentId: absorbed.id,
        destination,
        kind: 'update',
        payload: { kind: 'update', incident, factChanges: [`Same breach as incident ${incident.id}: further updates go there`], source },
      });
    }
  }
  return entries;
}
