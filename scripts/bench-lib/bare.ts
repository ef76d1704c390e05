// The baselines of `npm run bench:pipeline`: a bare poller (the same conditional GETs, and rss-parser's
// parseString of each 200) and bare parsing (parseString of the same bytes, no HTTP). The bare poller comes
// in two kinds: with node:http and a connection per request, as the bot fetches and as polls minutes apart
// of feeds on many hosts get; and with fetch, whose pool keeps the connection to the bench's one loopback
// host open from feed to feed (an advantage real feeds on other hosts would not give it).
import http from 'node:http';
import Parser from 'rss-parser';
import { mapLimit } from '../../src/pipeline/run-cycle.ts';

interface Answer {
  status: number;
  body: string;
  etag: string | null;
  lastModified: string | null;
}

/** A conditional GET on a connection of its own (node:http, no agent). */
function getOnce(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const header = (name: string): string | null => {
          const value = res.headers[name];
          return typeof value === 'string' ? value : null;
        };
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), etag: header('etag'), lastModified: header('last-modified') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * A conditional GET with fetch (undici's pool: connections kept open). A kept connection the server closed as it
 * was reused (a long pause between polls, as while a bot records its backlog) is tried once more, as the bot does.
 */
async function getPooled(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { headers }).catch(() => fetch(url, { headers }));
  const body = response.status === 304 ? (await response.body?.cancel(), '') : await response.text();
  return { status: response.status, body, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

export interface BarePoller {
  /** One poll of every URL; the bodies of the 200s. */
  poll: () => Promise<string[]>;
}

export function barePoller(urls: readonly string[], concurrency: number, pooled = false): BarePoller {
  const get = pooled ? getPooled : getOnce;
  const parser = new Parser();
  const validators = new Map<string, { etag: string | null; lastModified: string | null }>();
  return {
    async poll() {
      const bodies = await mapLimit(urls, concurrency, async (url) => {
        const known = validators.get(url);
        const headers: Record<string, string> = {};
        if (known?.etag) headers['if-none-match'] = known.etag;
        if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
        const answer = await get(url, headers);
        if (answer.status === 304) return null;
        await parser.parseString(answer.body);
        validators.set(url, { etag: answer.etag, lastModified: answer.lastModified });
        return answer.body;
      });
      return bodies.filter((body) => body !== null);
    },
  };
}

/** rss-parser's parseString of each body, one after the other. */
export async function bareParse(bodies: readonly string[]): Promise<void> {
  const parser = new Parser();
  for (const body of bodies) await parser.parseString(body);
}
