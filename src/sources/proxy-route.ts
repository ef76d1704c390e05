// A feed or page request through an HTTP proxy (HTTPS_PROXY/HTTP_PROXY): the TARGET's name is resolved
// and checked against the address policy first, then the proxy is asked to connect (CONNECT host:port
// for https, an absolute-form GET for http). The proxy itself may be on a private network or this
// machine: it is the admin's, not the feed's. Its credentials go in Proxy-Authorization and never into
// a message (docs/adr/018-proxies.md).
import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { proxyRefusal, proxyUnreachable, type ProxyServer } from '../http/proxy-settings.ts';
import { isIpLiteral } from './address-policy.ts';
import { checkNetworkAddress, portOf, resolveChecked } from './guarded-lookup.ts';
import type { NetworkPolicy, Resolver } from './guarded-lookup.ts';
import { http } from './node-http.ts';

export interface ProxyRouteSettings extends NetworkPolicy {
  signal: AbortSignal;
  idleTimeoutMs: number;
  resolver: Resolver;
  /** Extra trusted certificates (PEM) for https targets; production trusts the system's and NODE_EXTRA_CA_CERTS. */
  ca?: string | undefined;
}

type OnCreate = (error: Error | null, socket: Duplex) => void;

/** A createConnection for http.request that connects after `open` (Node waits for the callback). */
function connectAfter(open: () => Promise<Duplex>) {
  return (_options: unknown, oncreate: OnCreate): undefined => {
    // On error Node ignores the socket argument.
    open().then((socket) => oncreate(null, socket), (error: unknown) => oncreate(error as Error, undefined as never));
    return undefined;
  };
}

/** GET `url` through `proxy`. Returns at once; the checks and the tunnel run in createConnection. */
export function requestViaProxy(
  url: URL,
  headers: Record<string, string>,
  proxy: ProxyServer,
  settings: ProxyRouteSettings,
): ClientRequest {
  const auth: Record<string, string> = proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {};
  if (url.protocol === 'https:') {
    return https.request(url, {
      method: 'GET',
      headers,
      createConnection: connectAfter(async () => {
        const socket = await openTunnel(url, proxy, auth, settings);
        const host = bareHost(url);
        const sni = isIpLiteral(host) ? {} : { servername: host };
        return tlsConnect({ socket, host, ...sni, ...(settings.ca === undefined ? {} : { ca: settings.ca }) });
      }),
    });
  }
  // http: the proxy gets the whole URL in the request line and fetches it for us.
  return http.request({
    host: proxy.hostname,
    port: proxy.port,
    method: 'GET',
    path: `${url.origin}${url.pathname}${url.search}`,
    headers: { ...headers, host: url.host, ...auth },
    createConnection: connectAfter(async () => {
      await checkTarget(url, proxy, settings);
      return netConnect(proxy.port, proxy.hostname);
    }),
  });
}

function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** The address policy for the target, as if we connected to it ourselves. */
async function checkTarget(url: URL, proxy: ProxyServer, settings: ProxyRouteSettings): Promise<void> {
  const host = bareHost(url);
  const port = portOf(url);
  if (isIpLiteral(host)) {
    const check = checkNetworkAddress(host, port, settings);
    if (!check.ok) throw new BreachwatchError(ErrorCode.FeedUrlRefused, `${url.host}: ${check.message}`);
    return;
  }
  try {
    await resolveChecked(settings.resolver, host, port, settings);
  } catch (error) {
    if (error instanceof BreachwatchError) throw error;
    throw new BreachwatchError(
      ErrorCode.FeedUnreachable,
      `could not fetch ${url.href}: ${host} does not resolve on this machine. breachwatch checks where a name points ` +
        `before asking the proxy ${proxy.label} to connect, so this machine needs DNS for public names; check the ` +
        'spelling of the URL and the DNS settings.',
      { cause: error },
    );
  }
}

/** Asks the proxy for a tunnel to the target (CONNECT host:port). Resolves with the tunnelled socket. */
async function openTunnel(
  url: URL,
  proxy: ProxyServer,
  auth: Record<string, string>,
  settings: ProxyRouteSettings,
): Promise<Socket> {
  await checkTarget(url, proxy, settings);
  const authority = `${url.hostname}:${portOf(url)}`;
  return new Promise<Socket>((resolve, reject) => {
    const { signal } = settings;
    const req = http.request({
      host: proxy.hostname,
      port: proxy.port,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...auth },
      agent: false,
    });
    const fail = (error: Error): void => {
      signal.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.setTimeout(settings.idleTimeoutMs, () =>
      fail(
        new BreachwatchError(
          ErrorCode.FeedTimeout,
          `the proxy ${proxy.label} did not answer CONNECT ${authority} within ${settings.idleTimeoutMs} ms; ` +
            `check that ${proxy.variable} names a working proxy.`,
        ),
      ),
    );
    req.on('connect', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return fail(proxyRefusal(proxy, authority, res.statusCode ?? 0));
      }
      signal.removeEventListener('abort', onAbort);
      req.setTimeout(0);
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      fail(proxyRefusal(proxy, authority, res.statusCode ?? 0));
    });
    req.on('error', (error) => fail(proxyUnreachable(proxy, error)));
    req.end();
  });
}
