// Bolt's HTTPReceiver behind a stricter front door (issue 16 point 10). Bolt refuses a request signed more
// than five minutes ago but accepts one dated in the future, and runs a replayed request again. This
// receiver checks the signature with Bolt's own verifySlackRequest, then that |now − timestamp| ≤ 300 s,
// then that the signature was not accepted before within that window (a bounded map owned by this
// receiver), and only then hands the buffered request to Bolt's listener, which verifies it once more.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ListenOptions } from 'node:net';
import { HTTPReceiver, verifySlackRequest, type App, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import { readRequestBody } from '../../src/http/read-body.ts';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
const EVENTS_PATH = '/slack/events';

export interface SignedReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  /** Called with the reason for each refused request (for the log; never the signature or the body). */
  onRefused(reason: string): void;
  /** Signatures remembered at most (default 10,000); when full of unexpired ones, requests get 503. */
  maxRemembered?: number;
}

export interface SignedReceiver extends Receiver {
  start(options: ListenOptions): Promise<Server>;
}

/** Signatures accepted within the window, with when they may be forgotten (epoch ms). */
function replayGuard(max: number): (signature: string, forgetAt: number, now: number) => 'new' | 'replayed' | 'full' {
  const seen = new Map<string, number>();
  return (signature, forgetAt, now) => {
    if ((seen.get(signature) ?? 0) > now) return 'replayed';
    for (const [key, until] of seen) if (until <= now) seen.delete(key);
    if (seen.size >= max) return 'full';
    seen.set(signature, forgetAt);
    return 'new';
  };
}

const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
};

export function createSignedReceiver(options: SignedReceiverOptions): SignedReceiver {
  const bolt = new HTTPReceiver({ signingSecret: options.signingSecret, logger: options.logger, endpoints: [EVENTS_PATH] });
  const remember = replayGuard(options.maxRemembered ?? 10_000);
  let server: Server | null = null;

  const refuse = (res: ServerResponse, status: number, reason: string): void => {
    options.onRefused(reason);
    res.writeHead(status).end();
  };

  /** Why the request must not run, or null when it is freshly and correctly signed and new. */
  function problem(req: IncomingMessage, body: Buffer): { status: number; reason: string } | null {
    const isForm = String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? body.toString('utf8') : '');
    if (form.get('ssl_check') === '1') return null; // unsigned by design; Bolt strips anything else from it
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    const at = Date.now();
    try {
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body: body.toString('utf8'),
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
        nowMilliseconds: at,
      });
    } catch {
      return { status: 401, reason: 'a missing, stale or invalid signature' };
    }
    const skew = Number(timestamp) - Math.floor(at / 1000);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(skew) > SIGNATURE_WINDOW_SECONDS) {
      const when = `${Math.abs(skew)} s ${skew > 0 ? 'in the future' : 'old'}`;
      return { status: 401, reason: `a timestamp ${when} (at most ${SIGNATURE_WINDOW_SECONDS} s either way)` };
    }
    const forgetAt = (Number(timestamp) + SIGNATURE_WINDOW_SECONDS + 1) * 1000;
    switch (remember(signature, forgetAt, at)) {
      case 'replayed':
        return { status: 401, reason: 'a replayed request (its signature was already used)' };
      case 'full':
        return { status: 503, reason: 'too many requests to remember for replay protection' };
      case 'new':
        return null;
    }
  }

  async function front(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== EVENTS_PATH) {
      bolt.requestListener(req, res);
      return;
    }
    const body = await readRequestBody(req, MAX_BODY_BYTES);
    if (body === null) return refuse(res, 413, `a body over ${MAX_BODY_BYTES} bytes`);
    const refused = problem(req, body);
    if (refused) return refuse(res, refused.status, refused.reason);
    // Bolt reads a request whose body is already buffered as it is (BufferedIncomingMessage).
    Object.assign(req, { rawBody: body });
    bolt.requestListener(req, res);
  }

  return {
    init(app: App) {
      bolt.init(app);
    },
    async start(listen: ListenOptions) {
      const s = createServer((req, res) => {
        front(req, res).catch((error: unknown) => {
          options.logger.error(`Slack request failed: ${error instanceof Error ? error.message : String(error)}`);
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(listen, () => {
          s.off('error', reject);
          resolve();
        });
      });
      server = s;
      return s;
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
