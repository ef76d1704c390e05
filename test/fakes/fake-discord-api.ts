// A fake Discord REST API on 127.0.0.1 for the real discord.js Client and REST: it checks the token,
// payload limits and allowed_mentions like Discord, dedupes nonces with enforce_nonce, records every
// request, and can be told to answer 429 (route or global), 5xx, 50001, 50035, or drop the response.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedMentionsProblem, messageBodyProblems } from './fake-discord-checks.ts';
import { startFakeGateway } from './fake-discord-gateway.ts';
import type { FakeGateway } from './fake-discord-gateway.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
  status: number;
}

export type Fault =
  | { kind: 'rate_limit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'server_error'; status?: number }
  | { kind: 'missing_access' }
  | { kind: 'missing_permissions' }
  | { kind: 'unknown_channel' }
  | { kind: 'invalid_form_body' }
  /** Do the work (create the message), then cut the connection without answering. */
  | { kind: 'drop_response' };

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: { id: string; username: string; bot: true };
  content: string;
  embeds: unknown[];
  nonce?: string;
  message_reference?: unknown;
  edits: number;
}

export interface InteractionCallback {
  interactionId: string;
  token: string;
  body: { type: number; data?: Record<string, unknown> };
}

export interface WebhookCall {
  method: string;
  token: string;
  target: string;
  body: unknown;
}

export interface FakeDiscord {
  apiUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  guildId: string;
  gateway: FakeGateway;
  requests: RecordedRequest[];
  messages: FakeMessage[];
  violations: string[];
  commands: { global: unknown[]; guild: Map<string, unknown[]>; puts: number };
  callbacks: InteractionCallback[];
  webhookCalls: WebhookCall[];
  /** Channels GET /channels/{id} knows, with their server: the fake guild's alert channel to start with. */
  channels: Map<string, string>;
  /** The next request matching `path` (and `method`) gets this fault instead of its normal answer. */
  failNext(match: { method?: string; path: RegExp }, fault: Fault): void;
  /** Requests whose path matches (e.g. /\/channels\/\d+\/messages$/). */
  requestsTo(path: RegExp, method?: string): RecordedRequest[];
  close(): Promise<void>;
}

export interface FakeDiscordOptions {
  token?: string;
  nonceWindowMs?: number;
  heartbeatIntervalMs?: number;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return { unparseable: text, error: String(error) };
  }
}

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? 'FAKE.discord-token.abcdefghijklmnopqrstuvwxyz0123456789';
  const applicationId = '1100000000000000001';
  const botUserId = applicationId;
  const guildId = '1200000000000000001';
  const nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
  const faults: Array<{ match: { method?: string; path: RegExp }; fault: Fault }> = [];
  const nonces = new Map<string, { message: FakeMessage; at: number }>();
  let nextId = 1n;
  const snowflake = (): string => String(1300000000000000000n + nextId++);
  const bot = { id: botUserId, username: 'breachwatch', discriminator: '0', global_name: null, avatar: null, bot: true as const };

  const gateway = await startFakeGateway({
    token,
    applicationId,
    user: bot,
    guildId,
    ...(options.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });

  const fake: FakeDiscord = {
    apiUrl: '',
    token,
    applicationId,
    botUserId,
    guildId,
    gateway,
    requests: [],
    messages: [],
    violations: [],
    commands: { global: [], guild: new Map(), puts: 0 },
    callbacks: [],
    webhookCalls: [],
    channels: new Map([[gateway.channelId, guildId]]),
    failNext(match, fault) {
      faults.push({ match, fault });
    },
    requestsTo(path, method) {
      return fake.requests.filter((r) => path.test(r.path) && (method === undefined || r.method === method));
    },
    close: async () => {
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };

  const messageJson = (m: FakeMessage) => ({
    id: m.id,
    channel_id: m.channel_id,
    author: m.author,
    content: m.content,
    embeds: m.embeds,
    type: m.message_reference ? 19 : 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: m.edits > 0 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    pinned: false,
    flags: 0,
    components: [],
    ...(m.nonce ? { nonce: m.nonce } : {}),
    ...(m.message_reference ? { message_reference: m.message_reference } : {}),
  });

  function takeFault(method: string, path: string): Fault | null {
    const i = faults.findIndex((f) => (f.match.method === undefined || f.match.method === method) && f.match.path.test(path));
    if (i === -1) return null;
    const [found] = faults.splice(i, 1);
    return found?.fault ?? null;
  }

  /** Answers a fault; returns the status sent, or null for 'drop_response' (the caller does the work first). */
  function answerFault(res: ServerResponse, fault: Fault): number | null {
    switch (fault.kind) {
      case 'rate_limit': {
        const s = String(fault.retryAfterSeconds);
        const headers: Record<string, string> = {
          'retry-after': s,
          'x-ratelimit-reset-after': s,
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-scope': fault.global ? 'global' : 'user',
          ...(fault.global ? { 'x-ratelimit-global': 'true' } : { 'x-ratelimit-bucket': 'fake-bucket' }),
        };
        json(res, 429, { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: fault.global ?? false }, headers);
        return 429;
      }
      case 'server_error':
        json(res, fault.status ?? 503, { message: 'Service Unavailable', code: 0 });
        return fault.status ?? 503;
      case 'missing_access':
        json(res, 403, { message: 'Missing Access', code: 50001 });
        return 403;
      case 'missing_permissions':
        json(res, 403, { message: 'Missing Permissions', code: 50013 });
        return 403;
      case 'unknown_channel':
        json(res, 404, { message: 'Unknown Channel', code: 10003 });
        return 404;
      case 'invalid_form_body':
        json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { embeds: { _errors: [{ code: 'BASE_TYPE_BAD', message: 'injected' }] } } });
        return 400;
      case 'drop_response':
        return null;
    }
  }

  function checkMessage(res: ServerResponse, where: string, body: unknown): boolean {
    const problem = allowedMentionsProblem(body);
    if (problem) fake.violations.push(`${where}: ${problem}`);
    const problems = messageBodyProblems(body);
    if (problems.length > 0) {
      json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { _errors: problems.map((p) => ({ code: 'BASE_TYPE_MAX_LENGTH', message: p })) } });
      return false;
    }
    return true;
  }

  function createMessage(channelId: string, body: Record<string, unknown>): { message: FakeMessage; deduped: boolean } {
    const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
    if (nonce && body.enforce_nonce === true) {
      const seen = nonces.get(`${channelId}:${nonce}`);
      if (seen && Date.now() - seen.at < nonceWindowMs) return { message: seen.message, deduped: true };
    }
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: { id: botUserId, username: bot.username, bot: true },
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      edits: 0,
      ...(nonce ? { nonce } : {}),
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    fake.messages.push(message);
    if (nonce && body.enforce_nonce === true) nonces.set(`${channelId}:${nonce}`, { message, at: Date.now() });
    return { message, deduped: false };
  }

  async function route(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<number | null> {
    const { method, path, body } = record;
    const p = path.replace(/^\/api\/v10/, '');
    const webhookish = /^\/(interactions|webhooks)\//.test(p);
    if (!webhookish && record.authorization !== `Bot ${token}`) {
      json(res, 401, { message: '401: Unauthorized', code: 0 });
      return 401;
    }
    const fault = takeFault(method, p);
    if (fault) {
      const status = answerFault(res, fault);
      if (status !== null) return status;
      // drop_response: do the work below, then cut the connection instead of answering.
    }
    const answer = (status: number, payload: unknown): number => {
      if (fault?.kind === 'drop_response') {
        req.socket.destroy();
        return -1;
      }
      if (status === 204) {
        res.writeHead(204).end();
      } else {
        json(res, status, payload);
      }
      return status;
    };
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/gateway/bot') {
      return answer(200, { url: gateway.url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'GET' && p === '/users/@me') return answer(200, bot);
    if ((m = /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/.exec(p))) {
      if (m[1] !== applicationId) return answer(403, { message: 'Missing Access', code: 50001 });
      const guild = m[2];
      const current = guild ? (fake.commands.guild.get(guild) ?? []) : fake.commands.global;
      if (method === 'GET') return answer(200, current);
      if (method === 'PUT' && Array.isArray(body)) {
        fake.commands.puts += 1;
        const stored = body.map((c: unknown) => withServerFields(asRecord(c), snowflake(), applicationId, guild));
        if (guild) fake.commands.guild.set(guild, stored);
        else fake.commands.global = stored;
        return answer(200, stored);
      }
    }
    if ((m = /^\/channels\/(\d+)$/.exec(p)) && method === 'GET') {
      const guild = fake.channels.get(m[1] ?? '');
      if (!guild) return answer(404, { message: 'Unknown Channel', code: 10003 });
      return answer(200, { id: m[1], type: 0, guild_id: guild, name: 'a-channel', position: 0, permission_overwrites: [] });
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(p))) {
      const channelId = m[1] ?? '';
      if (method === 'GET') {
        const limit = Number(record.query.get('limit') ?? 50);
        return answer(200, fake.messages.filter((x) => x.channel_id === channelId).reverse().slice(0, limit).map(messageJson));
      }
      if (method === 'POST') {
        if (!checkMessage(res, `POST ${p}`, body)) return 400;
        const { message } = createMessage(channelId, asRecord(body));
        return answer(200, messageJson(message));
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(p)) && method === 'PATCH') {
      const message = fake.messages.find((x) => x.channel_id === m?.[1] && x.id === m?.[2]);
      if (!message) return answer(404, { message: 'Unknown Message', code: 10008 });
      if (!checkMessage(res, `PATCH ${p}`, body)) return 400;
      const b = asRecord(body);
      if (Array.isArray(b.embeds)) message.embeds = b.embeds;
      if (typeof b.content === 'string') message.content = b.content;
      message.edits += 1;
      return answer(200, messageJson(message));
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(p)) && method === 'POST') {
      const interactionId = m[1] ?? '';
      const itoken = m[2] ?? '';
      if (!gateway.interactionTokens.has(itoken)) return answer(404, { message: 'Unknown interaction', code: 10062 });
      if (fake.callbacks.some((c) => c.interactionId === interactionId)) return answer(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      const b = asRecord(body) as InteractionCallback['body'];
      if (b.type === 4 && !checkMessage(res, `callback ${interactionId}`, b.data ?? {})) return 400;
      fake.callbacks.push({ interactionId, token: itoken, body: b });
      return answer(204, null);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(p))) {
      const itoken = m[2] ?? '';
      const target = m[3] ?? 'followup';
      if (m[1] !== applicationId || !gateway.interactionTokens.has(itoken)) return answer(404, { message: 'Unknown Webhook', code: 10015 });
      if (!fake.callbacks.some((c) => c.token === itoken)) return answer(404, { message: 'Unknown Message', code: 10008 });
      fake.webhookCalls.push({ method, token: itoken, target, body });
      if (method === 'DELETE') return answer(204, null);
      if (!checkMessage(res, `${method} webhook ${target}`, body)) return 400;
      const b = asRecord(body);
      const message: FakeMessage = { id: snowflake(), channel_id: gateway.channelId, author: { id: botUserId, username: bot.username, bot: true }, content: String(b.content ?? ''), embeds: Array.isArray(b.embeds) ? b.embeds : [], edits: 0 };
      return answer(200, messageJson(message));
    }
    return answer(404, { message: `404: Not Found (fake has no ${method} ${p})`, code: 0 });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        authorization: req.headers.authorization ?? null,
        body: await readBody(req),
        status: 0,
      };
      fake.requests.push(record);
      record.status = (await route(req, res, record)) ?? 0;
    })().catch((error: unknown) => {
      fake.violations.push(`fake crashed: ${String(error)}`);
      if (!res.headersSent) json(res, 500, { message: 'fake crashed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return fake;
}

/** Discord adds ids, versions and defaults to what it stores; a naive comparison would always differ. */
function withServerFields(command: Record<string, unknown>, id: string, applicationId: string, guildId: string | undefined): Record<string, unknown> {
  const strip = (options: unknown): unknown =>
    Array.isArray(options)
      ? options.map((o) => {
          const { required, autocomplete, ...rest } = asRecord(o);
          return { ...rest, ...(required ? { required } : {}), ...(autocomplete ? { autocomplete } : {}), ...(rest.options ? { options: strip(rest.options) } : {}) };
        })
      : options;
  return {
    ...command,
    id,
    application_id: applicationId,
    version: id,
    type: command.type ?? 1,
    default_member_permissions: command.default_member_permissions ?? null,
    nsfw: false,
    integration_types: [0],
    name_localizations: null,
    description_localizations: null,
    ...(guildId ? { guild_id: guildId } : {}),
    options: strip(command.options ?? []),
  };
}
