// A TCP proxy on 127.0.0.1 in front of a fake platform that can be taken down and brought back: while
// down it resets every connection at once (as a host that is unreachable or refuses), while up it
// forwards bytes both ways. Counts the connections it was offered.
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface OutageProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:4321: replace the fake's origin with it. */
  readonly origin: string;
  /** Connections offered so far, up or down. */
  connections(): number;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startOutageProxy(upstream: string, options: { down?: boolean } = {}): Promise<OutageProxy> {
  const target = new URL(upstream);
  let isDown = options.down ?? false;
  let offered = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    offered += 1;
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const server = connect(Number(target.port), target.hostname);
    for (const socket of [client, server]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => offered,
    down() {
      isDown = true;
      for (const socket of open) socket.destroy();
    },
    up() {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The fake's URL with its origin replaced by the proxy's (path kept). */
export function through(proxy: OutageProxy, url: string): string {
  const original = new URL(url);
  return `${proxy.origin}${original.pathname}${original.search}`;
}
