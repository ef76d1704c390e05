// The demo's sample articles as the poller would read them after the demo's last round: its feeds
// rendered to XML and read back through the real feed reader. `breachwatch preview --demo` clusters them
// into incidents to show what an alert looks like before any feed has been polled.
import path from 'node:path';
import { normaliseItems } from '../domain/normalise.ts';
import type { Article } from '../domain/types.ts';
import { parseFeed } from '../sources/parse-feed.ts';
import { loadDemoFeedData } from './demo-feed-data.ts';
import { renderFeed } from './render-feed.ts';

export async function demoArticles(root: string, now: Date): Promise<Article[]> {
  const data = await loadDemoFeedData(path.join(root, 'config', 'demo', 'articles.yaml'), path.join(root, 'config', 'demo', 'schedule.yaml'));
  const last = data.roundCount - 1;
  const articles: Article[] = [];
  for (const feed of data.feeds) {
    const parsed = await parseFeed(renderFeed(feed, data.itemsAt(feed.id, last), `https://${feed.id}.test/feed`).xml);
    articles.push(...normaliseItems(parsed.items, { feedId: feed.id, feedTitle: parsed.title, fetchedAt: now.toISOString() }));
  }
  return articles;
}
