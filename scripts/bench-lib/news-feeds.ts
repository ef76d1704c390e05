// The generated feeds of the benches' loopback feed servers (feed-server.ts for `npm run bench:pipeline`,
// feed-farm.ts for `npm run bench:startup` and `npm run soak`): UK news feeds made from the project's own
// corpora (test/fixtures/real, test/fixtures/corpus: real headlines and leads), mostly stories that are no
// public-sector breach with one in 25 that is, and, every tenth feed, one of the real-world peer feeds of
// ./fixtures/ (README there).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../eval-lib.ts';
import { loadRealCorpus } from '../real-corpus.ts';

/** The items of a generated feed of bench:pipeline (feed-farm.ts serves fewer). */
export const ITEMS_PER_FEED = 50;
/** Feeds 9, 19, 29, … serve a peer feed. */
const PEER_EVERY = 10;
export const NEWS_FEED_TYPE = 'application/rss+xml; charset=utf-8';
/** One item in this many is a public-sector breach story. */
const BREACH_EVERY = 25;
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export interface Story {
  title: string;
  lead: string;
}

export interface StoryPool {
  quiet: readonly Story[];
  breach: readonly Story[];
}

/** Headlines and leads of the real-derived corpus and the long-form corpus, split by whether they are breaches. */
export function loadStoryPool(): StoryPool {
  const stories = [
    ...loadRealCorpus().map((item) => ({ title: item.title, lead: item.summary, alert: item.labels.alert })),
    ...loadCorpus().map((item) => ({ title: item.title, lead: item.summary, alert: item.labels.alert })),
  ];
  return {
    quiet: stories.filter((s) => !s.alert).map(({ title, lead }) => ({ title, lead })),
    breach: stories.filter((s) => s.alert).map(({ title, lead }) => ({ title, lead })),
  };
}

/** The real-world peer feeds' files, by file name. */
export function peerFeedFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => /\.(rss|atom)$/.test(name))
    .sort()
    .map((name) => path.join(FIXTURES, name));
}

export interface PeerFeed {
  name: string;
  body: Buffer;
  type: string;
}

/** The real-world peer feeds, by file name. */
export function loadPeerFeeds(): PeerFeed[] {
  return peerFeedFiles().map((file) => ({
    name: path.basename(file),
    body: readFileSync(file),
    type: file.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml',
  }));
}

/** The peer feed that feed number `feed` serves (the peers in turn), or undefined for a generated feed. */
export function peerFeedAt(peers: readonly PeerFeed[], feed: number): PeerFeed | undefined {
  return feed % PEER_EVERY === PEER_EVERY - 1 ? peers[Math.floor(feed / PEER_EVERY) % peers.length] : undefined;
}

export interface NewsItem {
  /** A number unique across every generated feed: the item's identity. */
  seq: number;
  story: Story;
  published: Date;
}

/** The item numbered `seq`: a story of the pool chosen by the number (the same seq, the same story). */
export function newsItem(pool: StoryPool, seq: number, published: Date): NewsItem {
  const list = seq % BREACH_EVERY === 0 ? pool.breach : pool.quiet;
  const story = list[(seq * 7919) % list.length];
  if (story === undefined) throw new Error('the story pool is empty');
  return { seq, story, published };
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const TOWNS = [
  'Northern', 'Midlands', 'Western', 'Eastern', 'Southern', 'Valley', 'Coast', 'City', 'County', 'Borders',
];
const KINDS = ['Gazette', 'Echo', 'Post', 'Chronicle', 'Herald', 'Advertiser', 'Mercury', 'Journal'];

/** A generated outlet's name and site, by feed number. */
export function outletOf(feed: number): { name: string; site: string } {
  return {
    name: `${TOWNS[feed % TOWNS.length]} ${KINDS[Math.floor(feed / TOWNS.length) % KINDS.length]} ${feed}`,
    site: `news${feed}.example.co.uk`,
  };
}

/** An RSS 2.0 feed of the items, newest first, as a local news site writes it (HTML lead in <description>). */
export function renderNewsFeed(feed: number, items: readonly NewsItem[]): string {
  const outlet = outletOf(feed);
  const entries = items.map(({ seq, story, published }) => {
    const slug = story.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
    const link = `https://www.${outlet.site}/news/${seq}-${slug}`;
    // Each outlet words its lead its own way: no two feeds syndicate the same text.
    const more = `More from the ${escapeXml(outlet.name)} newsroom, story ${seq}.`;
    const lead = `<p>${escapeXml(story.lead)}</p><p>${more}</p>`;
    return [
      '    <item>',
      `      <title>${escapeXml(story.title)}</title>`,
      `      <link>${escapeXml(link)}</link>`,
      `      <guid isPermaLink="false">${outlet.site}/${seq}</guid>`,
      `      <pubDate>${published.toUTCString()}</pubDate>`,
      `      <description><![CDATA[${lead}]]></description>`,
      '    </item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '  <channel>',
    `    <title>${escapeXml(outlet.name)} - News</title>`,
    `    <link>https://www.${outlet.site}/</link>`,
    '    <description>Latest news</description>',
    ...entries,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
