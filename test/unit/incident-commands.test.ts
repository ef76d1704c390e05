// Admin corrections through the command core, stored and posted as updates.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/alerts/deliver.ts';
import type { CommandDeps } from '../../src/commands/deps.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import { parseCommandText } from '../../src/commands/parse-command.ts';
import type { CommandContext } from '../../src/commands/types.ts';
import type { Article, Classification } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { processArticle } from '../../src/pipeline/process-article.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const admin: CommandContext = { platform: 'slack', userId: 'UADMIN', isAdmin: true, channelId: 'C1', workspaceId: 'T1' };
const routes = () => [{ sink: 'console' }];

async function setup() {
  const store = openSqliteStore(':memory:');
  const classifications = new Map<string, Classification>();
  const feed = async (article: Article, classification: Classification) => {
    classifications.set(article.key, classification);
    return processArticle(article, { store, classify: () => classification, routes, log: silentLogger(), now: () => new Date('2026-01-01T00:00:00Z'), maxArticleAgeDays: 0 });
  };
  const deps: CommandDeps = {
    store,
    now: () => new Date('2026-01-02T00:00:00Z'),
    configFeeds: [],
    checkFeedUrl: () => ({ ok: true }),
    fetchArticles: async () => ({ feedTitle: null, articles: [] }),
    classify: () => makeClassification(),
    routes,
  };
  return { store, deps, feed };
}

const council = makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'human_error', dataTypes: ['names'] });

describe('incident corrections', () => {
  it('parses the correction commands', () => {
    expect(parseCommandText('incident merge bw-a bw-b')).toEqual({ kind: 'incident_merge', intoId: 'bw-a', fromId: 'bw-b' });
    expect(parseCommandText('incident split bw-a 2')).toEqual({ kind: 'incident_split', incidentId: 'bw-a', article: '2' });
    expect(parseCommandText('incident not-breach bw-a')).toEqual({ kind: 'incident_not_breach', incidentId: 'bw-a', notBreach: true });
    expect(parseCommandText('incident reopen bw-a')).toEqual({ kind: 'incident_not_breach', incidentId: 'bw-a', notBreach: false });
    expect(parseCommandText('incident merge bw-a').kind).toBe('parse_error');
  });

  it('merges two incidents, updates both alerts, and keeps the old id working', async () => {
    const { store, deps, feed } = await setup();
    const a = await feed(makeArticle({ key: 'a', url: 'https://a.example/1', title: 'Council emails foster carer list to wrong people' }), council);
    const b = await feed(makeArticle({ key: 'b', url: 'https://b.example/2', title: 'Payroll spreadsheet leaked by council', published: '2023-12-01T00:00:00.000Z' }), council);
    if (a.kind !== 'incident' || b.kind !== 'incident') throw new Error('expected incidents');
    expect(a.change.incident.id).not.toBe(b.change.incident.id);
    // Both alerts go out first: an update waits for its alert (it is not due before).
    await deliverOutbox({ store, sinks: new Map([['console', createRecordingSink('console')]]), now: deps.now, log: silentLogger(), signal: new AbortController().signal });
    const reply = await handleCommand({ kind: 'incident_merge', intoId: a.change.incident.id, fromId: b.change.incident.id }, admin, deps);
    expect(reply.title).toMatch(/^Merged/);
    const merged = await store.getIncident(b.change.incident.id);
    expect(merged?.id).toBe(a.change.incident.id);
    expect(merged?.articles).toHaveLength(2);
    expect(merged?.history?.at(-1)).toMatchObject({ kind: 'merged', by: 'slack:T1:UADMIN' });
    const due = await store.dueOutbox('2030-01-01T00:00:00.000Z', 50);
    expect(due.filter((e) => e.kind === 'update').map((e) => e.incidentId).sort()).toEqual([a.change.incident.id, b.change.incident.id].sort());
  });

  it('splits an article out; later reports like it no longer rejoin the original', async () => {
    const { store, deps, feed } = await setup();
    const first = await feed(makeArticle({ key: 'a', url: 'https://a.example/1', title: 'Council emails foster carer list to wrong people' }), council);
    const second = await feed(makeArticle({ key: 'b', url: 'https://b.example/2', title: 'Council emails foster carer list to wrong people again', published: '2023-08-27T00:00:00.000Z' }), council);
    if (first.kind !== 'incident' || second.kind !== 'incident') throw new Error('expected incidents');
    const id = first.change.incident.id;
    expect(second.change.incident.id).toBe(id);
    const reply = await handleCommand({ kind: 'incident_split', incidentId: id, article: 'https://b.example/2' }, admin, deps);
    expect(reply.title).toMatch(/^Split into bw-/);
    expect((await store.getIncident(id))?.articles).toHaveLength(1);
    const splitId = reply.title.replace('Split into ', '');
    expect((await store.getIncident(splitId))?.articles[0]?.url).toBe('https://b.example/2');
    expect((await store.searchArticles('again', 5))[0]?.incidentId).toBe(splitId);
    const bad = await handleCommand({ kind: 'incident_split', incidentId: id, article: '7' }, admin, deps);
    expect(bad.isError).toBe(true);
  });

  it('marks an incident not a breach: its alert is updated and later reports join it quietly', async () => {
    const { store, deps, feed } = await setup();
    const first = await feed(makeArticle({ key: 'a', url: 'https://a.example/1', title: 'Council emails foster carer list to wrong people' }), council);
    if (first.kind !== 'incident') throw new Error('expected an incident');
    await handleCommand({ kind: 'incident_not_breach', incidentId: first.change.incident.id, notBreach: true }, admin, deps);
    expect((await store.getIncident(first.change.incident.id))?.status).toBe('not_breach');
    const later = await feed(makeArticle({ key: 'c', url: 'https://c.example/3', title: 'Council emails foster carer list to wrong people, review finds', published: '2023-08-30T00:00:00.000Z' }), council);
    expect(later.kind === 'incident' && later.outbox).toEqual([]);
    expect(later.kind === 'incident' && later.change.incident.id).toBe(first.change.incident.id);
    await handleCommand({ kind: 'incident_not_breach', incidentId: first.change.incident.id, notBreach: false }, admin, deps);
    expect((await store.getIncident(first.change.incident.id))?.status).toBe('open');
  });

  it('refuses corrections from non-admins', async () => {
    const { store, deps, feed } = await setup();
    const first = await feed(makeArticle({ key: 'a', url: 'https://a.example/1', title: 'Council emails foster carer list to wrong people' }), council);
    if (first.kind !== 'incident') throw new Error('expected an incident');
    await handleCommand({ kind: 'incident_not_breach', incidentId: first.change.incident.id, notBreach: true }, { ...admin, isAdmin: false }, deps);
    expect((await store.getIncident(first.change.incident.id))?.status).toBe('open');
  });
});

describe('incident corrections across a restart', () => {
  it('are still there after the store is closed and opened again', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bw-corr-')), 'bw.db');
    const store = openSqliteStore(file);
    const outcome = await processArticle(makeArticle({ key: 'a', url: 'https://a.example/1', title: 'Council emails foster carer list to wrong people' }), {
      store,
      classify: () => council,
      routes,
      log: silentLogger(),
      now: () => new Date('2026-01-01T00:00:00Z'),
      maxArticleAgeDays: 0,
    });
    if (outcome.kind !== 'incident') throw new Error('expected an incident');
    const deps: CommandDeps = { store, now: () => new Date(), configFeeds: [], checkFeedUrl: () => ({ ok: true }), fetchArticles: async () => ({ feedTitle: null, articles: [] }), classify: () => council };
    await handleCommand({ kind: 'incident_not_breach', incidentId: outcome.change.incident.id, notBreach: true }, admin, deps);
    await store.close();
    const reopened = openSqliteStore(file);
    expect((await reopened.getIncident(outcome.change.incident.id))?.status).toBe('not_breach');
    await reopened.close();
  });
});
