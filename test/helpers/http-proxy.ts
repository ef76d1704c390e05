// A small HTTP proxy on 127.0.0.1 for tests, as a corporate proxy behaves: CONNECT host:port tunnels
// (https, websockets) and absolute-form requests (http://host/path), optionally demanding
// Proxy-Authorization (407 otherwise), or refusing every CONNECT with a set status. It resolves names
// from its own table (the tests' made-up public names → 127.0.0.1) and records every request it got.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxiedRequest {
  /** "CONNECT" or the method of an absolute-form request. */
  method: string;
  /** host:port for CONNECT, the absolute URL otherwise. */
  target: string;
  proxyAuthorization: string | null;
}

export interface TestProxy {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** "user:password" the proxy insists on (407 without it). */
  credentials?: string;
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403, 502). */
  refuseConnect?: number;
  /** Names the proxy resolves (anything else is tried as given, e.g. 127.0.0.1). */
  hosts?: Record<string, string>;
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const requests: ProxiedRequest[] = [];
  const open = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : null;
  const address = (host: string): string => options.hosts?.[host.toLowerCase()] ?? host.replace(/^\[|\]$/g, '');
  const record = (req: IncomingMessage): boolean => {
    const auth = req.headers['proxy-authorization'] ?? null;
    requests.push({ method: req.method ?? '', target: req.url ?? '', proxyAuthorization: auth });
    return expected === null || auth === expected;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!record(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form only');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      { host: address(target.hostname), port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    if (!record(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (options.refuseConnect !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseConnect} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const authority = req.url ?? '';
    const colon = authority.lastIndexOf(':');
    const upstream = connect(Number(authority.slice(colon + 1)), address(authority.slice(0, colon)), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
