// Loopback HTTP servers for tests: listen on 127.0.0.1 on a free port, count connections and requests,
// and close everything (open sockets included) in closeAll().
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import type { Resolver } from '../../src/sources/http-get.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackServer {
  port: number;
  base: string;
  connections: () => number;
  requests: string[];
}

/** `tls`: serve https with this key and certificate (PEM) instead of http. */
export function loopbackServers(): {
  serve: (handler: Handler, tls?: { key: string; cert: string }) => Promise<LoopbackServer>;
  closeAll: () => Promise<void>;
} {
  const servers: Server[] = [];
  return {
    async serve(handler, tls) {
      const requests: string[] = [];
      const listener = (req: IncomingMessage, res: ServerResponse): void => {
        requests.push(req.url ?? '');
        handler(req, res);
      };
      const server = tls ? createTlsServer(tls, listener) : createServer(listener);
      let connections = 0;
      server.on('connection', () => connections++);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      return { port, base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, connections: () => connections, requests };
    },
    async closeAll() {
      await Promise.all(
        servers.splice(0).map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

const family = (address: string): number => (address.includes(':') ? 6 : 4);

/**
 * A fake DNS: name → answers. A list of lists answers the name differently on each lookup (the last
 * answer repeats), which is how a rebinding attacker's DNS behaves. Unknown names fail with ENOTFOUND.
 */
export function fakeResolver(table: Record<string, readonly string[] | readonly (readonly string[])[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const resolver = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname.toLowerCase()];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const n = counts.get(hostname) ?? 0;
    counts.set(hostname, n + 1);
    const nested = entry.length > 0 && Array.isArray(entry[0]);
    const answers = (nested ? ((entry as readonly (readonly string[])[])[Math.min(n, entry.length - 1)] ?? []) : entry) as readonly string[];
    return answers.map((address) => ({ address, family: family(address) }));
  };
  return Object.assign(resolver, { calls });
}
