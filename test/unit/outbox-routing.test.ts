// Red team, issue 16: which message each destination gets about an incident, and how big the
// outbox and the incident grow when a story keeps coming back.
import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/alerts/deliver.ts';
import type { Route } from '../../src/alerts/route.ts';
import { sourceCount } from '../../src/domain/delivery.ts';
import type { Article, Classification } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { processArticle } from '../../src/pipeline/process-article.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const breach = (affected: number): Classification =>
  makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'cyber_attack', dataTypes: ['names'], affected });

const report = (n: number, overrides: Partial<Article> = {}): Article =>
  makeArticle({
    key: `guid-${n}`,
    url: `https://news.example/council-attack-${n}`,
    title: 'Exampleshire council cyber attack: residents warned about stolen housing records',
    summary: 'Hackers took housing benefit records from Exampleshire council servers.',
    published: new Date(Date.parse('2026-11-20T08:00:00Z') + n * 3600_000).toISOString(),
    ...overrides,
  });

function setup(routes: Route[]) {
  const store = openSqliteStore(':memory:');
  const now = () => new Date('2026-11-23T12:00:00Z');
  const process = (article: Article, classification: Classification) =>
    processArticle(article, { store, classify: () => classification, routes: () => routes, log: silentLogger(), now, maxArticleAgeDays: 0 });
  return { store, now, process };
}

describe('outbox routing (R-RED-02)', () => {
  it('sends the alert, with current facts, to a destination that matches an incident only after its count was revised', async () => {
    const { store, now, process } = setup([{ sink: 'console' }, { sink: 'slack', channel: 'CBIG', filters: { minAffected: 1000 } }]);
    await process(report(1), breach(900));
    const second = await process(report(2, { title: 'Exampleshire council cyber attack: 1,200 residents now told their housing records were stolen' }), breach(1200));
    expect(second.kind === 'incident' && second.outbox.map((e) => [e.destination, e.kind])).toEqual([
      ['console', 'update'],
      ['slack:CBIG', 'alert'],
    ]);
    const consoleSink = createRecordingSink('console');
    const slack = createRecordingSink('slack');
    await deliverOutbox({ store, sinks: new Map([['console', consoleSink], ['slack', slack]]), now, log: silentLogger(), signal: new AbortController().signal });
    expect(slack.sent.map((s) => [s.payload.kind, s.payload.incident.affected])).toEqual([['alert', 1200]]);
    expect(consoleSink.sent.map((s) => s.payload.kind)).toEqual(['alert', 'update']);
  });

  it('sends the alert to a route added after the alert went out, and updates where the alert was', async () => {
    const routes: Route[] = [{ sink: 'console' }];
    const { process } = setup(routes);
    await process(report(1), breach(900));
    routes.push({ sink: 'slack', channel: 'CNEW' });
    const second = await process(report(2, { title: 'Exampleshire council cyber attack: residents told stolen housing records were published' }), breach(900));
    expect(second.kind === 'incident' && second.outbox.map((e) => [e.destination, e.kind])).toEqual([
      ['console', 'update'],
      ['slack:CNEW', 'alert'],
    ]);
  });
});

describe('a story that churns its GUID and link (R-RED-06, outbox half)', () => {
  it('adds no source and no edit when the same feed sends the same title again under a new GUID and link', async () => {
    const { store, process } = setup([{ sink: 'console' }]);
    const first = await process(report(1), breach(900));
    for (let poll = 2; poll <= 30; poll += 1) {
      const again = await process(report(poll, { title: `  ${report(1).title.toUpperCase()} ` }), breach(900));
      expect(again.kind === 'incident' && [again.change.duplicate, again.outbox]).toEqual([true, []]);
    }
    const id = first.kind === 'incident' ? first.change.incident.id : '';
    expect((await store.getIncident(id))?.articles).toHaveLength(1);
  });

  it('keeps outbox rows small and the incident bounded however many sources an incident gets', async () => {
    const { store, process } = setup([{ sink: 'console' }, { sink: 'slack', channel: 'C1' }]);
    let id = '';
    const rowSizes: number[] = [];
    for (let n = 1; n <= 120; n += 1) {
      const outcome = await process(report(n, { feedId: `feed-${n}` }), breach(900));
      if (outcome.kind !== 'incident') throw new Error('not an incident');
      id = outcome.change.incident.id;
      for (const entry of outcome.outbox) rowSizes.push(JSON.stringify(entry.payload).length);
    }
    // Rows carry what a message shows, never the incident's evidence or history.
    const due = await store.dueOutbox('2030-01-01T00:00:00Z', 1000);
    expect(due.some((e) => JSON.stringify(e.payload).includes('"evidence"') || JSON.stringify(e.payload).includes('"history"'))).toBe(false);
    expect(Math.max(...rowSizes)).toBeLessThan(6_000);
    expect(rowSizes.at(-1)).toBeLessThan(2 * (rowSizes[20] ?? 0));
    const incident = await store.getIncident(id);
    expect(incident!.evidence!.length).toBeLessThanOrEqual(50);
    expect(incident!.articles.length).toBeLessThanOrEqual(50);
    expect(incident!.history!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(incident).length).toBeLessThan(60_000);
    expect(sourceCount(incident!)).toBe(120);
  });
});
