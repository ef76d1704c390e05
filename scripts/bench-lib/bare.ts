// The baselines of `npm run bench:pipeline`: a bare poller (the same conditional GETs with fetch, and
// rss-parser's parseString of each 200) and bare parsing (parseString of the same bytes, no HTTP).
import Parser from 'rss-parser';
import { mapLimit } from '../../src/pipeline/run-cycle.ts';

export interface BarePoller {
  /** One poll of every URL; the bodies of the 200s. */
  poll: () => Promise<string[]>;
}

export function barePoller(urls: readonly string[], concurrency: number): BarePoller {
  const parser = new Parser();
  const validators = new Map<string, { etag: string | null; lastModified: string | null }>();
  return {
    async poll() {
      const bodies = await mapLimit(urls, concurrency, async (url) => {
        const known = validators.get(url);
        const headers: Record<string, string> = {};
        if (known?.etag) headers['if-none-match'] = known.etag;
        if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
        const response = await fetch(url, { headers });
        if (response.status === 304) {
          await response.body?.cancel();
          return null;
        }
        const body = await response.text();
        await parser.parseString(body);
        validators.set(url, { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') });
        return body;
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
