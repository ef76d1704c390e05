// reliability.md "Feeds", first bullet: hostile URLs, DNS answers and redirect chains through the REAL
// httpGet (node:http, real sockets on 127.0.0.1). DNS is a fake resolver (httpGet's `lookup` option);
// the "public" first hop of a redirect chain is a loopback server let through by the test-only
// `allowAddresses` option, which names exactly one 127.0.0.1:PORT and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { createConnectionPool, type ConnectionPool } from '../../src/sources/connection-pool.ts';
import { parseAllowances } from '../../src/sources/guarded-lookup.ts';
import { httpGet } from '../../src/sources/http-get.ts';
import type { HttpGetOptions } from '../../src/sources/http-get.ts';
import { fakeResolver, loopbackServers, type LoopbackServer } from '../helpers/loopback-server.ts';
import { failure } from '../helpers/failure.ts';

const { serve, closeAll } = loopbackServers();
afterEach(closeAll);


const FEED = '<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>';
const DNS = {
  'public.example': ['127.0.0.1'],
  'meta.example': ['169.254.169.254'],
  'private.example': ['10.1.2.3'],
  'v6loop.example': ['::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'mixed.example': ['93.184.215.14', '127.0.0.1'],
  'cgnat.example': ['100.100.100.200'],
  'ula.example': ['fd00::1'],
  'zero.example': ['0.0.0.0'],
  'linklocal6.example': ['fe80::1'],
  'internal.example': ['10.0.0.7'],
  // First answer: the allowed test server (standing in for a public site); later answers: loopback.
  'rebind.example': [['127.0.0.1'], ['127.0.0.2']],
};

// [name, URL (PORT = the listening server's port), words the refusal must contain]
const DIRECT: Array<[string, string, string]> = [
  ['file: scheme', 'file:///etc/passwd', 'file: URLs are not allowed'],
  ['ftp: scheme', 'ftp://public.example/feed.xml', 'ftp: URLs are not allowed'],
  ['gopher: scheme', 'gopher://public.example:PORT/', 'gopher: URLs are not allowed'],
  ['data: scheme', 'data:text/xml,<rss/>', 'data: URLs are not allowed'],
  ['javascript: scheme', 'javascript:alert(1)', 'javascript: URLs are not allowed'],
  ['user:password', 'http://user:pw@public.example:PORT/feed', 'user name or password'],
  ['user only', 'http://admin@public.example:PORT/feed', 'user name or password'],
  ['loopback literal', 'http://127.0.0.1:PORT/feed', 'loopback'],
  ['localhost', 'http://localhost:PORT/feed', 'loopback'],
  ['sub.localhost', 'http://feeds.localhost:PORT/feed', 'loopback'],
  ['127.1 short form', 'http://127.1:PORT/', 'loopback'],
  ['decimal IPv4', 'http://2130706433:PORT/', 'loopback'],
  ['hex IPv4', 'http://0x7f000001:PORT/', 'loopback'],
  ['octal IPv4', 'http://0177.0.0.1:PORT/', 'loopback'],
  ['hex metadata', 'http://0xa9fea9fe/latest/meta-data/', 'link-local'],
  ['RFC 1918 10/8', 'http://10.0.0.1/', 'RFC 1918'],
  ['RFC 1918 172.16/12', 'http://172.16.5.4/', 'RFC 1918'],
  ['RFC 1918 192.168/16', 'http://192.168.0.1/', 'RFC 1918'],
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['CGNAT 100.64/10', 'http://100.64.0.1/', 'carrier-grade NAT'],
  ['0.0.0.0', 'http://0.0.0.0:PORT/', 'this network'],
  ['IPv6 unspecified', 'http://[::]:PORT/', 'unspecified'],
  ['IPv6 loopback', 'http://[::1]:PORT/', 'a loopback address (::1)'],
  ['IPv6 unique local', 'http://[fc00::1]/', 'unique local'],
  ['AWS IMDS over IPv6', 'http://[fd00:ec2::254]/latest/meta-data/', 'unique local'],
  ['IPv6 link-local', 'http://[fe80::1]/', 'link-local address (fe80::/10)'],
  ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:PORT/', 'IPv4-mapped'],
  ['IPv4-mapped metadata (hex)', 'http://[::ffff:a9fe:a9fe]/', 'IPv4-mapped address of 169.254.169.254'],
  ['DNS → loopback', 'http://public.example:PORT/feed', 'public.example resolves to 127.0.0.1'],
  ['DNS → metadata', 'http://meta.example/latest/', 'meta.example resolves to 169.254.169.254'],
  ['DNS → RFC 1918', 'http://private.example/', 'private.example resolves to 10.1.2.3'],
  ['DNS → ::1', 'http://v6loop.example:PORT/', 'v6loop.example resolves to ::1'],
  ['DNS → IPv4-mapped', 'http://mapped.example:PORT/', 'IPv4-mapped'],
  ['DNS → one public, one loopback answer', 'http://mixed.example:PORT/', 'mixed.example resolves to 127.0.0.1'],
  ['DNS → CGNAT metadata', 'http://cgnat.example/', 'carrier-grade NAT'],
  ['DNS → unique local', 'http://ula.example/', 'unique local'],
  ['DNS → 0.0.0.0', 'http://zero.example:PORT/', 'this network'],
  ['DNS → IPv6 link-local', 'http://linklocal6.example/', 'link-local'],
];

// [name, Location sent by the allowed first hop, words the refusal must contain]
const REDIRECTS: Array<[string, string, string]> = [
  ['to loopback, another port', 'http://127.0.0.1:OTHER/feed', 'loopback'],
  ['to localhost, same port', 'http://localhost:PORT/feed', 'loopback'],
  ['to [::1], same port', 'http://[::1]:PORT/feed', 'a loopback address (::1)'],
  ['to decimal loopback', 'http://2130706433:OTHER/', 'loopback'],
  ['to hex loopback', 'http://0x7f000001:OTHER/', 'loopback'],
  ['to cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'link-local'],
  ['to IPv6 metadata', 'http://[fd00:ec2::254]/latest/meta-data/', 'unique local'],
  ['to IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/', 'IPv4-mapped'],
  ['to RFC 1918', 'http://10.0.0.1/admin', 'RFC 1918'],
  ['to 192.168', 'http://192.168.1.1/', 'RFC 1918'],
  ['to CGNAT', 'http://100.64.0.1/', 'carrier-grade NAT'],
  ['to 0.0.0.0', 'http://0.0.0.0:PORT/', 'this network'],
  ['to a name that resolves to RFC 1918', 'http://internal.example:PORT/', 'internal.example resolves to 10.0.0.7'],
  ['to a name that resolves to metadata', 'http://meta.example/', 'meta.example resolves to 169.254.169.254'],
  ['to file:', 'file:///etc/passwd', 'file: URLs are not allowed'],
  ['to gopher:', 'gopher://127.0.0.1:PORT/_SLAVEOF', 'gopher: URLs are not allowed'],
  ['to credentials', 'http://user:pw@public.example:PORT/feed', 'user name or password'],
];

function fill(template: string, server: LoopbackServer, other: number): string {
  return template.replace(/PORT/g, String(server.port)).replace(/OTHER/g, String(other));
}

// Each row with a connection per request and through a connection pool (connection-pool.ts), whose kept
// connections must change nothing here.
describe.each([
  ['a connection per request', false],
  ['a connection pool', true],
])('hostile URLs through the real httpGet, %s', (_kind, pooled) => {
  let server: LoopbackServer;
  let other: LoopbackServer;
  let pool: ConnectionPool | null = null;
  afterEach(() => pool?.close());
  const via = (options: HttpGetOptions): HttpGetOptions => (pool === null ? options : { ...options, connections: pool });
  beforeEach(async () => {
    pool = pooled ? createConnectionPool() : null;
    server = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(FEED));
    other = await serve((_req, res) => res.writeHead(200).end(FEED));
  });

  it('has at least 40 hostile rows', () => expect(DIRECT.length + REDIRECTS.length).toBeGreaterThanOrEqual(40));

  it.each(DIRECT)('refuses %s before connecting', async (_name, template, words) => {
    const error = await failure(httpGet(fill(template, server, other.port), via({ lookup: fakeResolver(DNS), timeoutMs: 2000 })));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain(words);
    expect(error.message).toMatch(/^(refused|.* resolves to .*: refused)/);
    expect(server.connections() + other.connections()).toBe(0);
  });

  it.each(REDIRECTS)('re-checks the redirect hop: %s', async (_name, template, words) => {
    const hostile = await serve((_req, res) => res.writeHead(302, { Location: fill(template, server, other.port) }).end());
    const error = await failure(
      httpGet(`http://public.example:${hostile.port}/start`, via({ lookup: fakeResolver(DNS), allowAddresses: [`127.0.0.1:${hostile.port}`], timeoutMs: 2000 })),
    );
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain(words);
    expect(hostile.requests).toEqual(['/start']);
    expect(server.connections() + other.connections()).toBe(0);
  });

  it('refuses the third hop of a chain that turns to the metadata address', async () => {
    const chain = await serve((req, res) => {
      const next = req.url === '/a' ? '/b' : req.url === '/b' ? `http://public.example:${chain.port}/c` : 'http://169.254.169.254/latest/';
      res.writeHead(301, { Location: next }).end();
    });
    const error = await failure(httpGet(`http://public.example:${chain.port}/a`, via({ lookup: fakeResolver(DNS), allowAddresses: [`127.0.0.1:${chain.port}`] })));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain(`http://public.example:${chain.port}/c redirected to http://169.254.169.254/latest/`);
    expect(chain.requests).toEqual(['/a', '/b', '/c']);
  });

  it('re-resolves every hop: a rebinding name that turns private on the second lookup is refused', async () => {
    const rebind = await serve((_req, res) => res.writeHead(302, { Location: '/feed' }).end());
    const resolver = fakeResolver(DNS);
    const error = await failure(httpGet(`http://rebind.example:${rebind.port}/start`, via({ lookup: resolver, allowAddresses: [`127.0.0.1:${rebind.port}`] })));
    expect(error.code).toBe(ErrorCode.FeedUrlRefused);
    expect(error.message).toContain('rebind.example resolves to 127.0.0.2');
    expect(resolver.calls).toEqual(['rebind.example', 'rebind.example']);
    expect(rebind.requests).toEqual(['/start']);
  });

  it('fetches through the allowed stand-in, so the refusals above are the policy and not a broken setup', async () => {
    const response = await httpGet(`http://public.example:${server.port}/feed`, via({ lookup: fakeResolver(DNS), allowAddresses: [`127.0.0.1:${server.port}`] }));
    expect(response.body.toString()).toBe(FEED);
  });

  it('an unknown name fails as unreachable, naming the cause', async () => {
    const error = await failure(httpGet('http://nowhere.example/feed', via({ lookup: fakeResolver(DNS) })));
    expect(error.code).toBe(ErrorCode.FeedUnreachable);
    expect(error.message).toContain('does not resolve');
  });
});

describe('the test-only allowAddresses option cannot open anything but one loopback port', () => {
  it.each(['10.0.0.1:80', '169.254.169.254:80', '0.0.0.0:80', '127.0.0.1', '127.0.0.0/8', 'localhost:80', '[fd00::1]:80', '[::]:80', '127.0.0.1:0', '*'])(
    'rejects %s',
    (entry) => {
      expect(() => parseAllowances([entry])).toThrow(/only name a loopback test server/);
    },
  );

  it('is exact: the allowed port does not open other ports or other loopback spellings', async () => {
    const a = await serve((_req, res) => res.end(FEED));
    const b = await serve((_req, res) => res.end(FEED));
    const options: HttpGetOptions = { allowAddresses: [`127.0.0.1:${a.port}`], timeoutMs: 2000 };
    expect((await httpGet(`${a.base}/`, options)).status).toBe(200);
    expect((await failure(httpGet(`${b.base}/`, options))).code).toBe(ErrorCode.FeedUrlRefused);
    expect((await failure(httpGet(`http://localhost:${a.port}/`, options))).code).toBe(ErrorCode.FeedUrlRefused);
    expect(b.connections()).toBe(0);
  });

  it('is reachable only by calling httpGet directly: no other file in src/ or adapters/ names it', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const users = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'adapters'))]
      .filter((file) => file.endsWith('.ts') && /allowAddresses|parseAllowances/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(users.sort()).toEqual(['src/sources/guarded-lookup.ts', 'src/sources/http-get.ts']);
  });
});
