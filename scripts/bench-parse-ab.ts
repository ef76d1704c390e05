// `node scripts/bench-parse-ab.ts <other checkout>`: feeds read per second, bytes → decode → parse →
// normalise, over the peer parsers' real-world feeds (../shared/fixtures/peer-feeds), for this checkout and
// another in one process, in alternating rounds so that both see the same noisy host. Prints the median
// time of each and their ratio (above 1: this one is faster).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const other = process.argv[2];
if (!other) {
  console.error('usage: node scripts/bench-parse-ab.ts <other checkout>   (e.g. git worktree add /tmp/before HEAD~1)');
  process.exit(2);
}
const FEEDS_DIR = path.resolve(import.meta.dirname, '../../shared/fixtures/peer-feeds');
const ROUNDS = 9;

function feedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return feedFiles(file);
    return /\.(xml|rss|atom|rdf)$/.test(name) ? [file] : [];
  });
}

type Reader = () => Promise<void>;

async function load(root: string, bodies: readonly Buffer[]): Promise<Reader> {
  const { decodeFeedBody } = await import(path.resolve(root, 'src/sources/decode.ts'));
  const { parseFeed } = await import(path.resolve(root, 'src/sources/parse-feed.ts'));
  const { normaliseItems } = await import(path.resolve(root, 'src/domain/normalise.ts'));
  const context = { feedId: 'bench', fetchedAt: '2026-01-01T00:00:00Z', feedUrl: 'https://feeds.example/feed.xml' };
  return async () => {
    for (const bytes of bodies) {
      try {
        const feed = await parseFeed(decodeFeedBody(bytes, null).text, 'a peer feed');
        normaliseItems(feed.items, { ...context, feedTitle: feed.title });
      } catch {
        // A feed either reader refuses (HTML, broken XML) costs its time all the same.
      }
    }
  };
}

const bodies = feedFiles(FEEDS_DIR).map((f) => readFileSync(f));
const readers = [await load(path.resolve(import.meta.dirname, '..'), bodies), await load(path.resolve(other), bodies)];
for (const read of readers) await read(); // warm-up
const times: number[][] = [[], []];
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < readers.length; i++) {
    const started = performance.now();
    await (readers[i] as Reader)();
    (times[i] as number[]).push(performance.now() - started);
  }
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const [mine, theirs] = times.map(median) as [number, number];
console.log(`${bodies.length} peer feeds, median of ${ROUNDS} alternating rounds`);
console.log(`this checkout  ${mine.toFixed(0)} ms   ${other}  ${theirs.toFixed(0)} ms   ratio ${(theirs / mine).toFixed(2)} (above 1: this one is faster)`);
