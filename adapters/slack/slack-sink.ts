// The Slack sink: alerts as chat.postMessage, updates as chat.update of the original plus a thread
// reply for what changed. Slack has no idempotency key, so every message carries metadata naming its
// store, outbox entry and incident (or feed, for notices), and a send that may have reached Slack
// (timeout, 5xx, crash) is looked up before it is sent again. Only a message naming all three is
// ours: another deployment in the same channel numbers its own outbox from 1 too.
import { z } from 'zod';
import { parseDestinationKey } from '../../src/alerts/route.ts';
import type { NoticeRequest, SendRequest, Sink } from '../../src/alerts/sink.ts';
import type { OutboxEntry, OutboxPayload } from '../../src/domain/delivery.ts';
import { BreachwatchError, ErrorCode, describeError } from '../../src/domain/errors.ts';
import type { Logger } from '../../src/log/logger.ts';
import { renderAlert, renderUpdate, type SlackMessage } from './render-alert.ts';
import { renderNotice } from './render-notice.ts';
import { mapSlackError } from './slack-errors.ts';

/** The one WebClient method the sink uses (Bolt's `app.client` or a plain WebClient). */
export interface SlackApi {
  apiCall(method: string, options?: Record<string, unknown>): Promise<unknown>;
}

export interface SlackSinkOptions {
  client: SlackApi;
  /** Where alerts go when a route names no channel (SLACK_DEFAULT_CHANNEL). */
  defaultChannel: string | null;
  /** The store's random id (Store.storeId()): put in every message's metadata, required to reconcile. */
  storeId: string;
  log: Logger;
  now?: () => Date;
  /** Pages of 200 messages read when looking for a message by its metadata. */
  maxLookupPages?: number;
}

export const ALERT_EVENT = 'breachwatch_alert';
export const UPDATE_EVENT = 'breachwatch_update';
export const NOTICE_EVENT = 'breachwatch_notice';
/** Lookup failures that will not go away by retrying: sending again (at-least-once) is the only way on. */
const CANNOT_CHECK = new Set(['not_in_channel', 'missing_scope']);
/** Look from a little before the entry was written, for clock skew between us and Slack. */
const LOOKUP_SKEW_MS = 5 * 60 * 1000;

const PostResult = z.object({ ok: z.literal(true), channel: z.string().min(1), ts: z.string().min(1) });
const HistoryResult = z.object({
  ok: z.literal(true),
  messages: z.array(
    z.object({
      ts: z.string(),
      metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional(),
    }),
  ),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** "C0123:1700000000.000100" ⇄ channel and ts. */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}
export function parseMessageRef(ref: string): { channel: string; ts: string } {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) {
    throw new BreachwatchError(ErrorCode.DeliveryRejected, `"${ref}" is not a Slack message ref (channel:ts); the update cannot find its alert.`);
  }
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

const slackTs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(6);

/** What a message's metadata names besides its outbox entry: the incident, or the feed or destination of a notice. */
function subjectOf(payload: OutboxPayload): Record<string, string> {
  if (payload.kind !== 'notice') return { incident_id: payload.incident.id };
  return payload.destination !== undefined ? { destination: payload.destination } : { feed_id: payload.feedId ?? '' };
}

export function createSlackSink(options: SlackSinkOptions): Sink {
  const { client, log } = options;
  const now = options.now ?? (() => new Date());
  const maxPages = options.maxLookupPages ?? 5;
  /** Entries whose last send may have reached Slack: entry id → earliest time it may have been posted. */
  const unsure = new Map<number, number>();
  /** Slack's error code for each error we threw, to tell "cannot check" from "try later". */
  const codes = new WeakMap<object, string>();

  async function call(method: string, args: Record<string, unknown>, channel: string | null, entryId: number | null): Promise<unknown> {
    const started = now().getTime();
    try {
      return await client.apiCall(method, args);
    } catch (thrown) {
      const failure = mapSlackError(thrown, method, channel);
      if (failure.ambiguous && entryId !== null && !unsure.has(entryId)) unsure.set(entryId, started);
      if (failure.slackCode) codes.set(failure.error, failure.slackCode);
      throw failure.error;
    }
  }

  /** The metadata that makes a message this store's message for this entry. */
  const markOf = (entryId: number, payload: OutboxPayload): Record<string, string | number> => ({
    store_id: options.storeId,
    outbox_id: entryId,
    ...subjectOf(payload),
  });

  /** Finds a message carrying our metadata for this entry (every field of `mark`), in channel history or in a thread. */
  async function findPosted(
    where: { channel: string; sinceMs: number } | { channel: string; threadTs: string },
    eventType: string,
    mark: Record<string, string | number>,
  ): Promise<string | null> {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const args: Record<string, unknown> = { channel: where.channel, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const method = 'threadTs' in where ? 'conversations.replies' : 'conversations.history';
      if ('threadTs' in where) args.ts = where.threadTs;
      else args.oldest = slackTs(where.sinceMs - LOOKUP_SKEW_MS);
      const result = HistoryResult.safeParse(await call(method, args, where.channel, null));
      if (!result.success) throw new BreachwatchError(ErrorCode.DeliveryFailed, `Slack ${method} answered in an unexpected shape; will retry.`);
      const found = result.data.messages.find(
        (m) =>
          m.metadata?.event_type === eventType &&
          Object.entries(mark).every(([key, value]) => String(m.metadata?.event_payload?.[key]) === String(value)),
      );
      if (found) return messageRef(where.channel, found.ts);
      cursor = result.data.response_metadata?.next_cursor;
      if (!result.data.has_more || !cursor) return null;
    }
    return null;
  }

  /**
   * Runs a lookup; when Slack says we can never read that channel (a public channel the bot posts
   * to through chat:write.public without being in it, or a missing history scope), warns and
   * returns null so the message is sent again rather than stuck. Other failures are retried later.
   */
  async function lookupOrWarn(lookup: () => Promise<string | null>, channel: string, entryId: number): Promise<string | null> {
    try {
      return await lookup();
    } catch (error) {
      const code = error instanceof Error ? codes.get(error) : undefined;
      if (code === undefined || !CANNOT_CHECK.has(code)) throw error;
      unsure.delete(entryId);
      log.warn(
        'slack:cannot-check',
        `Cannot read channel ${channel} to check whether entry ${entryId} was already posted (${code}); sending it again. Invite the bot to the channel with /invite @breachwatch (and keep channels:history, groups:history) so this cannot duplicate.`,
      );
      return null;
    }
  }

  async function post(
    channel: string,
    message: SlackMessage,
    eventType: string,
    request: Pick<SendRequest, 'entryId'>,
    threadTs: string | null,
    mark: Record<string, string | number>,
  ): Promise<string> {
    const result = await call(
      'chat.postMessage',
      {
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: eventType, event_payload: mark },
      },
      channel,
      request.entryId,
    );
    const parsed = PostResult.safeParse(result);
    if (!parsed.success) throw new BreachwatchError(ErrorCode.DeliveryFailed, 'Slack chat.postMessage answered without a channel and ts; will check and retry.');
    unsure.delete(request.entryId);
    return messageRef(parsed.data.channel, parsed.data.ts);
  }

  async function sendAlert(channel: string, request: SendRequest): Promise<string> {
    const since = unsure.get(request.entryId);
    const mark = markOf(request.entryId, request.payload);
    if (since !== undefined) {
      const found = await lookupOrWarn(() => findPosted({ channel, sinceMs: since }, ALERT_EVENT, mark), channel, request.entryId);
      if (found) {
        unsure.delete(request.entryId);
        log.info('slack:found', `Alert for entry ${request.entryId} had reached Slack before the failure; not posting it again.`);
        return found;
      }
    }
    return post(channel, renderAlert(request.payload.incident), ALERT_EVENT, request, null, mark);
  }

  async function sendUpdate(request: SendRequest): Promise<string> {
    if (!request.parentRef) throw new BreachwatchError(ErrorCode.DeliveryFailed, 'An update reached the Slack sink before its alert was sent; will retry.');
    const parent = parseMessageRef(request.parentRef);
    const current = renderAlert(request.payload.incident, { updated: true });
    // Editing is idempotent: doing it again after a failure is harmless.
    await call('chat.update', { channel: parent.channel, ts: parent.ts, text: current.text, blocks: current.blocks }, parent.channel, null);
    if (request.payload.factChanges.length === 0) return request.parentRef; // a new source only: edit, no reply, no ping
    const mark = markOf(request.entryId, request.payload);
    if (unsure.has(request.entryId)) {
      const found = await lookupOrWarn(() => findPosted({ channel: parent.channel, threadTs: parent.ts }, UPDATE_EVENT, mark), parent.channel, request.entryId);
      if (found) {
        unsure.delete(request.entryId);
        return found;
      }
    }
    return post(parent.channel, renderUpdate(request.payload), UPDATE_EVENT, request, parent.ts, mark);
  }

  /** Notices are posted like alerts (same metadata lookup after an unsure send), to the route's channel. */
  async function sendNotice(request: NoticeRequest): Promise<string> {
    const channel = request.channel ?? options.defaultChannel;
    if (!channel) throw new BreachwatchError(ErrorCode.DeliveryFailed, 'A Slack notice has no channel: set SLACK_DEFAULT_CHANNEL.');
    const since = unsure.get(request.entryId);
    const mark = markOf(request.entryId, request.notice);
    if (since !== undefined) {
      const found = await lookupOrWarn(() => findPosted({ channel, sinceMs: since }, NOTICE_EVENT, mark), channel, request.entryId);
      if (found) {
        unsure.delete(request.entryId);
        return found;
      }
    }
    return post(channel, renderNotice(request.notice), NOTICE_EVENT, request, null, mark);
  }

  return {
    name: 'slack',
    async sendNotice(request) {
      if (request.signal.aborted) throw new BreachwatchError(ErrorCode.DeliveryFailed, 'Shutting down before sending to Slack; will send after the restart.');
      return { messageRef: await sendNotice(request) };
    },
    async send(request) {
      if (request.signal.aborted) throw new BreachwatchError(ErrorCode.DeliveryFailed, 'Shutting down before sending to Slack; will send after the restart.');
      if (request.payload.kind === 'update') return { messageRef: await sendUpdate(request) };
      const channel = request.channel ?? options.defaultChannel;
      if (!channel) {
        throw new BreachwatchError(ErrorCode.DeliveryFailed, 'A Slack route has no channel: set SLACK_DEFAULT_CHANNEL or give the route a channel id.');
      }
      return { messageRef: await sendAlert(channel, request) };
    },

    async reconcile(entry: OutboxEntry) {
      const channel = parseDestinationKey(entry.destination).channel ?? options.defaultChannel;
      const createdMs = Date.parse(entry.createdAt);
      if (entry.kind === 'update' || !channel) {
        // The parent's ts is not known here: the next send edits again (harmless) and checks the thread first.
        unsure.set(entry.id, createdMs);
        return { delivered: false, messageRef: null };
      }
      try {
        const event = entry.kind === 'notice' ? NOTICE_EVENT : ALERT_EVENT;
        const found = await lookupOrWarn(() => findPosted({ channel, sinceMs: createdMs }, event, markOf(entry.id, entry.payload)), channel, entry.id);
        return { delivered: found !== null, messageRef: found };
      } catch (error) {
        // Cannot tell now: remember to look again before posting, rather than stop the start-up.
        unsure.set(entry.id, createdMs);
        log.warn('slack:reconcile', `Could not check whether entry ${entry.id} reached Slack; will check again before sending: ${describeError(error)}`);
        return { delivered: false, messageRef: null };
      }
    },
  };
}
