// The web fetching the config asks for, each through the proxy settings: feeds by their source kind, the
// policy feed discovery uses, and the reading of article leads.
import type { AppConfig } from '../config/load-config.ts';
import { NO_PROXY_SETTINGS, type ProxySettings } from '../http/proxy-settings.ts';
import { createLeadReader } from '../sources/fetch-lead.ts';
import { createConnectionPool, type ConnectionPool } from '../sources/connection-pool.ts';
import { httpGet, withProxy, type HttpGet } from '../sources/http-get.ts';
import { fetchSource } from '../sources/source-kinds.ts';
import type { FetchContext } from '../sources/source.ts';
import type { Store } from '../store/ports.ts';
import type { FetchFeed } from './poll-feed.ts';
import type { LeadReading } from './read-lead.ts';

/**
 * Feeds (and anything else fetched from the web) go through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says not;
 * with `connections`, direct requests reuse kept-alive connections (connection-pool.ts).
 */
export function fetchContext(
  config: Pick<AppConfig, 'fetch'>,
  now: () => Date,
  signal: AbortSignal,
  proxy: ProxySettings,
  connections?: ConnectionPool,
): FetchContext {
  const get: HttpGet =
    connections === undefined ? httpGet : (url, options) => httpGet(url, { ...options, connections });
  return { httpGet: withProxy(get, proxy), now, signal, ...fetchPolicy(config) };
}

/** The configured fetch policy, as the safe HTTP client takes it (feeds, feed discovery). */
export function fetchPolicy(config: Pick<AppConfig, 'fetch'>): Omit<FetchContext, 'httpGet' | 'now' | 'signal'> {
  return {
    allowPrivateAddresses: config.fetch.allowPrivateAddresses,
    maxBytes: config.fetch.maxBytes,
    timeoutMs: config.fetch.timeoutSeconds * 1000,
    userAgent: config.fetch.userAgent,
  };
}

/**
 * Fetches a feed with the source kind it names (src/sources/source-kinds.ts). The feeds of a cycle share
 * `connections`: feeds on one host, fetched one after another, reuse a connection.
 */
export function makeFetchFeed(
  config: Pick<AppConfig, 'fetch'>,
  now: () => Date,
  proxy: ProxySettings = NO_PROXY_SETTINGS,
  connections: ConnectionPool = createConnectionPool(),
): FetchFeed {
  return (feed, validators, signal) => fetchSource(feed, validators, fetchContext(config, now, signal, proxy, connections));
}

/** Reads headline-only items' leads (config `leads:`), caching them in the store's key-value table. */
export function makeLeadReading(
  config: Pick<AppConfig, 'fetch' | 'leads'>,
  store: Pick<Store, 'keyv'>,
  proxy: ProxySettings,
  signal?: AbortSignal,
): LeadReading {
  const { leads } = config;
  const reader = createLeadReader({
    httpGet: withProxy(httpGet, proxy),
    http: {
      allowPrivateAddresses: config.fetch.allowPrivateAddresses,
      maxBytes: leads.maxBytes,
      timeoutMs: leads.timeoutSeconds * 1000,
      userAgent: config.fetch.userAgent,
    },
    cache: store.keyv('lead'),
    hosts: store.keyv('lead-host'),
    settings: {
      maxPagesPerCycle: leads.maxPagesPerCycle,
      hostIntervalMs: leads.hostIntervalSeconds * 1000,
      cacheTtlMs: leads.cacheDays * 24 * 60 * 60 * 1000,
      failureTtlMs: leads.failureCacheMinutes * 60 * 1000,
    },
    ...(signal ? { signal } : {}),
  });
  return { rule: { shortLeadChars: leads.shortLeadChars, minScore: leads.minScore }, forCycle: () => reader.forCycle() };
}
