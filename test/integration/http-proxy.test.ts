// Feeds through a proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY): the real httpGet and fetchFeed against a
// loopback proxy (test/helpers/http-proxy.ts) in front of loopback feed servers, http and https. The
// made-up public names resolve to 127.0.0.1 through a fake resolver, and allowAddresses lets exactly
// the feed server's port through, as hostile-fetch.test.ts does; the proxy's own loopback address
// needs no allowance (the admin's proxy may be on the LAN or on this machine).
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { proxySettingsFromEnv, type ProxySettings } from '../../src/http/proxy-settings.ts';
import { createConnectionPool } from '../../src/sources/connection-pool.ts';
import { fetchFeed } from '../../src/sources/fetch-feed.ts';
import { httpGet, withProxy, type HttpGetOptions } from '../../src/sources/http-get.ts';
import { failure } from '../helpers/failure.ts';
import { startTestProxy, type TestProxy, type TestProxyOptions } from '../helpers/http-proxy.ts';
import { fakeResolver, loopbackServers, type Handler, type LoopbackServer } from '../helpers/loopback-server.ts';

const TLS_DIR = path.resolve(import.meta.dirname, '../fixtures/tls');
const CERT = readFileSync(path.join(TLS_DIR, 'cert.pem'), 'utf8');
const KEY = readFileSync(path.join(TLS_DIR, 'key.pem'), 'utf8');
const PASSWORD = 's3cret-Pa55';

const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Proxied Feed</title>
<item><guid>p1</guid><title>Council reports data breach</title><link>https://example.com/a</link><pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate></item>
</channel></rss>`;

const loopback = loopbackServers();
const proxies: TestProxy[] = [];
afterEach(async () => {
  await loopback.closeAll();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

const feedHandler: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.end(FEED);
};

async function proxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const started = await startTestProxy({ hosts: { 'feeds.example': '127.0.0.1', 'public.example': '127.0.0.1' }, ...options });
  proxies.push(started);
  return started;
}

const tlsFeedServer = (): Promise<LoopbackServer> => loopback.serve(feedHandler, { key: KEY, cert: CERT });

const DNS = { 'feeds.example': ['127.0.0.1'], 'public.example': ['127.0.0.1'], 'intranet.example': ['10.1.2.3'], 'metadata.example': ['169.254.169.254'] };

function options(port: number, settings: ProxySettings): HttpGetOptions {
  return { lookup: fakeResolver(DNS), allowAddresses: [`127.0.0.1:${port}`], proxy: settings, ca: CERT, timeoutMs: 3000, idleTimeoutMs: 2000 };
}

describe('httpGet through a proxy', () => {
  it('fetches an http:// feed with an absolute-form request, sending the credentials as Proxy-Authorization', async () => {
    const server = await loopback.serve(feedHandler);
    const p = await proxy({ credentials: `bw:${PASSWORD}` });
    const settings = proxySettingsFromEnv({ HTTP_PROXY: `http://bw:${PASSWORD}@127.0.0.1:${p.port}` });
    const url = `http://public.example:${server.port}/feed`;
    const response = await httpGet(url, options(server.port, settings));
    expect(response.body.toString()).toBe(FEED);
    expect(p.requests).toEqual([{ method: 'GET', target: url, proxyAuthorization: `Basic ${Buffer.from(`bw:${PASSWORD}`).toString('base64')}` }]);
    expect(server.requests).toEqual(['/feed']);
  });

  it('fetches an https:// feed through a CONNECT tunnel, verifying the site certificate end to end', async () => {
    const server = await tlsFeedServer();
    const p = await proxy();
    const settings = proxySettingsFromEnv({ https_proxy: p.url });
    const response = await httpGet(`https://feeds.example:${server.port}/rss`, options(server.port, settings));
    expect(response.body.toString()).toBe(FEED);
    expect(p.requests).toEqual([{ method: 'CONNECT', target: `feeds.example:${server.port}`, proxyAuthorization: null }]);
    expect(server.requests).toEqual(['/rss']);
    // The certificate is checked against the target's name through the tunnel: a name it does not carry fails.
    const error = await failure(httpGet(`https://public.example:${server.port}/rss`, options(server.port, settings)));
    expect(error.message).toMatch(/public\.example/);
  });

  it('fetchFeed through withProxy: the feed is parsed as usual and every request went via the proxy', async () => {
    const server = await loopback.serve(feedHandler);
    const p = await proxy();
    const get = withProxy(httpGet, proxySettingsFromEnv({ HTTP_PROXY: p.url }));
    const fetchOptions = options(server.port, proxySettingsFromEnv({}));
    const result = await fetchFeed({ id: 'f', name: 'Proxied', url: `http://public.example:${server.port}/feed` }, null, {
      httpGet: (url, o) => get(url, { ...o, lookup: fetchOptions.lookup!, allowAddresses: fetchOptions.allowAddresses! }),
      now: () => new Date('2026-03-10T10:00:00Z'),
      allowPrivateAddresses: false,
      maxBytes: 100_000,
    });
    expect(result.kind === 'ok' ? (await result.items.articles()).map((a) => a.title) : []).toEqual(['Council reports data breach']);
    expect(p.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('with a connection pool, still asks the proxy for every request and checks every target first', async () => {
    const server = await tlsFeedServer();
    const p = await proxy();
    const connections = createConnectionPool();
    try {
      const settings = proxySettingsFromEnv({ HTTPS_PROXY: p.url });
      const pooled = { ...options(server.port, settings), connections };
      for (let i = 0; i < 2; i++) expect((await httpGet(`https://feeds.example:${server.port}/rss`, pooled)).body.toString()).toBe(FEED);
      expect(p.requests.map((r) => r.method)).toEqual(['CONNECT', 'CONNECT']);
      const refused = await failure(httpGet(`https://intranet.example:${server.port}/rss`, pooled));
      expect(refused.code).toBe(ErrorCode.FeedUrlRefused);
      expect(p.requests).toHaveLength(2);
    } finally {
      connections.close();
    }
  });

  it('goes direct for a host in NO_PROXY (a subdomain of a listed domain, the port too)', async () => {
    const server = await loopback.serve(feedHandler);
    const p = await proxy();
    for (const noProxy of ['other.example, .example', `*.example`, `public.example:${server.port}`, '*']) {
      const settings = proxySettingsFromEnv({ HTTP_PROXY: p.url, NO_PROXY: noProxy });
      expect((await httpGet(`http://public.example:${server.port}/feed`, options(server.port, settings))).status).toBe(200);
    }
    expect(p.requests).toEqual([]);
    const wrongPort = proxySettingsFromEnv({ HTTP_PROXY: p.url, no_proxy: 'public.example:1' });
    await httpGet(`http://public.example:${server.port}/feed`, options(server.port, wrongPort));
    expect(p.requests).toHaveLength(1);
  });

  it('refuses a target the address policy forbids before asking the proxy: private, metadata, loopback without allowance', async () => {
    const p = await proxy();
    const settings = proxySettingsFromEnv({ HTTP_PROXY: p.url, HTTPS_PROXY: p.url });
    const lookup = fakeResolver(DNS);
    for (const url of ['http://intranet.example/feed', 'https://metadata.example/latest', 'https://feeds.example:8443/rss']) {
      const error = await failure(httpGet(url, { lookup, proxy: settings, timeoutMs: 2000 }));
      expect(error.code).toBe(ErrorCode.FeedUrlRefused);
      expect(error.message).toMatch(/resolves to (10\.1\.2\.3|169\.254\.169\.254|127\.0\.0\.1)/);
    }
    expect(p.requests).toEqual([]);
  });

  it('re-checks every redirect hop: a public feed redirecting to the metadata address is refused, the proxy asked once', async () => {
    const server = await loopback.serve((_req, res) => res.writeHead(302, { location: 'http://metadata.example/latest/meta-data' }).end());
    const p = await proxy();
    const error = await failure(httpGet(`http://public.example:${server.port}/feed`, options(server.port, proxySettingsFromEnv({ HTTP_PROXY: p.url }))));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toMatch(/169\.254\.169\.254/);
    expect(p.requests).toHaveLength(1);
  });

  it('says a 407 is the proxy wanting a login (CONNECT and absolute-form), naming the proxy but never the password', async () => {
    const tls = await tlsFeedServer();
    const plain = await loopback.serve(feedHandler);
    const p = await proxy({ credentials: 'bw:right-password' });
    const wrong = `http://bw:${PASSWORD}@127.0.0.1:${p.port}`;
    const settings = proxySettingsFromEnv({ HTTPS_PROXY: wrong, HTTP_PROXY: wrong });
    const viaConnect = await failure(httpGet(`https://feeds.example:${tls.port}/rss`, options(tls.port, settings)));
    const viaGet = await failure(httpGet(`http://public.example:${plain.port}/feed`, options(plain.port, settings)));
    for (const [error, variable] of [[viaConnect, 'HTTPS_PROXY'], [viaGet, 'HTTP_PROXY']] as const) {
      expect(error.code).toBe(ErrorCode.FeedUnreachable);
      expect(error.message).toContain(`the proxy http://127.0.0.1:${p.port} refused`);
      expect(error.message).toContain('HTTP 407');
      expect(error.message).toContain(`user name and password in ${variable}`);
      expect(`${error.message} ${String(error.cause)}`).not.toContain(PASSWORD);
    }
    const none = await failure(httpGet(`https://feeds.example:${tls.port}/rss`, options(tls.port, proxySettingsFromEnv({ HTTPS_PROXY: p.url }))));
    expect(none.message).toContain('it wants a login; put it in HTTPS_PROXY as http://user:password@host:port');
  });

  it.each([
    [403, /does not allow this site; ask the network team to allow it, or add the host to NO_PROXY/],
    [502, /could not reach the site/],
  ])('explains a CONNECT refused with %i', async (status, advice) => {
    const p = await proxy({ refuseConnect: status });
    const error = await failure(httpGet('https://feeds.example:9443/rss', options(9443, proxySettingsFromEnv({ HTTPS_PROXY: p.url }))));
    expect(error.message).toContain(`the proxy ${p.url} refused feeds.example:9443 (HTTP ${status})`);
    expect(error.message).toMatch(advice);
  });

  it('names the proxy and its variable when the proxy cannot be reached, never the password', async () => {
    const p = await proxy();
    await p.close();
    const settings = proxySettingsFromEnv({ https_proxy: `http://bw:${PASSWORD}@127.0.0.1:${p.port}` });
    const error = await failure(httpGet('https://feeds.example:9443/rss', options(9443, settings)));
    expect(error.message).toContain(`could not reach the proxy http://127.0.0.1:${p.port} (ECONNREFUSED); check https_proxy`);
    expect(`${error.message} ${String(error.cause)}`).not.toContain(PASSWORD);
  });

  it('gives up on a proxy that accepts the connection but never answers CONNECT, naming the proxy', async () => {
    const held: Socket[] = [];
    const silent = createTcpServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const settings = proxySettingsFromEnv({ HTTPS_PROXY: `http://127.0.0.1:${port}` });
      const error = await failure(httpGet('https://feeds.example:9443/rss', { ...options(9443, settings), idleTimeoutMs: 300 }));
      expect(error.code).toBe(ErrorCode.FeedTimeout);
      expect(error.message).toContain(`the proxy http://127.0.0.1:${port} did not answer CONNECT feeds.example:9443 within 300 ms`);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('says the machine must resolve the name itself when the target does not resolve', async () => {
    const p = await proxy();
    const error = await failure(httpGet('https://nowhere.example/rss', { lookup: fakeResolver(DNS), proxy: proxySettingsFromEnv({ HTTPS_PROXY: p.url }) }));
    expect(error.message).toContain('nowhere.example does not resolve on this machine');
    expect(p.requests).toEqual([]);
  });
});
