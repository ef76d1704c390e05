// Kept-alive connections (src/sources/connection-pool.ts) through the REAL httpGet on loopback: reuse,
// the address policy on new and reused connections, per-policy pools, limits, and a connection the server
// closed while it sat idle. The hostile URL and redirect tables run through a pool too (hostile-fetch.test.ts).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { createConnectionPool, type ConnectionPool } from '../../src/sources/connection-pool.ts';
import { httpGet, type HttpGetOptions } from '../../src/sources/http-get.ts';
import { failure } from '../helpers/failure.ts';
import { fakeResolver, loopbackServers } from '../helpers/loopback-server.ts';

const FEED = '<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>';
const { serve, closeAll } = loopbackServers();
const pools: ConnectionPool[] = [];
const newPool = (...args: Parameters<typeof createConnectionPool>): ConnectionPool => {
  const pool = createConnectionPool(...args);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  await closeAll();
});

const open: HttpGetOptions = { allowPrivateAddresses: true, timeoutMs: 2000 };
const feedServer = (): ReturnType<typeof serve> => serve((_req, res) => res.writeHead(200).end(FEED));

describe('httpGet with a connection pool', () => {
  it('reuses one connection for requests one after another, and opens one per request without a pool', async () => {
    const pooled = await feedServer();
    const connections = newPool();
    for (let i = 0; i < 3; i++) expect((await httpGet(`${pooled.base}/feed`, { ...open, connections })).body.toString()).toBe(FEED);
    expect(pooled.connections()).toBe(1);

    const single = await feedServer();
    for (let i = 0; i < 3; i++) await httpGet(`${single.base}/feed`, open);
    expect(single.connections()).toBe(3);
  });

  it('reuses an https connection too, verifying the certificate on the first', async () => {
    const tls = path.resolve(import.meta.dirname, '../fixtures/tls');
    const [cert, key] = ['cert.pem', 'key.pem'].map((file) => readFileSync(path.join(tls, file), 'utf8')) as [string, string];
    const server = await serve((_req, res) => res.writeHead(200).end(FEED), { key, cert });
    const options: HttpGetOptions = {
      lookup: fakeResolver({ 'feeds.example': ['127.0.0.1'] }),
      allowAddresses: [`127.0.0.1:${server.port}`],
      ca: cert,
      timeoutMs: 2000,
      connections: newPool(),
    };
    for (let i = 0; i < 2; i++) expect((await httpGet(`https://feeds.example:${server.port}/rss`, options)).body.toString()).toBe(FEED);
    expect(server.connections()).toBe(1);
  });

  it('keeps a conditional GET\'s 304 connection for the next request', async () => {
    const server = await serve((_req, res) => res.writeHead(304, { ETag: '"v1"' }).end());
    const connections = newPool();
    for (let i = 0; i < 3; i++) expect((await httpGet(`${server.base}/feed`, { ...open, connections, etag: '"v1"' })).notModified).toBe(true);
    expect(server.connections()).toBe(1);
  });

  it('never offers a connection opened under one policy to a request under a stricter one', async () => {
    const server = await feedServer();
    const connections = newPool();
    await httpGet(`${server.base}/feed`, { ...open, connections });
    const error = await failure(httpGet(`${server.base}/feed`, { timeoutMs: 2000, connections }));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(server.requests).toEqual(['/feed']);
  });

  it('checks a reused connection\'s address again: even a pool that mixed policies never reaches a disallowed address', async () => {
    const server = await feedServer();
    const lookup = fakeResolver({ 'public.example': ['127.0.0.1'] });
    // A broken pool that hands the same agent to every policy: the check on the reused socket still holds.
    const agent = new http.Agent({ keepAlive: true });
    const leaky: ConnectionPool = { agentFor: () => agent, close: () => agent.destroy() };
    pools.push(leaky);
    const url = `http://public.example:${server.port}/feed`;
    expect((await httpGet(url, { ...open, lookup, connections: leaky })).status).toBe(200);
    const error = await failure(httpGet(url, { lookup, timeoutMs: 2000, connections: leaky }));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain(`public.example:${server.port} connected to 127.0.0.1`);
    expect(server.requests).toEqual(['/feed']);
    expect(lookup.calls).toEqual(['public.example']); // the second request asked no DNS: it reused the socket
  });

  it('refuses a redirect to a private address from a pooled connection, after a request that reused it', async () => {
    const lookup = fakeResolver({ 'public.example': ['127.0.0.1'], 'internal.example': ['10.0.0.7'] });
    const hop = await serve((req, res) => {
      if (req.url === '/feed') res.writeHead(200).end(FEED);
      else res.writeHead(302, { Location: 'http://internal.example/admin' }).end();
    });
    const options: HttpGetOptions = { lookup, allowAddresses: [`127.0.0.1:${hop.port}`], timeoutMs: 2000, connections: newPool() };
    expect((await httpGet(`http://public.example:${hop.port}/feed`, options)).status).toBe(200);
    const error = await failure(httpGet(`http://public.example:${hop.port}/start`, options));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain('internal.example resolves to 10.0.0.7');
    expect(hop.connections()).toBe(1);
  });

  it('sends a request again on a new connection when the server had closed the kept one', async () => {
    const served = new WeakMap<Socket, number>();
    const server = await serve((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      // The second request on a connection finds it closed, as when the server's idle timeout won the race.
      if (n === 2) req.socket.destroy();
      else res.writeHead(200).end(FEED);
    });
    const connections = newPool();
    await httpGet(`${server.base}/feed`, { ...open, connections });
    expect((await httpGet(`${server.base}/feed`, { ...open, connections })).body.toString()).toBe(FEED);
    expect(server.requests).toHaveLength(3);
    expect(server.connections()).toBe(2);
  });

  it('does not send again when a connection of its own fails', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await failure(httpGet(`${server.base}/feed`, { ...open, connections: newPool() }));
    expect(error.code).toBe(ErrorCode.FeedUnreachable);
    expect(server.requests).toHaveLength(1);
  });

  it('opens at most maxSocketsPerHost connections to a host, and closes idle ones after idleTimeoutMs', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.writeHead(200).end(FEED), 20));
    const connections = newPool({ maxSocketsPerHost: 2, maxFreeSocketsPerHost: 2, idleTimeoutMs: 100 });
    await Promise.all(Array.from({ length: 8 }, () => httpGet(`${server.base}/feed`, { ...open, connections })));
    expect(server.requests).toHaveLength(8);
    expect(server.connections()).toBe(2);
    // Idle connections are closed by the client: a new request after the idle timeout opens a new one.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await httpGet(`${server.base}/feed`, { ...open, connections });
    expect(server.connections()).toBe(3);
  });
});
