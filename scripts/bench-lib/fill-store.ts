// Fills a store with generated articles through a checkout's own code (its normaliseItems, and its processing
// as a first poll runs it: classified, clustered, stored, posted nowhere), published over the last five years so
// that the incidents of the clustering window grow with it: the store of a bot that has run for years.
import { silentLogger } from '../../src/log/logger.ts';
import type { RawItem } from '../../src/domain/normalise.ts';
import type { Store } from '../../src/store/ports.ts';
import type { BotCode } from './bot.ts';
import { ITEMS_PER_FEED, newsItem, outletOf, type StoryPool } from './news-feeds.ts';

const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/** Stores `count` articles spread over the bench's feed ids (feed-0 … feed-<feeds-1>), as filler keys of their own. */
export async function fillStore(store: Store, code: BotCode, pool: StoryPool, options: { count: number; feeds: number; now: Date }): Promise<void> {
  const deps = {
    store,
    classify: code.classify,
    regionOf: code.regionOf,
    routes: () => [{ sink: 'console' }],
    log: silentLogger(),
    now: () => options.now,
    maxArticleAgeDays: 0,
  };
  for (let first = 0, batch = 0; first < options.count; first += ITEMS_PER_FEED, batch++) {
    const feed = batch % options.feeds;
    const outlet = outletOf(feed);
    const raw: RawItem[] = [];
    for (let seq = first; seq < Math.min(first + ITEMS_PER_FEED, options.count); seq++) {
      const published = new Date(options.now.getTime() - 5 * YEAR_MS * (1 - seq / options.count));
      const { story } = newsItem(pool, seq + 1, published);
      raw.push({
        guid: `fill/${seq}`,
        link: `https://www.${outlet.site}/archive/${seq}`,
        title: story.title,
        summary: `<p>${story.lead}</p>`,
        pubDate: published.toUTCString(),
      });
    }
    const articles = code.normaliseItems(raw, { feedId: `feed-${feed}`, feedTitle: outlet.name, fetchedAt: options.now.toISOString() });
    await code.recordQuietly(articles, deps);
  }
}
