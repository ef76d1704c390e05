// Child process for sqlite-open-race.test.ts: waits for the shared start moment, opens (and so
// creates and migrates) the store at argv[2], closes it, and prints "ok" or the error message.
import { openSqliteStore } from '../../../src/store/sqlite-store.ts';

const [path, startAt] = process.argv.slice(2);
if (!path || !startAt) throw new Error('usage: open-store.ts <db path> <start time in ms>');
while (Date.now() < Number(startAt)) {
  // Spin until the agreed moment, so that the processes open the new file together.
}
try {
  const store = openSqliteStore(path);
  await store.close();
  process.stdout.write('ok\n');
} catch (error) {
  process.stdout.write(`${error instanceof Error ? error.message : String(error)}\n`);
}
