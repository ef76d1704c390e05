// The Discord Sink: alerts are posted over REST with a nonce (enforce_nonce) derived from the store and
// outbox entry, so a resend after a lost response returns the first message instead of posting twice.
// Updates edit the original to the current facts and, when facts changed, reply under it.
import { createHash } from 'node:crypto';
import { REST, Routes, type RESTOptions } from 'discord.js';
import { z } from 'zod';
import type { NoticeRequest, SendRequest, Sink } from '../../src/alerts/sink.ts';
import { noticeSubjectOf, type OutboxEntry } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import type { PlatformProxy } from '../../src/http/platform-proxy.ts';
import type { Logger } from '../../src/log/logger.ts';
import { DiscordErrorCodes, isDiscordApiError, redact, toDeliveryError } from './discord-errors.ts';
import { alertFooterPrefix, renderAlertMessage, renderUpdateMessage, storeTagOf } from './render-alert.ts';
import { renderNoticeMessage } from './render-notice.ts';

export interface DiscordSinkOptions {
  token: string;
  /** REST base URL ("https://discord.com/api" when null). */
  apiUrl: string | null;
  /** Channel for routes that name none (DISCORD_DEFAULT_CHANNEL). */
  defaultChannel: string | null;
  /** The store's random id (Store.storeId()): in every nonce, and as a short tag in alert footers. */
  storeId: string;
  log: Logger;
  /** Per-request timeout; a request that times out is retried `retries` times, then left in the outbox. */
  timeoutMs?: number;
  retries?: number;
  /** How many recent messages reconcile looks through for an alert sent before a crash. */
  reconcileLookback?: number;
  /** HTTPS_PROXY for Discord's API, when set (src/http/platform-proxy.ts). */
  proxy?: PlatformProxy | null;
}

/**
 * REST options that send every request through the proxy. discord.js's REST runs on its own undici 6,
 * which dispatches through undici 7's ProxyAgent unchanged (proved by test/integration/platform-proxy.test.ts).
 */
export function restProxyOptions(proxy: PlatformProxy | null | undefined): Partial<Pick<RESTOptions, 'agent'>> {
  return proxy ? { agent: proxy.dispatcher as unknown as RESTOptions['agent'] } : {};
}

const MessageSchema = z.object({ id: z.string().min(1), channel_id: z.string().min(1) });
const HistorySchema = z.array(
  z.object({
    id: z.string(),
    author: z.object({ id: z.string() }).optional(),
    embeds: z.array(z.object({ footer: z.object({ text: z.string() }).optional() })).optional(),
  }),
);
const UserSchema = z.object({ id: z.string() });
const RefSchema = z.string().regex(/^(\d{5,25}):(\d{5,25})$/);

/**
 * Discord nonces are at most 25 characters. Ours are unique per store, outbox entry and part; the
 * hash of store and incident keeps another store's entry 1 (a fresh database, or another deployment
 * with the same bot in the channel) from matching ours inside Discord's window.
 */
export function nonceFor(entryId: number, incidentId: string, part: 'alert' | 'reply' | 'notice', storeId: string): string {
  const hash = createHash('sha256').update(`${storeId}\n${incidentId}`).digest('base64url').slice(0, 6);
  const letter = part === 'alert' ? 'a' : part === 'reply' ? 'r' : 'n';
  return `bw${letter}${entryId}.${hash}`.slice(0, 25);
}

export function parseMessageRef(ref: string): { channelId: string; messageId: string } | null {
  const match = RefSchema.safeParse(ref);
  if (!match.success) return null;
  const [channelId, messageId] = match.data.split(':');
  return channelId && messageId ? { channelId, messageId } : null;
}

/** A REST client that hands 429s back to the outbox instead of sleeping, with bounded retries. */
export function createSinkRest(options: Pick<DiscordSinkOptions, 'token' | 'apiUrl' | 'timeoutMs' | 'retries' | 'proxy'>): REST {
  return new REST({
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
    ...restProxyOptions(options.proxy),
    rejectOnRateLimit: () => true,
    retries: options.retries ?? 2,
    timeout: options.timeoutMs ?? 10_000,
  }).setToken(options.token);
}

export function createDiscordSink(options: DiscordSinkOptions): Sink {
  const rest = createSinkRest(options);
  const secrets = [options.token];
  const tag = storeTagOf(options.storeId);
  let botUserId: string | null = null;

  /** REST forgets the token after a 401; set it again so a fixed token works without a restart. */
  const call = async <T>(what: string, channelId: string | null, run: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T> => {
    rest.setToken(options.token);
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw toDeliveryError(options.proxy?.explain(error) ?? error, what, channelId, secrets);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new BreachwatchError(ErrorCode.DeliveryFailed, `Discord answered "${what}" with an unexpected body; will retry.`);
    return parsed.data;
  };

  const channelFor = (request: Pick<SendRequest, 'channel'>): string => {
    const channel = request.channel ?? options.defaultChannel;
    if (!channel || !/^\d{5,25}$/.test(channel)) {
      throw new BreachwatchError(
        ErrorCode.DeliveryFailed,
        `No valid Discord channel id for this route (got "${redact(String(channel), secrets)}"): give the route a channel id, or set DISCORD_DEFAULT_CHANNEL.`,
      );
    }
    return channel;
  };

  async function postAlert(request: SendRequest): Promise<{ messageRef: string }> {
    const channelId = channelFor(request);
    const body = { ...renderAlertMessage(request.payload, tag), nonce: nonceFor(request.entryId, request.payload.incident.id, 'alert', options.storeId), enforce_nonce: true };
    const message = await call(`post to channel ${channelId}`, channelId, () => rest.post(Routes.channelMessages(channelId), { body, signal: request.signal }), MessageSchema);
    return { messageRef: `${message.channel_id}:${message.id}` };
  }

  async function postUpdate(request: SendRequest): Promise<{ messageRef: string | null }> {
    const parent = request.parentRef ? parseMessageRef(request.parentRef) : null;
    if (!parent) {
      throw new BreachwatchError(ErrorCode.DeliveryRejected, `The update for incident ${request.payload.incident.id} has no valid original message to edit (ref "${String(request.parentRef)}").`);
    }
    const { channelId, messageId } = parent;
    let originalExists = true;
    try {
      const edit = renderAlertMessage({ ...request.payload, kind: 'alert' }, tag);
      await call(`edit message ${messageId} in channel ${channelId}`, channelId, () => rest.patch(Routes.channelMessage(channelId, messageId), { body: edit, signal: request.signal }), MessageSchema);
    } catch (error) {
      if (!(error instanceof BreachwatchError && isDiscordApiError(error.cause, DiscordErrorCodes.UnknownMessage))) throw error;
      originalExists = false;
      options.log.warn('discord:original-gone', `The alert for incident ${request.payload.incident.id} was deleted in channel ${channelId}; the update is posted on its own.`);
    }
    if (request.payload.factChanges.length === 0) return { messageRef: request.parentRef };
    const body = {
      ...renderUpdateMessage(request.payload),
      nonce: nonceFor(request.entryId, request.payload.incident.id, 'reply', options.storeId),
      enforce_nonce: true,
      ...(originalExists ? { message_reference: { message_id: messageId, channel_id: channelId, fail_if_not_exists: false } } : {}),
    };
    const reply = await call(`reply in channel ${channelId}`, channelId, () => rest.post(Routes.channelMessages(channelId), { body, signal: request.signal }), MessageSchema);
    return { messageRef: `${reply.channel_id}:${reply.id}` };
  }

  /** Admin notices: one embed in the route's channel, with a nonce like alerts. */
  async function postNotice(request: NoticeRequest): Promise<{ messageRef: string }> {
    const channelId = channelFor(request);
    const nonce = nonceFor(request.entryId, noticeSubjectOf(request.notice), 'notice', options.storeId);
    const body = { ...renderNoticeMessage(request.notice), nonce, enforce_nonce: true };
    const message = await call(`post a notice to channel ${channelId}`, channelId, () => rest.post(Routes.channelMessages(channelId), { body, signal: request.signal }), MessageSchema);
    return { messageRef: `${message.channel_id}:${message.id}` };
  }

  /**
   * After a crash mid-send. Discord does not return nonces when reading history, and enforce_nonce
   * only dedupes for a few minutes, so for alerts we look through the channel's recent messages for
   * one of ours whose footer names the incident and this store's tag (another deployment with the same
   * bot may share the channel). Not found (or history unreadable): resend, which the
   * nonce makes safe within Discord's window. Updates are resent: the edit is idempotent and the reply
   * carries its nonce.
   */
  async function reconcile(entry: OutboxEntry, signal: AbortSignal): Promise<{ delivered: boolean; messageRef: string | null }> {
    if (entry.kind !== 'alert') return { delivered: false, messageRef: null };
    const channelId = entry.destination.split(':')[1] ?? options.defaultChannel;
    if (!channelId) return { delivered: false, messageRef: null };
    try {
      botUserId ??= (await call('read the bot user', null, () => rest.get(Routes.user('@me'), { signal }), UserSchema)).id;
      const limit = String(options.reconcileLookback ?? 50);
      const history = await call(`read recent messages in channel ${channelId}`, channelId, () => rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit }), signal }), HistorySchema);
      const marker = alertFooterPrefix(entry.incidentId, tag);
      const found = history.find((m) => m.author?.id === botUserId && m.embeds?.some((e) => e.footer?.text.startsWith(marker)));
      return found ? { delivered: true, messageRef: `${channelId}:${found.id}` } : { delivered: false, messageRef: null };
    } catch (error) {
      options.log.warn('discord:reconcile', `Could not check channel ${channelId} for entry ${entry.id}; sending again (the nonce prevents a double post within minutes): ${redact(error instanceof Error ? error.message : String(error), secrets)}`);
      return { delivered: false, messageRef: null };
    }
  }

  return {
    name: 'discord',
    send: (request) => (request.payload.kind === 'alert' ? postAlert(request) : postUpdate(request)),
    sendNotice: postNotice,
    reconcile,
  };
}
