// Reads config/breachwatch.yaml and the environment, validates both with zod, and reports every
// problem at once with the file, the line and the field, so an admin knows exactly what to fix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validate as isCronExpression } from 'node-cron';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { SECTORS } from '../domain/types.ts';
import { KIND_CHOICES } from '../sources/source-kinds.ts';
import { describeEnvIssue, describeFileIssue, describeYamlError, lineOf } from './config-messages.ts';

const feedId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes, e.g. "ico-enforcement"');

const FeedSchema = z.strictObject({
  id: feedId,
  name: z.string().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. "https://ico.org.uk/global/rss-feeds/enforcement/"' }),
  intervalMinutes: z.number().int().min(1).max(24 * 60).optional(),
  enabled: z.boolean().default(true),
  /** Which source kind reads the URL (src/sources/source-kinds.ts); auto: whichever recognises what it serves. */
  kind: z.enum(KIND_CHOICES, { error: `must be one of ${KIND_CHOICES.join(', ')}` }).default('auto'),
});

const FilterSchema = z.strictObject({
  sectors: z.array(z.enum(SECTORS)).optional(),
  regions: z.array(z.string().min(1)).optional(),
  minAffected: z.number().int().min(0).optional(),
  minScore: z.number().min(0).max(1).optional(),
  keywords: z.array(z.string().min(1)).optional(),
});

const DestinationSchema = z.strictObject({
  sink: z.enum(['console', 'slack', 'discord']),
  /** Channel id on Slack or Discord; unused for the console. */
  channel: z.string().min(1).optional(),
  filters: FilterSchema.optional(),
});

export const FileConfigSchema = z.strictObject({
  store: z.strictObject({ path: z.string().min(1).default('./data/breachwatch.db') }).prefault({}),
  fetch: z
    .strictObject({
      timeoutSeconds: z.number().min(1).max(300).default(20),
      maxBytes: z.number().int().min(1024).max(100_000_000).default(5_000_000),
      userAgent: z.string().min(1).default('breachwatch/0.1'),
      allowPrivateAddresses: z.boolean().default(false),
    })
    .prefault({}),
  poll: z
    .strictObject({
      defaultIntervalMinutes: z.number().int().min(1).max(24 * 60).default(15),
      maxConcurrentFetches: z.number().int().min(1).max(32).default(4),
      failureWarningAfter: z.number().int().min(1).max(1000).default(5),
      maxBackoffMinutes: z.number().int().min(1).max(7 * 24 * 60).default(360),
      floodGuard: z.strictObject({ maxNewItemsPerPoll: z.number().int().min(1).default(20) }).prefault({}),
      /** When the poller wakes to look for due feeds (node-cron; 6 fields = with seconds, for tests). */
      tickCron: z
        .string()
        .refine((v) => isCronExpression(v), 'must be a cron expression, e.g. "* * * * *" (every minute) or "*/2 * * * * *" (every 2 s)')
        .default('* * * * *'),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      maxArticleAgeDays: z.number().int().min(0).default(14),
      destinations: z.array(DestinationSchema).default([{ sink: 'console' }]),
    })
    .prefault({}),
  /** What the store forgets (issue 16 point 9; RetentionPolicy in src/store/ports.ts). 0 keeps that kind for ever. */
  retention: z
    .strictObject({
      seenItemDays: z.number().int().min(0).max(100_000).default(180),
      maxSeenItemsPerFeed: z.number().int().min(0).default(20_000),
      outboxDays: z.number().int().min(0).max(100_000).default(30),
      articleDays: z.number().int().min(0).max(100_000).default(90),
      maxRowsPerRun: z.number().int().min(1).max(1_000_000).default(10_000),
    })
    .prefault({}),
  /** Reading a headline-only item's lead before deciding (issue 20 point 2; docs/adr/016-reading-the-lead.md). */
  leads: z
    .strictObject({
      enabled: z.boolean().default(false),
      maxPagesPerCycle: z.number().int().min(0).max(1000).default(20),
      hostIntervalSeconds: z.number().int().min(0).max(3600).default(10),
      shortLeadChars: z.number().int().min(0).max(2_000).default(100),
      minScore: z.number().min(0).max(1).default(0.2),
      maxBytes: z.number().int().min(1024).max(20_000_000).default(1_500_000),
      timeoutSeconds: z.number().min(1).max(120).default(10),
      cacheDays: z.number().gt(0).max(365).default(7),
      failureCacheMinutes: z.number().gt(0).max(7 * 24 * 60).default(60),
    })
    .prefault({}),
  feeds: z.array(FeedSchema).default([]),
});

export type FileConfig = z.infer<typeof FileConfigSchema>;
export type FeedConfig = z.infer<typeof FeedSchema>;
export type DestinationConfig = z.infer<typeof DestinationSchema>;
export type DestinationFilters = z.infer<typeof FilterSchema>;

const optionalSecret = z.string().trim().min(1).optional();
const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean));

const SNOWFLAKE = /^\d{5,25}$/;

/** DISCORD_GUILD_IDS: server ids, comma- or space-separated; each must be a number. */
const guildIdList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const ids = (value ?? '').split(/[\s,]+/).filter(Boolean);
    for (const id of ids.filter((i) => !SNOWFLAKE.test(i))) {
      ctx.issues.push({ code: 'custom', input: value, message: `"${id.slice(0, 40)}" is not a server id: a server (guild) id is a number` });
    }
    return ids;
  });

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xoxb-'), 'a bot token starts with "xoxb-" (OAuth & Permissions page)'),
  SLACK_APP_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xapp-'), 'an app-level token starts with "xapp-" (Basic Information → App-Level Tokens)'),
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_MODE: z.enum(['socket', 'http']).optional(),
  SLACK_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_ADMIN_USER_IDS: idList,
  SLACK_DEFAULT_CHANNEL: z.string().min(1).optional(),
  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'the application id is a number (Developer Portal → General Information)').optional(),
  /** The servers breachwatch serves (issue 16 point 3); DISCORD_GUILD_ID, the older single one, is added to them. */
  DISCORD_GUILD_IDS: guildIdList,
  DISCORD_GUILD_ID: z.string().regex(SNOWFLAKE, 'a server (guild) id is a number').optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  DISCORD_DEFAULT_CHANNEL: z.string().regex(/^\d{5,25}$/, 'a channel id is a number').optional(),
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the public key is 64 hex characters (Developer Portal → General Information → Public Key)').optional(),
  DISCORD_INTERACTIONS_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  BREACHWATCH_CONFIG: z.string().min(1).optional(),
  BREACHWATCH_DB: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  DRY_RUN: z.enum(['0', '1', 'true', 'false']).optional(),
}).superRefine((vars, ctx) => {
  if (vars.DISCORD_TOKEN && servedGuilds(vars).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['DISCORD_GUILD_IDS'],
      message:
        'is required when DISCORD_TOKEN is set: the id(s) of the Discord server(s) breachwatch serves, comma-separated ' +
        '(other servers and direct messages are refused; Developer Mode on, right-click the server → Copy Server ID)',
    });
  }
});

function servedGuilds(vars: { DISCORD_GUILD_IDS: string[]; DISCORD_GUILD_ID?: string | undefined }): string[] {
  return [...new Set([...vars.DISCORD_GUILD_IDS, ...(vars.DISCORD_GUILD_ID ? [vars.DISCORD_GUILD_ID] : [])])];
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode needs an app-level token; HTTP mode needs the signing secret and a public URL. */
  mode: 'socket' | 'http';
  appToken: string | null;
  signingSecret: string | null;
  port: number;
  /** Web API base URL, e.g. "https://slack.com/api/" (corporate proxies, test doubles). */
  apiUrl: string | null;
  adminUserIds: string[];
  defaultChannel: string | null;
}

export interface DiscordConfig {
  token: string;
  applicationId: string | null;
  /**
   * The servers breachwatch serves (DISCORD_GUILD_IDS, never empty): /breach is registered in each, and
   * commands from any other server or a DM are refused. Admin rights (Manage Server) count only here.
   */
  guildIds: string[];
  /** REST base URL, e.g. "https://discord.com/api" (proxies, test doubles). */
  apiUrl: string | null;
  defaultChannel: string | null;
  /** Set to receive slash commands over HTTP (an Interactions Endpoint URL) instead of the gateway. */
  publicKey: string | null;
  interactionsPort: number;
}

export interface AppConfig extends FileConfig {
  configPath: string;
  /** Null when SLACK_BOT_TOKEN is not set. */
  slack: SlackConfig | null;
  /** Null when DISCORD_TOKEN is not set. */
  discord: DiscordConfig | null;
  /** Every secret, so that logs and replies can redact them. */
  secrets: string[];
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'pretty' | 'json' };
  dryRun: boolean;
}

/** Parses YAML text and validates it. Errors name the file, line and field. */
export function parseConfigText(text: string, file: string): FileConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const [firstError, ...followOn] = doc.errors;
  if (firstError) {
    // One mistake (a tab, a bad indent) makes the parser report every line after it: name the first only.
    const more = followOn.length > 0 ? ` (the parser's ${followOn.length} other complaint(s) after it most likely follow from this one)` : '';
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `The config file is not valid YAML:\n  ${describeYamlError(firstError, file)}${more}\n` +
        'Fix the YAML syntax at that line (indent with spaces, never tabs; quote values that contain ": " or " #") ' +
        'and start again.',
    );
  }
  const result = FileConfigSchema.safeParse(doc.toJS() ?? {});
  if (result.success) {
    assertUniqueFeedIds(result.data.feeds, file, (index) => lineOf(doc, lineCounter, ['feeds', index, 'id']));
    return result.data;
  }
  const problems = result.error.issues.map((issue) => describeFileIssue(issue, doc, lineCounter, file, FileConfigSchema));
  throw new BreachwatchError(
    ErrorCode.ConfigInvalid,
    `The config file has ${problems.length} problem(s):\n  ${problems.join('\n  ')}\nFix them and start again; breachwatch does not run half-configured.`,
  );
}

function assertUniqueFeedIds(feeds: readonly FeedConfig[], file: string, lineOfId: (index: number) => number | '?'): void {
  const seen = new Map<string, number>();
  for (const [index, feed] of feeds.entries()) {
    const first = seen.get(feed.id);
    if (first !== undefined) {
      throw new BreachwatchError(
        ErrorCode.ConfigInvalid,
        `${file}:${lineOfId(index)}: feeds[${feed.id}].id: the id "${feed.id}" is used twice (first at line ${lineOfId(first)}). Give each feed its own id, e.g. id: ${feed.id}-2.`,
      );
    }
    seen.set(feed.id, index);
  }
}

/**
 * The one place environment variables are read into config. Pass `process.env` from main.
 * Relative paths (BREACHWATCH_CONFIG, store.path) resolve against `cwd`.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd: string, defaultConfigPath: string): AppConfig {
  const envResult = EnvSchema.safeParse(env);
  if (!envResult.success) {
    const problems = envResult.error.issues.map(describeEnvIssue);
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `Environment variables are invalid:\n  ${problems.join('\n  ')}\nFix them (or unset them) and start again; breachwatch does not run half-configured.`,
    );
  }
  const vars = envResult.data;
  const slack = slackConfig(vars);
  const discord: DiscordConfig | null = vars.DISCORD_TOKEN
    ? {
        token: vars.DISCORD_TOKEN,
        applicationId: vars.DISCORD_APPLICATION_ID ?? null,
        guildIds: servedGuilds(vars),
        apiUrl: vars.DISCORD_API_URL ?? null,
        defaultChannel: vars.DISCORD_DEFAULT_CHANNEL ?? null,
        publicKey: vars.DISCORD_PUBLIC_KEY ?? null,
        interactionsPort: vars.DISCORD_INTERACTIONS_PORT,
      }
    : null;
  const configPath = vars.BREACHWATCH_CONFIG ? path.resolve(cwd, vars.BREACHWATCH_CONFIG) : defaultConfigPath;
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (cause) {
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `Cannot read the config file ${configPath}. Create it (copy config/breachwatch.yaml) or set BREACHWATCH_CONFIG to its path.`,
      { cause },
    );
  }
  const file = parseConfigText(text, path.relative(cwd, configPath) || configPath);
  const storePath = vars.BREACHWATCH_DB ?? file.store.path;
  return {
    ...file,
    store: { path: storePath === ':memory:' ? storePath : path.resolve(cwd, storePath) },
    configPath,
    slack,
    discord,
    secrets: [vars.SLACK_BOT_TOKEN, vars.SLACK_APP_TOKEN, vars.SLACK_SIGNING_SECRET, vars.DISCORD_TOKEN].filter((v): v is string => Boolean(v)),
    log: { level: vars.LOG_LEVEL, format: vars.LOG_FORMAT },
    dryRun: vars.DRY_RUN === '1' || vars.DRY_RUN === 'true',
  };
}

function slackConfig(vars: z.infer<typeof EnvSchema>): SlackConfig | null {
  if (!vars.SLACK_BOT_TOKEN) return null;
  const mode = vars.SLACK_MODE ?? (vars.SLACK_APP_TOKEN ? 'socket' : 'http');
  const missing =
    mode === 'socket' && !vars.SLACK_APP_TOKEN
      ? 'SLACK_APP_TOKEN (an xapp- token with connections:write) is needed for Socket Mode'
      : mode === 'http' && !vars.SLACK_SIGNING_SECRET
        ? 'SLACK_SIGNING_SECRET (Basic Information → Signing Secret) is needed for HTTP mode'
        : null;
  if (missing) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `Slack is half-configured: ${missing}. Set it, or unset SLACK_BOT_TOKEN to run without Slack.`);
  }
  return {
    botToken: vars.SLACK_BOT_TOKEN,
    mode,
    appToken: vars.SLACK_APP_TOKEN ?? null,
    signingSecret: vars.SLACK_SIGNING_SECRET ?? null,
    port: vars.SLACK_PORT,
    apiUrl: vars.SLACK_API_URL ?? null,
    adminUserIds: vars.SLACK_ADMIN_USER_IDS,
    defaultChannel: vars.SLACK_DEFAULT_CHANNEL ?? null,
  };
}
