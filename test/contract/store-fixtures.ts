// Builders for the store contract: small valid values with overridable fields.
import type { AlertPayload, NewOutboxEntry } from '../../src/domain/delivery.ts';
import type { Article, Classification, Incident } from '../../src/domain/types.ts';
import { emptyFeedState } from '../../src/pipeline/poll-feed.ts';
import type { ArticleCommit, FeedState } from '../../src/store/ports.ts';
import { makeArticle as baseArticle, makeClassification as baseClassification } from '../helpers/articles.ts';

export const T0 = '2026-11-02T09:00:00.000Z';

export function isoAt(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return baseArticle({
    key: 'item-1',
    feedId: 'feed-a',
    url: 'https://news.example/item-1',
    title: 'Council hit by cyber attack',
    summary: 'Residents were told their data may have been stolen.',
    published: T0,
    fetchedAt: T0,
    ...overrides,
  });
}

export function makeClassification(overrides: Partial<Classification> = {}): Classification {
  return baseClassification({
    reasons: ['Organisation matched the gazetteer: Exampleshire County Council.'],
    organisation: 'Exampleshire County Council',
    sector: 'council',
    dataTypes: ['names'],
    cause: 'cyber_attack',
    ...overrides,
  });
}

export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    organisation: 'Exampleshire County Council',
    otherOrganisations: [],
    supplier: null,
    sector: 'council',
    affected: 1200,
    dataTypes: ['names', 'addresses'],
    cause: 'cyber_attack',
    regulatorAction: null,
    reasons: ['Organisation matched the gazetteer.'],
    terms: ['exampleshire', 'cyber'],
    articles: [{ url: 'https://news.example/item-1', title: 'Council hit by cyber attack', outlet: 'Example News', published: T0 }],
    firstSeen: T0,
    lastSeen: T0,
    status: 'open',
    ...overrides,
  };
}

export function makePayload(incident: Incident, kind: AlertPayload['kind'] = 'alert'): AlertPayload {
  return { kind, incident, factChanges: [], source: null };
}

export function makeEntry(incident: Incident, destination = 'console', kind: AlertPayload['kind'] = 'alert'): NewOutboxEntry {
  return { incidentId: incident.id, destination, kind, payload: makePayload(incident, kind) };
}

/** An alert article: its incident and one outbox alert per destination. */
export function makeCommit(
  options: { key?: string; feedId?: string; incident?: Incident; destinations?: string[]; article?: Partial<Article> } = {},
): ArticleCommit {
  const incident = options.incident ?? makeIncident();
  const article = makeArticle({ key: options.key ?? 'item-1', feedId: options.feedId ?? 'feed-a', ...options.article });
  return {
    article,
    classification: makeClassification({ organisation: incident.organisation, sector: incident.sector }),
    incident,
    outbox: (options.destinations ?? ['console']).map((destination) => makeEntry(incident, destination)),
  };
}

export function makeFeedState(overrides: Partial<FeedState> = {}): FeedState {
  return { ...emptyFeedState('feed-a'), ...overrides };
}
