// Wording for config problems: every message names the file, the line and the field, says what is
// wrong in plain words and shows an example of a right value, so an admin can fix it without the docs.
import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import { z } from 'zod';

/** A right value for each config field, shown after the problem ("e.g. …"). Keyed by the field's own name. */
const FILE_EXAMPLES: Record<string, string> = {
  store: 'store: { path: ./data/breachwatch.db }',
  path: 'path: ./data/breachwatch.db',
  fetch: 'fetch: { timeoutSeconds: 20 }',
  timeoutSeconds: 'timeoutSeconds: 20',
  maxBytes: 'maxBytes: 5000000',
  userAgent: 'userAgent: breachwatch/0.1',
  allowPrivateAddresses: 'allowPrivateAddresses: false',
  poll: 'poll: { defaultIntervalMinutes: 15 }',
  defaultIntervalMinutes: 'defaultIntervalMinutes: 15',
  maxConcurrentFetches: 'maxConcurrentFetches: 4',
  failureWarningAfter: 'failureWarningAfter: 5',
  maxBackoffMinutes: 'maxBackoffMinutes: 360',
  floodGuard: 'floodGuard: { maxNewItemsPerPoll: 20 }',
  maxNewItemsPerPoll: 'maxNewItemsPerPoll: 20',
  alerts: 'alerts: { maxArticleAgeDays: 14 }',
  maxArticleAgeDays: 'maxArticleAgeDays: 14',
  destinations: 'destinations: [{ sink: console }]',
  sink: 'sink: slack',
  channel: 'channel: C0123ABCD',
  filters: 'filters: { sectors: [police, nhs] }',
  sectors: 'sectors: [police, nhs]',
  regions: 'regions: [London, Wales]',
  minAffected: 'minAffected: 1000',
  keywords: 'keywords: [ransomware]',
  feeds: 'feeds: [{ id: ico-enforcement, name: ICO enforcement, url: "https://ico.org.uk/global/rss-feeds/enforcement/" }]',
  id: 'id: ico-enforcement',
  name: 'name: ICO enforcement',
  url: 'url: https://ico.org.uk/global/rss-feeds/enforcement/',
  intervalMinutes: 'intervalMinutes: 30',
  enabled: 'enabled: true',
};

/** A right value for each environment variable. */
export const ENV_EXAMPLES: Record<string, string> = {
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN=xoxb-… (OAuth & Permissions → Bot User OAuth Token)',
  SLACK_APP_TOKEN: 'SLACK_APP_TOKEN=xapp-… (Basic Information → App-Level Tokens)',
  SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET=… (Basic Information → Signing Secret)',
  SLACK_MODE: 'SLACK_MODE=socket (or http)',
  SLACK_PORT: 'SLACK_PORT=3000',
  SLACK_API_URL: 'SLACK_API_URL=https://slack.com/api/',
  SLACK_DEFAULT_CHANNEL: 'SLACK_DEFAULT_CHANNEL=C0123ABCD',
  DISCORD_TOKEN: 'DISCORD_TOKEN=… (Developer Portal → Bot → Token)',
  DISCORD_APPLICATION_ID: 'DISCORD_APPLICATION_ID=123456789012345678',
  DISCORD_GUILD_IDS: 'DISCORD_GUILD_IDS=123456789012345678 (several: 123456789012345678,234567890123456789)',
  DISCORD_GUILD_ID: 'DISCORD_GUILD_ID=123456789012345678',
  DISCORD_API_URL: 'DISCORD_API_URL=https://discord.com/api',
  DISCORD_DEFAULT_CHANNEL: 'DISCORD_DEFAULT_CHANNEL=123456789012345678',
  BREACHWATCH_CONFIG: 'BREACHWATCH_CONFIG=config/breachwatch.yaml',
  BREACHWATCH_DB: 'BREACHWATCH_DB=./data/breachwatch.db',
  LOG_LEVEL: 'LOG_LEVEL=info (debug, info, warn or error)',
  LOG_FORMAT: 'LOG_FORMAT=json (pretty or json)',
  DRY_RUN: 'DRY_RUN=1 (0, 1, true or false)',
};

const example = (examples: Record<string, string>, key: PropertyKey | undefined): string => {
  const found = typeof key === 'string' ? examples[key] : undefined;
  return found ? `, e.g. ${found}` : '';
};

/** One environment problem: the variable, what is wrong, and a right value. */
export function describeEnvIssue(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? '(environment)');
  const message = issue.code === 'invalid_type' && issue.message.includes('NaN') ? 'must be a number' : issue.message;
  return `${name}: ${message}${example(ENV_EXAMPLES, name)}`;
}

/** The keys a strict object accepts at `path` inside `schema` (through defaults, optionals and arrays). */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  const unwrap = (): void => {
    while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) {
      current = current.unwrap();
    }
  };
  for (const key of path) {
    unwrap();
    if (current instanceof z.ZodArray && typeof key === 'number') current = current.element;
    else if (current instanceof z.ZodObject && typeof key === 'string') current = (current.shape as Record<string, unknown>)[key];
    else return [];
  }
  unwrap();
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Line (1-based) of the YAML node at `path`, else of its nearest ancestor that exists. */
export function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | '?' {
  for (let end = path.length; end >= 0; end--) {
    const node = doc.getIn(path.slice(0, end), true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return '?';
}

/** Line of the key `key` itself in the mapping at `path` (a value may start on a later line). */
function keyLine(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], key: string): number | null {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  return offset === undefined ? null : lineCounter.linePos(offset).line;
}

/**
 * A field as an admin finds it in the file: a feed by its id, not its place in the list
 * ("feeds[ico-enforcement].url", not "feeds.0.url"); other paths dotted ("poll.defaultIntervalMinutes").
 */
export function fieldName(path: readonly PropertyKey[], doc: Pick<Document, 'getIn'>): string {
  if (path[0] === 'feeds' && typeof path[1] === 'number') {
    const id: unknown = doc.getIn(['feeds', path[1], 'id']);
    const which = typeof id === 'string' && id.trim() !== '' ? id : 'the feed with no id';
    return [`feeds[${which}]`, ...path.slice(2).map(String)].join('.');
  }
  return path.map(String).join('.');
}

/** "file:line: field: problem, e.g. example" for one schema issue. */
export function describeFileIssue(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter, file: string, schema: z.ZodType): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const key = keys[0] ?? '';
    const field = fieldName([...issue.path, key], doc);
    const allowed = knownKeys(schema, issue.path);
    const line = keyLine(doc, lineCounter, issue.path, key) ?? lineOf(doc, lineCounter, [...issue.path, key]);
    return `${file}:${line}: ${field}: unrecognized key ${keys.map((k) => `"${k}"`).join(', ')}; remove it or fix the spelling${
      allowed.length > 0 ? ` (the keys allowed here are ${allowed.join(', ')})` : ''
    }`;
  }
  const field = fieldName(issue.path, doc) || '(top level)';
  const line = lineOf(doc, lineCounter, issue.path);
  const last = issue.path.at(-1);
  const missing = issue.code === 'invalid_type' && issue.path.length > 0 && !doc.hasIn(issue.path);
  const message = missing ? `is missing: add it` : issue.message;
  const hint =
    issue.path.length === 0
      ? ', e.g. a mapping with store, fetch, poll, alerts and feeds (copy config/breachwatch.yaml)'
      : message.includes('e.g.')
        ? ''
        : example(FILE_EXAMPLES, typeof last === 'number' ? issue.path.at(-2) : last);
  return `${file}:${line}: ${field}: ${message}${hint}`;
}

/** "file:line:column: message" for a YAML syntax error, without yaml's multi-line context. */
export function describeYamlError(error: { message: string; linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, unknown] }, file: string): string {
  const pos = error.linePos?.[0];
  const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return `${file}:${pos?.line ?? '?'}:${pos?.col ?? '?'}: ${message}`;
}
