// The proxy route for a chat platform's SDK (Slack's fetch and Socket Mode WebSocket, Discord's REST):
// an undici ProxyAgent chosen once at start from the settings main.ts read, by the platform's API
// address (so NO_PROXY can exempt it). The credentials go in its token (Proxy-Authorization), never in
// the URI, so that no SDK error message can carry them.
import { fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { proxyFor, proxyRefusal, proxyUnreachable, type ProxyServer, type ProxySettings } from './proxy-settings.ts';

export interface PlatformProxy {
  /** The proxy without credentials, for log lines. */
  label: string;
  /** For SDKs that take an undici dispatcher (Socket Mode's WebSocket, discord.js REST's agent). */
  dispatcher: Dispatcher;
  /** fetch through the proxy, for SDKs that take a fetch (Slack's WebClient, Bolt's respond()). */
  fetch: typeof globalThis.fetch;
  /** `error` (from the SDK) as a clear DeliveryFailed naming the proxy when the proxy failed it, else null. */
  explain(error: unknown): BreachwatchError | null;
  close(): Promise<void>;
}

// undici's ProxyAgent reports a refused CONNECT as "Proxy response (407) !== 200 when HTTP Tunneling".
const REFUSED = /Proxy response \((\d{3})\)/;
// Through a proxy every connection is to the proxy: failing to connect means the proxy is unreachable.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function explainProxyError(error: unknown, proxy: ProxyServer, target: string): BreachwatchError | null {
  if (error instanceof BreachwatchError) return null;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const status = REFUSED.exec(e.message)?.[1];
    if (status !== undefined) return proxyRefusal(proxy, target, Number(status), ErrorCode.DeliveryFailed);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_CODES.has(code)) return proxyUnreachable(proxy, e, ErrorCode.DeliveryFailed);
  }
  return null;
}

/** A proxy route for requests to `apiUrl`, or null when they go direct (no proxy set, or NO_PROXY). */
export function platformProxy(apiUrl: string, settings: ProxySettings): PlatformProxy | null {
  const proxy = proxyFor(new URL(apiUrl), settings);
  if (proxy === null) return null;
  const dispatcher = new ProxyAgent({
    uri: proxy.label,
    ...(proxy.authorization ? { token: proxy.authorization } : {}),
  });
  const target = new URL(apiUrl).host;
  const explain = (error: unknown): BreachwatchError | null => explainProxyError(error, proxy, target);
  const fetch = (async (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => {
    try {
      return await undiciFetch(input, { ...init, dispatcher });
    } catch (error) {
      throw explain(error) ?? error;
    }
  }) as unknown as typeof globalThis.fetch;
  return { label: proxy.label, dispatcher, fetch, explain, close: () => dispatcher.close() };
}
