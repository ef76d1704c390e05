// The Slack adapter: a Bolt app (Socket Mode or HTTP), the /breach slash command, and the sink the
// outbox posts through. It parses and renders only; the command core is passed in by main.ts.
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, type RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { Sink } from '../../src/alerts/sink.ts';
import type { Command, CommandContext, CommandParseError, CommandReply } from '../../src/commands/types.ts';
import { ADMIN_COMMANDS } from '../../src/commands/types.ts';
import type { SlackConfig } from '../../src/config/load-config.ts';
import { BreachwatchError, ErrorCode, describeError } from '../../src/domain/errors.ts';
import type { PlatformProxy } from '../../src/http/platform-proxy.ts';
import type { Logger } from '../../src/log/logger.ts';
import { boltLogger, redactor } from './bolt-logger.ts';
import { renderReply } from './render-reply.ts';
import { createSignedReceiver } from './signed-receiver.ts';
import { isTokenRejected, mapSlackError } from './slack-errors.ts';
import { createSlackSink } from './slack-sink.ts';

export interface SlackAdapterDeps {
  handleCommand(command: Command, ctx: CommandContext): Promise<CommandReply>;
  parseCommandText(text: string): Command | CommandParseError;
  log: Logger;
  /** The store's id (Store.storeId()): the sink marks every message with it to recognise its own. */
  storeId: string;
}

export interface SlackAdapterOptions {
  /** Per-request timeout of Web API calls (default 10 s): a hung call becomes a retry, not a stuck outbox. */
  requestTimeoutMs?: number;
  /** HTTP mode: the interface to listen on (default: all). Tests use 127.0.0.1. */
  listenHost?: string;
  now?: () => Date;
  /**
   * HTTPS_PROXY for Slack's API (src/http/platform-proxy.ts): Web API calls, respond() and the Socket
   * Mode WebSocket all go through it.
   */
  proxy?: PlatformProxy | null;
}

export interface SlackAdapter {
  sink: Sink;
  /** Checks the bot token (auth.test), then connects (Socket Mode) or listens (HTTP). Throws a clear error. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode, once started: the port Bolt listens on (useful when config.port is 0). */
  httpPort(): number | null;
}

export const SLASH_COMMAND = '/breach';

/** The fields of a slash-command payload we use, checked (Slack's payloads are input like any other). */
const SlashPayload = z.object({
  text: z.string().max(4000).default(''),
  user_id: z.string().min(1).max(64),
  channel_id: z.string().min(1).max(64),
  /** The workspace: chat routes belong to it (docs/adr/009-chat-scope.md). */
  team_id: z.string().min(1).max(64).optional(),
});

export function createSlackAdapter(config: SlackConfig, deps: SlackAdapterDeps, options: SlackAdapterOptions = {}): SlackAdapter {
  const { log } = deps;
  const redact = redactor([config.botToken, config.appToken, config.signingSecret]);
  const logger = boltLogger(log, redact);
  const slackApiUrl = config.apiUrl ?? undefined;
  const timeout = options.requestTimeoutMs ?? 10_000;
  const socket = config.mode === 'socket';
  const proxy = options.proxy ?? null;
  const viaProxy = proxy ? { fetch: proxy.fetch } : {};
  // The Socket Mode client's own WebClient (apps.connections.open) keeps its patient reconnect retries.
  const socketClientOptions = { ...(slackApiUrl ? { slackApiUrl } : {}), timeout, ...viaProxy };
  if (socket && !config.appToken) throw configError('SLACK_APP_TOKEN (an xapp- token with connections:write) is needed for Socket Mode');
  if (!socket && !config.signingSecret) throw configError('SLACK_SIGNING_SECRET (Basic Information → Signing Secret) is needed for HTTP mode');

  const app = new App({
    token: config.botToken,
    deferInitialization: true,
    logger,
    // The outbox owns retries: no internal retry (a lost response must not become a double post),
    // 429s come straight back as errors with their Retry-After, and no call waits forever.
    clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout, ...viaProxy },
    ...(socket
      ? {
          socketMode: true,
          appToken: config.appToken ?? '',
          installerOptions: { clientOptions: socketClientOptions },
          // Bolt builds its Socket Mode receiver without a dispatcher: build it here, so that the WebSocket uses the proxy too.
          ...(proxy ? { receiver: proxiedSocketReceiver(config.appToken ?? '', proxy, logger, socketClientOptions) } : {}),
        }
      : {
          // HTTP mode: a two-sided five-minute window and replay protection in front of Bolt's own check.
          receiver: createSignedReceiver({
            signingSecret: config.signingSecret ?? '',
            logger,
            onRefused: (reason) => log.warn('slack:refused', `Refused a Slack request: ${reason}.`),
          }),
        }),
  });

  app.error(async (error) => {
    log.error('slack:error', redact(`Slack listener failed: ${describeError(error)}`));
  });

  app.command(SLASH_COMMAND, async ({ ack, body, respond }) => {
    await ack(); // within Slack's 3 s, before any store or network work
    const reply = await answer(body);
    await send(respond, reply);
  });

  async function answer(body: unknown): Promise<ReturnType<typeof renderReply>> {
    const payload = SlashPayload.safeParse(body);
    if (!payload.success) {
      log.warn('slack:command', 'A /breach request was missing its user or channel; answered with an error.');
      return renderReply(refusalReply('Slack sent a command breachwatch could not read. Please try again.'), { forceEphemeral: true });
    }
    const { text, user_id: userId, channel_id: channelId, team_id: workspaceId } = payload.data;
    const parsed = deps.parseCommandText(text);
    if (parsed.kind === 'parse_error') return renderReply(refusalReply(parsed.message), { forceEphemeral: true });
    const isAdmin = config.adminUserIds.includes(userId);
    const ctx: CommandContext = { platform: 'slack', userId, isAdmin, channelId, workspaceId: workspaceId ?? null };
    try {
      const reply = await deps.handleCommand(parsed, ctx);
      return renderReply(reply, { forceEphemeral: ADMIN_COMMANDS.has(parsed.kind) });
    } catch (error) {
      log.error('slack:command', redact(`/breach ${parsed.kind} failed: ${describeError(error)}`));
      return renderReply(refusalReply('Sorry, that command failed on our side. The error is in the bot’s log.'), { forceEphemeral: true });
    }
  }

  async function send(respond: RespondFn, body: ReturnType<typeof renderReply>): Promise<void> {
    // Last line of defence: a reply never carries a token or the signing secret.
    const safe = JSON.parse(redact(JSON.stringify(body))) as typeof body;
    try {
      await respond({ ...safe, replace_original: false });
    } catch (error) {
      log.warn('slack:respond', redact(`Could not answer a /breach command (the response URL may have expired): ${describeError(error)}`));
    }
  }

  let server: { address(): AddressInfo | string | null } | null = null;
  let started = false;
  const httpPort = (): number | null => {
    const address = server?.address();
    return address && typeof address === 'object' ? address.port : null;
  };

  return {
    sink: createSlackSink({ client: app.client, defaultChannel: config.defaultChannel, storeId: deps.storeId, log, ...(options.now ? { now: options.now } : {}) }),

    async start() {
      try {
        await app.init();
      } catch (error) {
        throw startError(error, 'auth.test', 'SLACK_BOT_TOKEN', 'OAuth & Permissions → Bot User OAuth Token, starts with xoxb-', redact);
      }
      try {
        if (socket) {
          await app.start();
        } else {
          const listening = await app.start({ port: config.port, ...(options.listenHost ? { host: options.listenHost } : {}) });
          server = listening;
        }
      } catch (error) {
        throw socket
          ? startError(error, 'apps.connections.open', 'SLACK_APP_TOKEN', 'Basic Information → App-Level Tokens, with the connections:write scope, and Socket Mode enabled', redact)
          : new BreachwatchError(
              ErrorCode.ConfigInvalid,
              redact(`Slack did not start: cannot listen on port ${config.port} (${describeError(error)}). To fix: free the port or set SLACK_PORT.`),
              { cause: error },
            );
      }
      started = true;
      log.info('slack:start', socket ? 'Connected to Slack (Socket Mode); /breach is ready.' : `Listening for Slack on port ${httpPort()} (HTTP mode, /slack/events).`);
    },

    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      server = null;
    },

    httpPort,
  };
}

function proxiedSocketReceiver(
  appToken: string,
  proxy: PlatformProxy,
  logger: ReturnType<typeof boltLogger>,
  clientOptions: { slackApiUrl?: string; timeout: number; fetch?: typeof globalThis.fetch },
): SocketModeReceiver {
  return new SocketModeReceiver({ appToken, dispatcher: proxy.dispatcher, logger, installerOptions: { clientOptions } });
}

function refusalReply(message: string): CommandReply {
  return { visibility: 'ephemeral', title: 'breachwatch', blocks: [{ kind: 'text', text: message }], isError: true };
}

function configError(missing: string): BreachwatchError {
  return new BreachwatchError(ErrorCode.ConfigInvalid, `Slack is half-configured: ${missing}.`);
}

/**
 * A start-up failure as one sentence that says what to fix; never the token itself. Only a token Slack
 * rejects is a ConfigInvalid (it stops the start); an unreachable or failing Slack is retried.
 */
function startError(error: unknown, step: string, variable: string, where: string, redact: (text: string) => string): BreachwatchError {
  const failure = mapSlackError(error, step, null);
  if (isTokenRejected(failure.slackCode)) {
    const message = `Slack rejected ${variable} (${step} answered "${failure.slackCode}"). To fix: copy the token again (${where}) into ${variable} and restart.`;
    return new BreachwatchError(ErrorCode.ConfigInvalid, redact(message), { cause: error });
  }
  const what = failure.slackCode ? `${step} answered "${failure.slackCode}"` : `could not reach Slack for ${step} (${error instanceof Error ? error.message : String(error)})`;
  const message = `Slack is not available: ${what}. The token was not refused; check the network, proxy and SLACK_API_URL if this lasts.`;
  return new BreachwatchError(ErrorCode.DeliveryFailed, redact(message), { cause: error });
}
