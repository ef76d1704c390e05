// Generated feeds for the chaos harness and the two-poller test: many distinct public-body breaches,
// each first reported in one round and followed up in later rounds by other outlets (a new count, a
// regulator's action, or a plain re-report), behind older unrelated items that the first poll records.
// Served over loopback HTTP with conditional GET; every fetch is counted per feed.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoArticle, DemoFeedDefinition } from '../../src/demo/demo-feed-data.ts';
import { renderRss } from '../../src/demo/render-feed.ts';

export const OUTLETS: readonly DemoFeedDefinition[] = [
  { id: 'civic-post', name: 'Civic Post', format: 'rss', siteUrl: 'https://civic-post.test/', description: 'Local government news' },
  { id: 'shield-news', name: 'Shield News', format: 'rss', siteUrl: 'https://shield-news.test/', description: 'Security news' },
  { id: 'ward-report', name: 'Ward Report', format: 'rss', siteUrl: 'https://ward-report.test/', description: 'Health service news' },
  { id: 'county-wire', name: 'County Wire', format: 'rss', siteUrl: 'https://county-wire.test/', description: 'Regional news wire' },
];

const BODIES: ReadonlyArray<{ name: string; people: string }> = [
  { name: 'Cornwall Council', people: 'residents' },
  { name: 'Leeds City Council', people: 'residents' },
  { name: 'Bristol City Council', people: 'residents' },
  { name: 'Norfolk County Council', people: 'residents' },
  { name: 'Kent Police', people: 'officers and staff' },
  { name: 'Durham Constabulary', people: 'officers and staff' },
  { name: 'Essex Police', people: 'officers and staff' },
  { name: 'Cumbria Constabulary', people: 'officers and staff' },
  { name: 'Heriot-Watt University', people: 'students' },
  { name: 'Roehampton University', people: 'students' },
  { name: 'Aberdeen City Council', people: 'residents' },
  { name: 'North Yorkshire Council', people: 'residents' },
  { name: 'East and North Hertfordshire NHS Trust', people: 'patients' },
  { name: 'Plymouth City Council', people: 'residents' },
  { name: 'Sheffield City Council', people: 'residents' },
  { name: 'Dorset Police', people: 'officers and staff' },
];

const NOISE: ReadonlyArray<string> = [
  'Library opening hours extended on Thursdays',
  'New cycle lanes planned for the town centre',
  'Hospital car park charges to be reviewed',
  'Police open a new front counter in the market square',
  'Council approves budget for road repairs',
  'University opens new science building',
];

export type FollowUpKind = 'count' | 'regulator' | 'resource';

export interface GeneratedArticle extends DemoArticle {
  incident: number;
  kind: 'first' | FollowUpKind | 'noise';
  round: number;
}

export interface IncidentPlan {
  rounds: number;
  articles: GeneratedArticle[];
  incidents: number;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function firstReport(body: { name: string; people: string }, i: number, outlet: string, at: Date, round: number): GeneratedArticle {
  const base = `https://${outlet}.test/news/${slug(body.name)}-breach-${i}`;
  return {
    id: `inc${i}-first`, outlet, incident: i, kind: 'first', round,
    title: `${body.name} data breach: personal details exposed after ransomware attack`,
    link: base, guid: base, published: at, author: null, categories: ['Data breach'],
    summary: `${body.name} has confirmed a data breach after a ransomware attack on its systems. Names, addresses and dates of birth of ${body.people} were exposed. The breach has been reported to the Information Commissioner's Office.`,
    contentHtml: `<p>${body.name} has confirmed a data breach after a ransomware attack on its computer systems.</p><p>Names, addresses and dates of birth of ${body.people} were exposed. It has reported the breach to the Information Commissioner's Office.</p>`,
  };
}

function followUp(body: { name: string; people: string }, i: number, kind: FollowUpKind, outlet: string, at: Date, round: number): GeneratedArticle {
  const base = `https://${outlet}.test/news/${slug(body.name)}-breach-${i}-${kind}`;
  const count = (i + 3) * 1_137;
  const text: Record<FollowUpKind, { title: string; summary: string }> = {
    count: {
      title: `${body.name} ransomware breach exposed details of ${count.toLocaleString('en-GB')} ${body.people}`,
      summary: `The ransomware attack on ${body.name} exposed the names, addresses and dates of birth of ${count.toLocaleString('en-GB')} ${body.people}, it has confirmed. The data breach was reported to the Information Commissioner's Office.`,
    },
    regulator: {
      title: `ICO reprimands ${body.name} over ransomware data breach`,
      summary: `The Information Commissioner's Office has issued a reprimand to ${body.name} after a ransomware attack exposed names, addresses and dates of birth of ${body.people} in a data breach.`,
    },
    resource: {
      title: `${body.name} still investigating ransomware data breach`,
      summary: `${body.name} says it is still investigating the ransomware attack in which names, addresses and dates of birth of ${body.people} were exposed. The data breach was reported to the Information Commissioner's Office.`,
    },
  };
  const { title, summary } = text[kind];
  return { id: `inc${i}-${kind}`, outlet, incident: i, kind, round, title, link: base, guid: base, published: at, author: null, categories: ['Data breach'], summary, contentHtml: `<p>${summary}</p>` };
}

/** A deterministic random source (mulberry32) so a seed reproduces a run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plans `incidents` breaches over `rounds` rounds (round 0: noise only). Each incident starts in a
 * round from 1 on; its follow-ups come in later rounds from other outlets, at most one article per
 * incident per round, and every article is newer than everything published before it.
 */
export function planIncidents(options: { incidents: number; rounds: number; random: () => number; start?: Date }): IncidentPlan {
  const count = Math.min(options.incidents, BODIES.length);
  const start = options.start ?? new Date(Date.now() - 30 * 24 * 3600_000);
  const articles: GeneratedArticle[] = NOISE.map((title, n) => {
    const outlet = OUTLETS[n % OUTLETS.length]?.id ?? 'civic-post';
    const link = `https://${outlet}.test/news/${slug(title)}`;
    return { id: `noise-${n}`, outlet, incident: -1, kind: 'noise' as const, round: 0, title, link, guid: link, published: new Date(start.getTime() + n * 60_000), author: null, categories: [], summary: `${title}.`, contentHtml: `<p>${title}.</p>` };
  });
  const kinds: FollowUpKind[] = ['count', 'resource', 'regulator'];
  const rounds = Math.max(2, options.rounds);
  for (let i = 0; i < count; i += 1) {
    const body = BODIES[i] as { name: string; people: string };
    const firstRound = 1 + Math.floor(options.random() * Math.max(1, rounds - 3));
    const outlets = [...OUTLETS].sort(() => options.random() - 0.5).map((o) => o.id);
    articles.push(firstReport(body, i, outlets[0] ?? 'civic-post', new Date(0), firstRound));
    const followUps = kinds.slice(0, i % 4 === 3 ? 1 : 1 + Math.floor(options.random() * 3));
    let round = firstRound;
    for (const [n, kind] of followUps.entries()) {
      round += 1 + Math.floor(options.random() * 2);
      if (round >= rounds) break;
      articles.push(followUp(body, i, kind, outlets[(n + 1) % outlets.length] ?? 'civic-post', new Date(0), round));
    }
  }
  // Dates follow rounds (then a stable order), so every new item is newer than those before it.
  articles.sort((a, b) => a.round - b.round || a.id.localeCompare(b.id));
  articles.forEach((a, n) => {
    if (a.kind !== 'noise') a.published = new Date(start.getTime() + 24 * 3600_000 + n * 3600_000);
  });
  return { rounds, articles, incidents: count };
}

export interface IncidentFeedServer {
  readonly baseUrl: string;
  readonly feeds: Array<{ id: string; name: string; url: string }>;
  readonly round: number;
  setRound(n: number): void;
  /** GET requests per feed id (200 and 304 alike). */
  fetches: Map<string, number>;
  /** Called on every feed request (before it is answered), for kill timing. */
  onRequest: ((feedId: string) => void) | null;
  close(): Promise<void>;
}

export async function startIncidentFeedServer(plan: IncidentPlan, options: { delayMs?: () => number } = {}): Promise<IncidentFeedServer> {
  let round = 0;
  const fetches = new Map<string, number>();
  const render = (feedId: string): { body: Buffer; etag: string } => {
    const feed = OUTLETS.find((o) => o.id === feedId) as DemoFeedDefinition;
    const items = plan.articles.filter((a) => a.outlet === feedId && a.round <= round).sort((a, b) => b.published.getTime() - a.published.getTime());
    const body = Buffer.from(renderRss(feed, items, `${baseUrl}/feeds/${feedId}.xml`, items[0]?.published ?? new Date(0)), 'utf8');
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 20)}"` };
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const match = /^\/feeds\/([a-z-]+)\.xml$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const feedId = match?.[1];
    if (!feedId || !OUTLETS.some((o) => o.id === feedId)) {
      res.writeHead(404).end();
      return;
    }
    fetches.set(feedId, (fetches.get(feedId) ?? 0) + 1);
    server.onRequest?.(feedId);
    const answer = (): void => {
      const { body, etag } = render(feedId);
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag, 'Content-Length': body.length }).end(body);
    };
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  };
  const http = createServer(handle);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server: IncidentFeedServer = {
    baseUrl,
    feeds: OUTLETS.map((o) => ({ id: o.id, name: o.name, url: `${baseUrl}/feeds/${o.id}.xml` })),
    get round() {
      return round;
    },
    setRound(n: number) {
      round = Math.max(0, Math.min(plan.rounds - 1, n));
    },
    fetches,
    onRequest: null,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
