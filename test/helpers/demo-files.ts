// Writes the demo's feeds, as they stand after the last round, to files for `replay` tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDemoFeedData } from '../../src/demo/demo-feed-data.ts';
import { renderFeed } from '../../src/demo/render-feed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function writeDemoFeedFiles(round?: number): Promise<string[]> {
  const data = await loadDemoFeedData(path.join(ROOT, 'config/demo/articles.yaml'), path.join(ROOT, 'config/demo/schedule.yaml'));
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-replay-'));
  const last = round ?? data.roundCount - 1;
  return data.feeds.map((feed) => {
    const file = path.join(dir, `${feed.id}.${feed.format === 'atom' ? 'atom' : 'xml'}`);
    writeFileSync(file, renderFeed(feed, data.itemsAt(feed.id, last), `https://${feed.id}.test/feed`).xml);
    return file;
  });
}
