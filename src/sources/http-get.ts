// A safe HTTP GET for feeds: every URL, DNS answer, redirect hop and connected address is checked
// against the address policy; the body is capped after decompression; time is bounded overall and
// per idle gap. Built on node:http/node:https so that DNS and sockets are under our control.
import type { Agent, IncomingMessage, ClientRequest } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { proxyFor, proxyRefusal, type ProxyServer, type ProxySettings } from '../http/proxy-settings.ts';
import { checkHopUrl, checkNetworkAddress, guardedLookup, parseAllowances, portOf, systemResolver } from './guarded-lookup.ts';
import type { AddressAllowance, Resolver } from './guarded-lookup.ts';
import type { ConnectionPool } from './connection-pool.ts';
import { decodedStream } from './decompress.ts';
import { requestViaProxy } from './proxy-route.ts';
import { http } from './node-http.ts';

export type { Resolver } from './guarded-lookup.ts';

export interface HttpGetOptions {
  signal?: AbortSignal;
  /** Whole request, redirects included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Longest silence on the socket. Default 10 000 ms (never more than timeoutMs). */
  idleTimeoutMs?: number;
  /** Body cap counted after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  allowPrivateAddresses?: boolean;
  etag?: string | null;
  lastModified?: string | null;
  userAgent?: string;
  headers?: Record<string, string>;
  /** How host names are resolved. Default: the system resolver. Tests inject a map of name → addresses. */
  lookup?: Resolver;
  /**
   * TEST ONLY. Exact loopback "address:port" pairs let through although allowPrivateAddresses is off,
   * so a loopback server can play the public first hop of a hostile redirect chain. Anything but a
   * loopback address with a port throws. Not reachable from config: fetch-feed.ts never forwards it.
   */
  allowAddresses?: readonly string[];
  /** HTTPS_PROXY/HTTP_PROXY/NO_PROXY as read at start; the target is still checked against the policy. */
  proxy?: ProxySettings;
  /** Extra trusted certificates (PEM) for https; production trusts the system's (and NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /**
   * Kept-alive connections to reuse (connection-pool.ts); without it, or through a proxy, each request
   * opens a connection of its own. A reused connection's address is checked against this call's policy.
   */
  connections?: ConnectionPool;
}

export interface HttpResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  /** Response headers, names lower-cased, repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
}

export type HttpGet = (url: string, options?: HttpGetOptions) => Promise<HttpResponse>;

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'breachwatch/0.1 (+feed monitor; RSS/Atom)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
/** Headers we never forward to a different origin after a redirect. */
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

interface Settings {
  signal: AbortSignal;
  idleTimeoutMs: number;
  maxBytes: number;
  allowPrivateAddresses: boolean;
  allowances: AddressAllowance;
  resolver: Resolver;
  timeoutMs: number;
  proxy: ProxySettings | null;
  ca: string | undefined;
  connections: ConnectionPool | null;
}

/** `get` with the proxy settings read at start added to every call: what main.ts hands to feeds and pages. */
export function withProxy(get: HttpGet, proxy: ProxySettings): HttpGet {
  return (url, options) => get(url, { ...options, proxy });
}

/** Fetches a URL safely. Throws BreachwatchError with a Feed* code on every failure. */
export async function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (options.signal) signals.push(options.signal);
  const settings: Settings = {
    signal: AbortSignal.any(signals),
    idleTimeoutMs: Math.min(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, timeoutMs),
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    allowPrivateAddresses: options.allowPrivateAddresses === true,
    allowances: parseAllowances(options.allowAddresses),
    resolver: options.lookup ?? systemResolver,
    timeoutMs,
    proxy: options.proxy ?? null,
    ca: options.ca,
    connections: options.connections ?? null,
  };
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const firstCheck = checkHopUrl(url, settings);
  if (!firstCheck.ok) throw new BreachwatchError(ErrorCode.FeedUrlRefused, firstCheck.message);

  let current = firstCheck.url;
  const origin = current.origin;
  const visited = new Set<string>();
  for (let hop = 0; ; hop++) {
    const key = withoutFragment(current);
    if (visited.has(key)) {
      throw new BreachwatchError(
        ErrorCode.FeedTooManyRedirects,
        `${url} redirects in a loop (back to ${key}); ask the publisher for the feed's real address.`,
      );
    }
    visited.add(key);
    const headers = buildHeaders(options, current.origin === origin);
    let result = await requestOnce(current, headers, settings, true);
    // A kept-alive connection the server had closed (its idle timeout raced ours): once more on a new one.
    if (result.kind === 'stale') result = await requestOnce(current, headers, settings, false);
    if (result.kind === 'stale') throw result.error;
    if (result.kind === 'redirect') {
      if (hop >= maxRedirects) {
        throw new BreachwatchError(
          ErrorCode.FeedTooManyRedirects,
          `${url} redirected more than ${maxRedirects} times (last hop ${key}); use the feed's final address instead.`,
        );
      }
      let next: URL;
      try {
        next = new URL(result.location, current);
      } catch (error) {
        throw new BreachwatchError(
          ErrorCode.FeedHttpStatus,
          `${key} answered ${result.status} with an unusable Location "${result.location}"; check the feed URL.`,
          { cause: error },
        );
      }
      const hopCheck = checkHopUrl(next, settings);
      if (!hopCheck.ok) {
        throw new BreachwatchError(ErrorCode.FeedUrlRefused, `${key} redirected to ${next.href}, which was ${hopCheck.message}`);
      }
      current = hopCheck.url;
      continue;
    }
    return result.response;
  }
}

function withoutFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

function buildHeaders(options: HttpGetOptions, sameOrigin: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!sameOrigin && ORIGIN_BOUND_HEADERS.has(lower)) continue;
    headers[lower] = value;
  }
  headers['user-agent'] = options.userAgent ?? headers['user-agent'] ?? DEFAULT_USER_AGENT;
  headers['accept'] ??= ACCEPT;
  headers['accept-encoding'] = 'gzip, deflate, br';
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return headers;
}

type OnceResult =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'done'; response: HttpResponse }
  /** A reused connection failed before any answer: the request can be sent again on a new one. */
  | { kind: 'stale'; error: BreachwatchError };

/** The errors of a kept-alive connection the server closed while it sat idle. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function abortError(signal: AbortSignal, url: URL, timeoutMs: number): BreachwatchError {
  const reason: unknown = signal.reason;
  if (reason instanceof BreachwatchError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new BreachwatchError(
      ErrorCode.FeedTimeout,
      `${url.href} did not finish within ${timeoutMs} ms; the server is slow or stalled. It will be retried with back-off.`,
      { cause: reason },
    );
  }
  return new BreachwatchError(ErrorCode.FeedUnreachable, `fetching ${url.href} was cancelled (shutting down?).`, {
    cause: reason,
  });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const NETWORK_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/**
 * How a fetch failed below HTTP: 'dns' (no name resolved), 'network' (no connection), or null (an
 * answer came, or something else). Every feed failing the same way means this machine is offline.
 */
export function networkFailure(error: unknown): 'dns' | 'network' | null {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DNS_CODES.has(code)) return 'dns';
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  }
  return null;
}

function networkError(error: unknown, url: URL, proxy: ProxyServer | null): BreachwatchError {
  if (error instanceof BreachwatchError) return error;
  const via = proxy ? ` through the proxy ${proxy.label}` : '';
  const code = (error as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const hint =
    code === 'ENOTFOUND'
      ? 'the host name does not resolve; check the spelling of the feed URL'
      : code === 'ECONNREFUSED'
        ? 'nothing is listening there; the site may be down'
        : 'the site may be down or blocking us; it will be retried with back-off';
  return new BreachwatchError(ErrorCode.FeedUnreachable, `could not fetch ${url.href}${via} (${detail}): ${hint}.`, {
    cause: error,
  });
}

function lowerHeaders(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The pool's agent for this request, or false (a connection of its own) without a pool or when `reuse` is off. */
function agentFor(url: URL, settings: Settings, reuse: boolean): Agent | false {
  if (!reuse || settings.connections === null) return false;
  return settings.connections.agentFor(url.protocol, settings);
}

function requestOnce(url: URL, headers: Record<string, string>, settings: Settings, reuse: boolean): Promise<OnceResult> {
  return new Promise<OnceResult>((resolve, reject) => {
    const { signal } = settings;
    if (signal.aborted) return reject(abortError(signal, url, settings.timeoutMs));
    let settled = false;
    let req: ClientRequest | null = null;
    let body: Readable | null = null;
    const finish = (error: BreachwatchError | null, value?: OnceResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        body?.destroy();
        req?.destroy();
        reject(error);
      } else {
        resolve(value as OnceResult);
      }
    };
    const onAbort = (): void => finish(abortError(signal, url, settings.timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });

    const proxy = settings.proxy === null ? null : proxyFor(url, settings.proxy);
    const transport = url.protocol === 'https:' ? https : http;
    req = proxy
      ? requestViaProxy(url, headers, proxy, settings)
      : transport.request(url, {
          method: 'GET',
          headers,
          agent: agentFor(url, settings, reuse),
          lookup: guardedLookup(settings.resolver, portOf(url), settings),
          ...(settings.ca === undefined ? {} : { ca: settings.ca }),
        });
    req.setTimeout(settings.idleTimeoutMs, () => {
      finish(
        new BreachwatchError(
          ErrorCode.FeedTimeout,
          `${url.href} went silent for ${settings.idleTimeoutMs} ms; the server stalled. It will be retried with back-off.`,
        ),
      );
    });
    // Through a proxy the socket is the proxy's (or a tunnel): the target was checked before connecting.
    req.on('socket', (socket: Socket) => {
      if (proxy) return;
      const verify = (): void => {
        const remote = socket.remoteAddress;
        if (remote === undefined) return;
        const check = checkNetworkAddress(remote, socket.remotePort ?? portOf(url), settings);
        if (!check.ok) {
          finish(new BreachwatchError(ErrorCode.FeedUrlRefused, `${url.host} connected to ${remote}: ${check.message}`));
        }
      };
      if (socket.remoteAddress !== undefined && !socket.connecting) verify();
      else socket.once('connect', verify);
    });
    let answered = false;
    req.on('error', (error) => {
      const code = (error as { code?: unknown }).code;
      const stale = req?.reusedSocket === true && !answered && typeof code === 'string' && STALE_CODES.has(code);
      if (stale) finish(null, { kind: 'stale', error: networkError(error, url, proxy) });
      else finish(networkError(error, url, proxy));
    });
    req.on('response', (res) => {
      answered = true;
      const status = res.statusCode ?? 0;
      const resHeaders = lowerHeaders(res);
      const location = resHeaders['location'];
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        res.resume();
        finish(null, { kind: 'redirect', status, location });
        req?.destroy();
        return;
      }
      const etag = resHeaders['etag'] ?? null;
      const lastModified = resHeaders['last-modified'] ?? null;
      if (status === 304) {
        res.resume();
        finish(null, {
          kind: 'done',
          response: {
            url: url.href,
            status,
            headers: resHeaders,
            body: Buffer.alloc(0),
            notModified: true,
            etag: etag ?? headers['if-none-match'] ?? null,
            lastModified: lastModified ?? headers['if-modified-since'] ?? null,
          },
        });
        return;
      }
      if (status < 200 || status > 299) {
        res.resume();
        finish(statusError(url, status, proxy));
        return;
      }
      const declared = Number(resHeaders['content-length']);
      const encoding = resHeaders['content-encoding'] ?? '';
      if (encoding === '' && Number.isFinite(declared) && declared > settings.maxBytes) {
        finish(tooLarge(url, settings.maxBytes));
        return;
      }
      try {
        body = decodedStream(res, encoding, url);
      } catch (error) {
        finish(networkError(error, url, proxy));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      body.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > settings.maxBytes) {
          finish(tooLarge(url, settings.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      body.on('error', (error) => {
        finish(
          new BreachwatchError(
            ErrorCode.FeedUnreachable,
            `${url.href} sent a body that could not be read or decompressed (${error.message}); it will be retried.`,
            { cause: error },
          ),
        );
      });
      res.on('aborted', () => {
        finish(new BreachwatchError(ErrorCode.FeedUnreachable, `${url.href} closed the connection before the body was complete.`));
      });
      body.on('end', () => {
        finish(null, {
          kind: 'done',
          response: { url: url.href, status, headers: resHeaders, body: Buffer.concat(chunks), notModified: false, etag, lastModified },
        });
      });
    });
    req.end();
  });
}

function tooLarge(url: URL, maxBytes: number): BreachwatchError {
  return new BreachwatchError(
    ErrorCode.FeedTooLarge,
    `${url.href} is larger than ${maxBytes} bytes (after decompression); stopped reading. Raise fetch.maxBytes if this feed is genuinely that big.`,
  );
}

/** An http:// target through a proxy: a 407 is the proxy's, and other statuses may be, so the proxy is named. */
function statusError(url: URL, status: number, proxy: ProxyServer | null): BreachwatchError {
  if (proxy && status === 407) return proxyRefusal(proxy, url.host, status);
  const via = proxy ? ` (through the proxy ${proxy.label})` : '';
  return new BreachwatchError(ErrorCode.FeedHttpStatus, `${statusMessage(url, status)}${via}`);
}

function statusMessage(url: URL, status: number): string {
  if (status === 404 || status === 410) {
    return `${url.href} answered HTTP ${status} (not found); the feed may have moved: check its address.`;
  }
  if (status === 401 || status === 403) {
    return `${url.href} answered HTTP ${status} (access refused); the publisher may block bots or need a login.`;
  }
  if (status === 429) return `${url.href} answered HTTP 429 (too many requests); poll this feed less often.`;
  if (status >= 500) return `${url.href} answered HTTP ${status} (server error); it will be retried with back-off.`;
  return `${url.href} answered HTTP ${status}; expected 200 with a feed.`;
}
