// Fetches an article's lead for the pipeline's lead step (pipeline/read-lead.ts): resolves a Google News
// link (decoded from its id where it can, else by following Google's redirect), fetches the page through
// the safe HTTP client (address policy on every hop, a smaller size cap than feeds, time caps, our user
// agent) and reads its standfirst. Bounded per cycle (a page budget) and per host (one request every so
// many seconds), cached by link with keyv (failures for a shorter time). Never throws: a lead that cannot
// be had is a LeadResult saying why.
import type { Keyv } from 'keyv';
import { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { decodeGoogleNewsLink } from '../domain/google-news-link.ts';
import type { LeadResult, ReadLead } from '../domain/leads.ts';
import { readPage } from '../domain/standfirst.ts';
import { decodeFeedBody } from './decode.ts';
import type { HttpGet, HttpGetOptions, HttpResponse } from './http-get.ts';

export interface LeadSettings {
  /** Page requests allowed in one poll cycle (cache hits are free). */
  maxPagesPerCycle: number;
  /** At most one request to a host in this many ms; 0: no limit. */
  hostIntervalMs: number;
  /** How long a lead read is remembered, and how long a failure is. */
  cacheTtlMs: number;
  failureTtlMs: number;
}

export interface LeadFetchDeps {
  httpGet: HttpGet;
  /** How pages are fetched: address policy, a size cap (1-2 MB), time caps, user agent. */
  http: Pick<HttpGetOptions, 'allowPrivateAddresses' | 'maxBytes' | 'timeoutMs' | 'idleTimeoutMs' | 'userAgent' | 'lookup'>;
  /** Leads by article link (store.keyv('lead')). */
  cache: Keyv<unknown>;
  /** When each host was last asked (store.keyv('lead-host')), kept for `hostIntervalMs`. */
  hosts: Keyv<unknown>;
  settings: LeadSettings;
  signal?: AbortSignal;
}

export interface LeadReader {
  /** A reader with a fresh page budget: one per poll cycle (or replay). */
  forCycle(): ReadLead;
}

const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

const CachedLead = z.discriminatedUnion('fetched', [
  z.object({
    fetched: z.literal(true),
    text: z.string().max(5_000),
    source: z.enum(['og:description', 'meta description', 'json-ld', 'paragraphs']),
    url: z.string().max(5_000),
  }),
  z.object({ fetched: z.literal(false), why: z.string().max(5_000), url: z.string().max(5_000).nullable() }),
]);

/** A failure that says nothing about the page (budget, host rate): never cached. */
class NotNow extends Error {}
/** A request that failed: its message completes "Lead not fetched: …"; cached for the shorter time. */
class PageFailed extends Error {
  readonly url: string;
  constructor(message: string, url: string, options: ErrorOptions) {
    super(message, options);
    this.url = url;
  }
}

const isGoogleHost = (host: string): boolean => host === 'google.com' || host.endsWith('.google.com');

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The charset a page declares in its first bytes (<meta charset> or http-equiv), as a Content-Type. */
function htmlContentType(response: HttpResponse): string | null {
  const header = response.headers['content-type'] ?? null;
  if (header !== null && /charset\s*=/i.test(header)) return header;
  const head = new TextDecoder('windows-1252').decode(response.body.subarray(0, 1024));
  const declared = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w-]{1,40})/i.exec(head)?.[1];
  return declared ? `text/html; charset=${declared}` : header;
}

/** Why a fetch failed, in words that complete "Lead not fetched: …". */
export function failureWhy(error: unknown, url: string, settings: Pick<HttpGetOptions, 'timeoutMs' | 'maxBytes'>): string {
  const host = hostOf(url);
  if (!(error instanceof BreachwatchError)) return `${host} could not be read (${String(error)})`;
  switch (error.code) {
    case ErrorCode.FeedHttpStatus: {
      // http-get's message starts with the URL that answered (after redirects): name its host.
      const [, where, status] = /^(\S{1,4000}) answered HTTP (\d{3})/.exec(error.message) ?? [];
      return status ? `${where ? hostOf(where) : host} answered HTTP ${status}` : `${host} answered with an error`;
    }
    case ErrorCode.FeedTimeout:
      return `${host} did not answer within ${Math.round((settings.timeoutMs ?? 0) / 1000)} s`;
    case ErrorCode.FeedTooLarge:
      return `the page at ${host} is larger than ${settings.maxBytes} bytes`;
    case ErrorCode.FeedTooManyRedirects:
      return `${host} redirected too many times`;
    case ErrorCode.FeedUrlRefused:
      return `the address policy refused it (${error.message})`;
    default:
      return `${host} could not be reached`;
  }
}

export function createLeadReader(deps: LeadFetchDeps): LeadReader {
  const { settings } = deps;
  return {
    forCycle() {
      let spent = 0;
      /** One page request, within the cycle's budget and the host's rate. */
      const get = async (url: string): Promise<HttpResponse> => {
        if (spent >= settings.maxPagesPerCycle) throw new NotNow(`the cycle's budget of ${settings.maxPagesPerCycle} pages was spent`);
        const host = hostOf(url);
        if (settings.hostIntervalMs > 0) {
          if ((await deps.hosts.get(host)) !== undefined) {
            throw new NotNow(`${host} was asked less than ${settings.hostIntervalMs / 1000} s ago (one page per host at a time)`);
          }
          await deps.hosts.set(host, true, settings.hostIntervalMs);
        }
        spent += 1;
        const options: HttpGetOptions = { ...deps.http, headers: { accept: ACCEPT_HTML } };
        if (deps.signal) options.signal = deps.signal;
        try {
          const response = await deps.httpGet(url, options);
          // A redirect's target counts as asked too (Google News sends every opaque link to its publisher).
          const landed = hostOf(response.url);
          if (settings.hostIntervalMs > 0 && landed !== host) await deps.hosts.set(landed, true, settings.hostIntervalMs);
          return response;
        } catch (error) {
          throw new PageFailed(failureWhy(error, url, deps.http), url, { cause: error });
        }
      };
      return async (link, headline) => {
        const cached = CachedLead.safeParse(await deps.cache.get(link));
        if (cached.success) return cached.data;
        let result: LeadResult;
        try {
          result = await fetchLead(link, headline, get);
        } catch (error) {
          if (deps.signal?.aborted) return { fetched: false, why: 'breachwatch is stopping', url: null };
          if (!(error instanceof PageFailed)) return { fetched: false, why: error instanceof NotNow ? error.message : String(error), url: null };
          result = { fetched: false, why: error.message, url: error.url };
        }
        // A cache that cannot be written costs a second fetch later, never this lead.
        await deps.cache.set(link, result, result.fetched ? settings.cacheTtlMs : settings.failureTtlMs).catch(() => false);
        return result;
      };
    },
  };
}

/** Link → page → standfirst. Throws on a failed request (the caller words it). */
async function fetchLead(link: string, headline: string, get: (url: string) => Promise<HttpResponse>): Promise<LeadResult> {
  const first = decodeGoogleNewsLink(link) ?? link;
  let response = await get(first);
  if (isGoogleHost(hostOf(response.url))) {
    // Google's own page (an interstitial or consent page): only an address it gives for the article helps.
    const links = readHtml(response, headline).links.map((href) => absolute(href, response.url));
    const target = links.find((href): href is string => href !== null && !isGoogleHost(hostOf(href)));
    if (!target) return { fetched: false, why: 'Google News gave a page without the article\'s address', url: response.url };
    response = await get(target);
  }
  const type = (response.headers['content-type'] ?? 'text/html').toLowerCase();
  if (!type.includes('html') && !type.includes('text/plain')) {
    return { fetched: false, why: `the page at ${hostOf(response.url)} is not HTML (${type.slice(0, 60)})`, url: response.url };
  }
  const reading = readHtml(response, headline);
  if (reading.standfirst === null) {
    return { fetched: false, why: `the page at ${hostOf(response.url)} has no description or paragraphs to read`, url: response.url };
  }
  return { fetched: true, text: reading.standfirst.text, source: reading.standfirst.source, url: response.url };
}

function readHtml(response: HttpResponse, headline: string): ReturnType<typeof readPage> {
  return readPage(decodeFeedBody(response.body, htmlContentType(response)).text, headline);
}

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
