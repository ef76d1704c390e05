// Shared set-up for the Slack adapter tests: secrets to hunt for, config pointing at the fake API,
// a logger that keeps every line, signed slash-command requests, and the real command core.
import { createHmac } from 'node:crypto';
import type { CommandDeps } from '../../src/commands/deps.ts';
import type { SlackConfig } from '../../src/config/load-config.ts';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/ports.ts';
import { makeClassification } from '../helpers/articles.ts';

export const BOT_TOKEN = 'xoxb-1111-2222-SECRETbotTOKENvalue';
export const APP_TOKEN = 'xapp-1-A1-3333-SECRETappTOKENvalue';
export const SIGNING_SECRET = 'SECRETsigningSECRET0123456789abcd';
export const SECRETS = [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET] as const;

export const ADMIN = 'UADMIN1';
export const MEMBER = 'UMEMBER1';

export function slackConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    botToken: BOT_TOKEN,
    mode: 'http',
    appToken: APP_TOKEN,
    signingSecret: SIGNING_SECRET,
    port: 0,
    apiUrl,
    adminUserIds: [ADMIN],
    defaultChannel: 'C_ALERTS',
    ...overrides,
  };
}

/** A debug-level logger that keeps every line and is NOT told the secrets: it must never need to redact. */
export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) }), lines };
}

export function slashBody(fields: { text: string; user: string; responseUrl: string; channel?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'fake',
    channel_id: fields.channel ?? 'C_ALERTS',
    channel_name: 'alerts',
    user_id: fields.user,
    user_name: 'someone',
    command: '/breach',
    text: fields.text,
    api_app_id: 'A1',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:timestamp:body"). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postToBolt(port: number, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  await response.text();
  return response.status;
}

/** The real command core's dependencies, over a real store; feed fetching is stubbed (no network). */
export function commandDeps(store: Store): CommandDeps {
  return {
    store,
    now: () => new Date('2026-11-23T12:00:00Z'),
    configFeeds: [],
    checkFeedUrl: () => ({ ok: true }),
    fetchArticles: async () => ({ feedTitle: null, articles: [] }),
    classify: () => makeClassification(),
  };
}

/** Polls until `check` is true (the reply to a slash command arrives after the ack). */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
