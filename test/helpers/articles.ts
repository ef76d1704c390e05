// Builders for articles and classifications in tests.
import type { Article, Classification } from '../../src/domain/types.ts';

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    key: overrides.url ?? 'https://news.example/item',
    feedId: 'test-feed',
    url: 'https://news.example/item',
    title: 'A title',
    summary: '',
    content: '',
    outlet: 'Example News',
    published: '2023-08-26T10:00:00.000Z',
    fetchedAt: '2023-08-26T12:00:00.000Z',
    ...overrides,
  };
}

export function makeClassification(overrides: Partial<Classification> = {}): Classification {
  return {
    alert: true,
    score: 0.9,
    category: 'public_sector_breach',
    reasons: ['test'],
    organisation: 'Metropolitan Police Service',
    otherOrganisations: [],
    supplier: null,
    sector: 'police',
    affected: null,
    dataTypes: [],
    cause: null,
    regulatorAction: null,
    ...overrides,
  };
}
