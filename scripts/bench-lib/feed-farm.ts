// A loopback feed server for `npm run bench:startup` and `npm run soak`: N feeds at /feed/<i>, every tenth one
// a real-world peer feed (./fixtures/, README there), the rest generated UK news feeds of 30 items made from
// the project's own real-derived corpus (test/fixtures/real: real headlines and leads; one item in 25 a
// public-sector breach). Each answers with an ETag and 304 to a matching If-None-Match. `advance()` adds
// one new item to a share of the generated feeds (their ETag changes), as a news cycle does.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadRealCorpus } from '../real-corpus.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const ITEMS_PER_FEED = 30;
const BREACH_EVERY = 25;
const PEER_EVERY = 10;

interface Story {
  title: string;
  lead: string;
}

export interface FeedFarm {
  /** The feeds' URLs, /feed/0 … /feed/N-1. */
  urls: readonly string[];
  /** The generated news feeds' URLs (the others serve peer fixtures). */
  generatedUrls: readonly string[];
  /** Requests answered so far, and how many of them were 304. */
  stats(): { requests: number; notModified: number };
  /** Resolves at the first request the server sees (performance.now() of this process). */
  firstRequest(): Promise<number>;
  /** Adds one new item to `share` (0-1) of the generated feeds. */
  advance(share: number): void;
  close(): Promise<void>;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The real-world peer feeds of ./fixtures/, by file name. */
export function peerFeedFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => /\.(rss|atom)$/.test(name))
    .sort()
    .map((name) => path.join(FIXTURES, name));
}

function storyPool(): { quiet: Story[]; breach: Story[] } {
  const items = loadRealCorpus();
  const story = (i: (typeof items)[number]): Story => ({ title: i.title, lead: i.summary });
  return { quiet: items.filter((i) => !i.labels.alert).map(story), breach: items.filter((i) => i.labels.alert).map(story) };
}

/** A generated RSS feed: its newest `ITEMS_PER_FEED` items, item numbers `top` downwards. */
function newsFeed(pool: ReturnType<typeof storyPool>, feed: number, top: number): string {
  const items: string[] = [];
  for (let n = top; n > top - ITEMS_PER_FEED && n >= 0; n--) {
    const seq = feed * 1_000_000 + n;
    const list = seq % BREACH_EVERY === 0 ? pool.breach : pool.quiet;
    const story = list[(seq * 7919) % list.length] as Story;
    const published = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toUTCString();
    items.push(
      `<item><title>${escapeXml(story.title)}</title><link>https://news${feed}.example.org/story/${seq}</link>` +
        `<guid>https://news${feed}.example.org/story/${seq}</guid><pubDate>${published}</pubDate>` +
        `<description>${escapeXml(story.lead)}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News ${feed}</title>` +
    `<link>https://news${feed}.example.org/</link><description>Local news</description>${items.join('')}</channel></rss>`;
}

export async function startFeedFarm(count: number): Promise<FeedFarm> {
  const pool = storyPool();
  const peers = peerFeedFiles().map((file) => readFileSync(file));
  // Generated feeds: the number of their newest item (one per advance() that picked them).
  const tops = new Map<number, number>();
  for (let i = 0; i < count; i++) if (i % PEER_EVERY !== PEER_EVERY - 1) tops.set(i, ITEMS_PER_FEED - 1);
  let requests = 0;
  let notModified = 0;
  let cycle = 0;
  let markFirst: (at: number) => void = () => undefined;
  const first = new Promise<number>((resolve) => (markFirst = resolve));
  const server = http.createServer((req, res) => {
    requests += 1;
    if (requests === 1) markFirst(performance.now());
    const i = Number(/^\/feed\/(\d+)$/.exec(req.url ?? '')?.[1] ?? NaN);
    const top = tops.get(i);
    const peer = top === undefined && i < count ? peers[Math.floor(i / PEER_EVERY) % peers.length] : undefined;
    if (top === undefined && peer === undefined) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${i}-${top ?? 'peer'}"`;
    if (req.headers['if-none-match'] === etag) {
      notModified += 1;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(peer ?? newsFeed(pool, i, top as number));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const generated = [...tops.keys()];
  return {
    urls: Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port}/feed/${i}`),
    generatedUrls: generated.map((i) => `http://127.0.0.1:${port}/feed/${i}`),
    stats: () => ({ requests, notModified }),
    firstRequest: () => first,
    advance: (share) => {
      cycle += 1;
      const every = Math.max(1, Math.round(1 / share));
      for (const [k, feed] of generated.entries()) if ((k + cycle) % every === 0) tops.set(feed, (tops.get(feed) ?? 0) + 1);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
