// A loopback HTTP reverse proxy that adds latency before and after each request it forwards, so a
// test can kill a client while its request is in flight: before the upstream saw it, or after the
// upstream applied it but before the client got the answer (a lost response).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyStage = 'request' | 'applied';

export interface LatencyProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:4321 (append the upstream's path prefix). */
  readonly origin: string;
  /** Called when a request arrives ('request') and when its upstream answer is held ('applied'). */
  onEvent: ((stage: ProxyStage, method: string, path: string) => void) | null;
  close(): Promise<void>;
}

export async function startLatencyProxy(upstream: string, delayMs: () => number): Promise<LatencyProxy> {
  const target = new URL(upstream);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    proxy.onEvent?.('request', method, path);
    await sleep(delayMs());
    const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = request({ host: target.hostname, port: target.port, method, path, headers: { ...req.headers, host: target.host } }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(body) }));
        up.on('error', reject);
      });
      out.on('error', reject);
      out.end(Buffer.concat(chunks));
    });
    proxy.onEvent?.('applied', method, path);
    await sleep(delayMs());
    if (res.destroyed) return;
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: LatencyProxy = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    onEvent: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
