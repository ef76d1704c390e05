// Reads config/breachwatch.yaml and the environment, validates both with zod, and reports every
// problem at once with the file, the line and the field, so an admin knows exactly what to fix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { SECTORS } from '../domain/types.ts';

const feedId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes, e.g. "ico-enforcement"');

const FeedSchema = z.strictObject({
  id: feedId,
  name: z.string().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. "https://ico.org.uk/global/rss-feeds/enforcement/"' }),
  intervalMinutes: z.number().int().min(1).max(24 * 60).optional(),
  enabled: z.boolean().default(true),
});

const FilterSchema = z.strictObject({
  sectors: z.array(z.enum(SECTORS)).optional(),
  minAffected: z.number().int().min(0).optional(),
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
    })
    .prefault({}),
  alerts: z
    .strictObject({
      maxArticleAgeDays: z.number().int().min(0).default(14),
      destinations: z.array(DestinationSchema).default([{ sink: 'console' }]),
    })
    .prefault({}),
  feeds: z.array(FeedSchema).default([]),
});

export type FileConfig = z.infer<typeof FileConfigSchema>;
export type FeedConfig = z.infer<typeof FeedSchema>;
export type DestinationConfig = z.infer<typeof DestinationSchema>;
export type DestinationFilters = z.infer<typeof FilterSchema>;

const EnvSchema = z.object({
  BREACHWATCH_CONFIG: z.string().min(1).optional(),
  BREACHWATCH_DB: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  DRY_RUN: z.enum(['0', '1', 'true', 'false']).optional(),
});

export interface AppConfig extends FileConfig {
  configPath: string;
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'pretty' | 'json' };
  dryRun: boolean;
}

/** Parses YAML text and validates it. Errors name the file, line and field. */
export function parseConfigText(text: string, file: string): FileConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `The config file is not valid YAML:\n  ${lines.join('\n  ')}\nFix the YAML syntax (indentation, quotes) and start again.`,
    );
  }
  const result = FileConfigSchema.safeParse(doc.toJS() ?? {});
  if (result.success) {
    assertUniqueFeedIds(result.data.feeds, file);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const node = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
    const parentNode = doc.getIn(issue.path.slice(0, -1), true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0];
    const line = offset === undefined ? '?' : lineCounter.linePos(offset).line;
    const field = issue.path.join('.') || '(top level)';
    return `${file}:${line}: ${field}: ${issue.message}`;
  });
  throw new BreachwatchError(
    ErrorCode.ConfigInvalid,
    `The config file has ${problems.length} problem(s):\n  ${problems.join('\n  ')}\nFix them and start again; breachwatch does not run half-configured.`,
  );
}

function assertUniqueFeedIds(feeds: readonly FeedConfig[], file: string): void {
  const seen = new Set<string>();
  for (const feed of feeds) {
    if (seen.has(feed.id)) {
      throw new BreachwatchError(
        ErrorCode.ConfigInvalid,
        `${file}: feeds: the id "${feed.id}" is used twice. Give each feed its own id.`,
      );
    }
    seen.add(feed.id);
  }
}

/**
 * The one place environment variables are read into config. Pass `process.env` from main.
 * Relative paths (BREACHWATCH_CONFIG, store.path) resolve against `cwd`.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd: string, defaultConfigPath: string): AppConfig {
  const envResult = EnvSchema.safeParse(env);
  if (!envResult.success) {
    const problems = envResult.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `Environment variables are invalid:\n  ${problems.join('\n  ')}\nFor example LOG_LEVEL=info, LOG_FORMAT=json, DRY_RUN=1.`,
    );
  }
  const vars = envResult.data;
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
    log: { level: vars.LOG_LEVEL, format: vars.LOG_FORMAT },
    dryRun: vars.DRY_RUN === '1' || vars.DRY_RUN === 'true',
  };
}
