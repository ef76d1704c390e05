// `breachwatch backfill --days N` (issue 18 point 3): the past N days' incidents that were stored
// without posting get their alerts queued, once; older ones and destinations that have them do not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backfill, describeBackfill, parseBackfillArgs, runBackfillCommand } from '../../src/cli/backfill-command.ts';
import type { Incident } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification, makeEntry, makeIncident } from '../contract/store-fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();

async function stored(store: Store, overrides: Partial<Incident>): Promise<Incident> {
  const incident = makeIncident(overrides);
  const article = makeArticle({ key: incident.id, url: `https://news.example/${incident.id}`, published: incident.lastSeen });
  await store.commitArticle({ article, classification: makeClassification({ organisation: incident.organisation }), incident, outbox: [] });
  return incident;
}

describe('backfill while first polls\' past items are still being recorded', () => {
  it('says that their incidents are not included yet', () => {
    const waiting = { items: 40, feeds: 2, oldestQueuedAt: NOW.toISOString() };
    expect(describeBackfill(7, { incidents: 0, queued: 0, alreadyPosted: 0 }, waiting)).toBe(
      'Nothing to post: no incident of the past 7 day(s) is waiting. 40 past items from the first polls of 2 feeds are still being recorded ' +
        'by the bot: incidents among them are not included yet; run backfill again once they are.',
    );
    expect(describeBackfill(7, { incidents: 0, queued: 0, alreadyPosted: 0 }, { items: 0, feeds: 0, oldestQueuedAt: null })).toBe(
      'Nothing to post: no incident of the past 7 day(s) is waiting.',
    );
  });
});

describe('backfill', () => {
  it('queues the past N days\' unposted incidents, oldest first, once per destination', async () => {
    const store = openSqliteStore(':memory:');
    const routes = [{ sink: 'console' }, { sink: 'slack', channel: 'C1' }];
    await stored(store, { id: 'recent-a', firstSeen: daysAgo(3), lastSeen: daysAgo(3) });
    await stored(store, { id: 'recent-b', firstSeen: daysAgo(2), lastSeen: daysAgo(1) });
    await stored(store, { id: 'old', firstSeen: daysAgo(30), lastSeen: daysAgo(30) });
    const posted = await stored(store, { id: 'posted', firstSeen: daysAgo(2), lastSeen: daysAgo(2) });
    await store.enqueue([makeEntry(posted, 'console')], daysAgo(2));

    const first = await backfill(7, { store, routes, now: NOW });
    expect(first).toEqual({ incidents: 3, queued: 5, alreadyPosted: 0 });
    const due = await store.dueOutbox(NOW.toISOString(), 20);
    expect(due.map((e) => `${e.incidentId}@${e.destination}`)).toEqual([
      'posted@console',
      'recent-a@console',
      'recent-a@slack:C1',
      'posted@slack:C1',
      'recent-b@console',
      'recent-b@slack:C1',
    ]);
    expect(due.every((e) => e.kind === 'alert')).toBe(true);

    expect(await backfill(7, { store, routes, now: NOW })).toEqual({ incidents: 0, queued: 0, alreadyPosted: 3 });
    expect(await backfill(60, { store, routes, now: NOW })).toEqual({ incidents: 1, queued: 2, alreadyPosted: 3 });
    await store.close();
  });

  it('reads --days N and refuses anything else with the usage', () => {
    expect(parseBackfillArgs(['--days', '7'])).toEqual({ days: 7 });
    expect(parseBackfillArgs(['--days=30'])).toEqual({ days: 30 });
    expect(parseBackfillArgs(['--help'])).toBe('help');
    for (const bad of [[], ['--days'], ['--days', '0'], ['--days', '1.5'], ['--days', 'x'], ['--weeks', '2']]) {
      expect(() => parseBackfillArgs(bad)).toThrow(/breachwatch backfill --days N/);
    }
  });

  it('runs against the configured store and says what it queued', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-backfill-'));
    const dbPath = path.join(dir, 'bw.db');
    writeFileSync(path.join(dir, 'breachwatch.yaml'), `store:\n  path: ${dbPath}\nfeeds:\n  - { id: one, name: One, url: "https://feed.example/rss" }\n`);
    const store = openSqliteStore(dbPath);
    await stored(store, { id: 'fresh', firstSeen: new Date().toISOString(), lastSeen: new Date().toISOString() });
    await store.close();
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const env = { BREACHWATCH_CONFIG: path.join(dir, 'breachwatch.yaml') };
    expect(await runBackfillCommand(['--days', '7'], { env, cwd: dir, defaultConfig: '/nonexistent.yaml', out: sink })).toBe(0);
    expect(out).toMatch(/^Queued 1 alert\(s\) for 1 incident\(s\) of the past 7 day\(s\)\. The running bot sends them/);
    out = '';
    await runBackfillCommand(['--days', '7'], { env, cwd: dir, defaultConfig: '/nonexistent.yaml', out: sink });
    expect(out).toMatch(/^Nothing to post: no incident of the past 7 day\(s\) is waiting \(1 already posted\)\./);
  });
});
