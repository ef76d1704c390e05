// A fake Slack Web API, response_url endpoint and Socket Mode server on 127.0.0.1, for driving the
// real Bolt app and WebClient. It checks what Slack checks (Bearer tokens, form or JSON bodies,
// Block Kit limits, channel membership), records every call, and can be told to fail the next call
// to a method: HTTP 429 with Retry-After, 5xx, a Slack error code, or a hang (response lost).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { blocksProblem } from './fake-slack-blocks.ts';

export interface ChannelState {
  member?: boolean;
  archived?: boolean;
  /** A public channel: the bot may post without being a member (chat:write.public), not read it. */
  isPublic?: boolean;
}

export interface FakeSlackOptions {
  botToken: string;
  appToken?: string;
  /** Channel id → state. Unknown channels answer channel_not_found. */
  channels?: Record<string, ChannelState>;
  /** Clock for message timestamps (ms), so they line up with a test's injected clock. */
  now?: () => number;
}

export type FakeFault =
  | { kind: 'http'; status: number; retryAfter?: number }
  | { kind: 'error'; error: string; retryAfter?: number }
  /** Waits `ms` before answering; with `apply`, the call takes effect first (the response is lost). */
  | { kind: 'hang'; ms: number; apply: boolean };

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  contentType: string;
  authorized: boolean;
  /** What the fake answered: HTTP status and body. */
  status: number;
  result: Record<string, unknown>;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: unknown[];
  metadata: { event_type: string; event_payload: Record<string, unknown> } | null;
  edits: number;
}

export interface SocketAck {
  envelopeId: string;
  payload: unknown;
  /** Milliseconds from sending the envelope to receiving its ack. */
  afterMs: number;
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments']);

export async function startFakeSlackApi(options: FakeSlackOptions) {
  const channels = new Map(Object.entries(options.channels ?? { C_ALERTS: { member: true } }));
  const clock = options.now ?? (() => Date.now());
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  const faults = new Map<string, FakeFault[]>();
  const sockets = new Set<WebSocket>();
  const acks: SocketAck[] = [];
  const ackWaiters = new Map<string, { sentAt: number; resolve: (ack: SocketAck) => void }>();
  let seq = 0;
  let lastTsMs = 0;

  const nextTs = (): string => {
    const ms = Math.max(clock(), lastTsMs);
    lastTsMs = ms;
    seq += 1;
    return `${Math.floor(ms / 1000)}.${String(seq).padStart(6, '0')}`;
  };

  function channelProblem(id: unknown): string | null {
    if (typeof id !== 'string') return 'channel_not_found';
    const state = channels.get(id);
    if (!state) return 'channel_not_found';
    if (state.archived) return 'is_archived';
    if (state.member === false && !state.isPublic) return 'not_in_channel';
    return null;
  }

  function messageProblem(args: Record<string, unknown>): string | null {
    const text = typeof args.text === 'string' ? args.text : '';
    if (text.length > 40_000) return 'msg_too_long';
    if (args.blocks === undefined) return text ? null : 'no_text';
    return blocksProblem(args.blocks);
  }

  function publicMessage(m: StoredMessage, withMetadata: boolean): Record<string, unknown> {
    return {
      type: 'message',
      ts: m.ts,
      text: m.text,
      blocks: m.blocks,
      bot_id: 'BBOT',
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  /** The Web API methods breachwatch uses. Returns the response body (ok or a Slack error). */
  function apply(method: string, args: Record<string, unknown>, token: string | null): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (!options.appToken || token !== options.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${port}/socket?ticket=${seq++}` };
    }
    if (token !== options.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.example/', team: 'Fake', user: 'breachwatch', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const problem = channelProblem(args.channel) ?? messageProblem(args);
        if (problem) return { ok: false, error: problem };
        const channel = args.channel as string;
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : null;
        if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs)) return { ok: false, error: 'thread_not_found' };
        const metadata = args.metadata as StoredMessage['metadata'] | undefined;
        const message: StoredMessage = {
          channel,
          ts: nextTs(),
          threadTs,
          text: typeof args.text === 'string' ? args.text : '',
          blocks: Array.isArray(args.blocks) ? args.blocks : [],
          metadata: metadata ?? null,
          edits: 0,
        };
        messages.push(message);
        return { ok: true, channel, ts: message.ts, message: publicMessage(message, false) };
      }
      case 'chat.update': {
        const problem = channelProblem(args.channel) ?? messageProblem(args);
        if (problem) return { ok: false, error: problem };
        const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = typeof args.text === 'string' ? args.text : message.text;
        message.blocks = Array.isArray(args.blocks) ? args.blocks : message.blocks;
        message.edits += 1;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const state = channels.get(String(args.channel));
        if (!state) return { ok: false, error: 'channel_not_found' };
        if (state.member === false) return { ok: false, error: 'not_in_channel' };
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        let list: StoredMessage[];
        if (method === 'conversations.history') {
          const oldest = Number(args.oldest ?? 0);
          list = messages.filter((m) => m.channel === args.channel && m.threadTs === null && Number(m.ts) > oldest).reverse();
        } else {
          const parent = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
          if (!parent) return { ok: false, error: 'thread_not_found' };
          list = [parent, ...messages.filter((m) => m.channel === args.channel && m.threadTs === args.ts)];
        }
        const start = Number(args.cursor ?? 0);
        const limit = Math.min(Number(args.limit ?? 100), 1000);
        const page = list.slice(start, start + limit);
        const more = start + limit < list.length;
        return {
          ok: true,
          messages: page.map((m) => publicMessage(m, withMetadata)),
          has_more: more,
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function parseArgs(raw: string, contentType: string): Record<string, unknown> | null {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    }
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const args: Record<string, unknown> = {};
      for (const [key, value] of new URLSearchParams(raw)) {
        if (JSON_FIELDS.has(key)) {
          try {
            args[key] = JSON.parse(value);
          } catch (error) {
            args[key] = { unparseable: value, error: String(error) };
          }
        } else {
          args[key] = value;
        }
      }
      return args;
    }
    return null;
  }

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      responses.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/') || req.method !== 'POST') {
      send(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const contentType = String(req.headers['content-type'] ?? '');
    const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const token = auth?.[1] ?? null;
    const args = parseArgs(raw, contentType);
    const record = (status: number, result: Record<string, unknown>): void => {
      calls.push({ method, args: args ?? {}, contentType, authorized: token !== null, status, result });
    };
    if (args === null) {
      record(200, { ok: false, error: 'invalid_form_data' });
      send(res, 200, { ok: false, error: 'invalid_form_data' });
      return;
    }
    const fault = faults.get(method)?.shift();
    if (fault?.kind === 'http') {
      const body = fault.status === 429 ? { ok: false, error: 'ratelimited' } : { ok: false, error: 'fatal_error' };
      record(fault.status, body);
      send(res, fault.status, body, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
      return;
    }
    if (fault?.kind === 'error') {
      const body = { ok: false, error: fault.error };
      record(200, body);
      send(res, 200, body, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
      return;
    }
    const result = fault?.kind === 'hang' && !fault.apply ? { ok: false, error: 'request_timeout' } : apply(method, args, token);
    record(200, result);
    if (fault?.kind === 'hang') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (!res.destroyed) send(res, 200, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_crashed', detail: String(error) });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (!frame.envelope_id) return;
        const waiter = ackWaiters.get(frame.envelope_id);
        const ack: SocketAck = { envelopeId: frame.envelope_id, payload: frame.payload ?? null, afterMs: waiter ? Date.now() - waiter.sentAt : -1 };
        acks.push(ack);
        waiter?.resolve(ack);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake', approximate_connection_time: 3600 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let envelopes = 0;

  return {
    port,
    /** For SLACK_API_URL / clientOptions.slackApiUrl. */
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    responses,
    acks,
    callsTo: (method: string): RecordedCall[] => calls.filter((c) => c.method === method),
    /** A response_url for a slash command; replies posted to it land in `responses`. */
    responseUrl: (id: string): string => `http://127.0.0.1:${port}/respond/${id}`,
    failNext(method: string, ...list: FakeFault[]): void {
      faults.set(method, [...(faults.get(method) ?? []), ...list]);
    },
    setChannel(id: string, state: ChannelState): void {
      channels.set(id, state);
    },
    socketCount: (): number => sockets.size,
    /** Pushes a slash command over Socket Mode and resolves with the app's ack. */
    sendSlashCommand(payload: Record<string, unknown>, timeoutMs = 5000): Promise<SocketAck> {
      const [ws] = sockets;
      if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
      envelopes += 1;
      const envelopeId = `env-${envelopes}`;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId} within ${timeoutMs} ms`)), timeoutMs);
        ackWaiters.set(envelopeId, {
          sentAt: Date.now(),
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
        });
        ws.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload }));
      });
    },
    async close(): Promise<void> {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeSlackApi = Awaited<ReturnType<typeof startFakeSlackApi>>;
