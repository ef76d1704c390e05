// Child process for the kill -9 test: commits alert articles to the store at argv[2] in a loop, printing
// each committed number, until the parent kills it. argv[3] is the first number (default 0).
import { openSqliteStore } from '../../../src/store/sqlite-store.ts';
import { makeCommit, makeIncident } from '../../contract/store-fixtures.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: node crash-writer.ts <database path>');
const store = openSqliteStore(path);
for (let i = Number(process.argv[3] ?? 0); ; i += 1) {
  const key = `item-${i}`;
  // Like the pipeline after a restart: skip what was committed (perhaps just before the kill, unreported).
  if ((await store.filterSeen('feed-a', [key])).size > 0) continue;
  const incident = makeIncident({ id: `inc-${i}` });
  await store.commitArticle(makeCommit({ key, incident, destinations: ['console', 'slack:C1'] }));
  process.stdout.write(`${i}\n`);
}
