// Broken config files and environments (reliability.md, issue 8 point 7): every problem is refused
// with the file, the line, the field and a right value to copy, and nothing is half-accepted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/load-config.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';

const FILE = 'config/breachwatch.yaml';

/** The message of the error `run` throws; fails the test when it does not throw a ConfigInvalid error. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BreachwatchError);
    expect((error as BreachwatchError).code).toBe(ErrorCode.ConfigInvalid);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

const FEED = ['feeds:', '  - id: ico-enforcement', '    name: ICO enforcement', '    url: https://ico.org.uk/feed'];

// [what is broken, YAML lines, the line the message must name, the field, words that say how to fix it]
const BROKEN_FILES: Array<[string, string[], number, string, RegExp]> = [
  ['a mis-indented list item (YAML syntax)', ['feeds:', '  - id: a', '   name: b'], 3, '', /YAML syntax at that line/],
  ['a tab used for indentation', ['poll:', '\tdefaultIntervalMinutes: 5'], 2, '', /never tabs/],
  ['an unclosed quote', ['store:', '  path: "./data/x.db', 'poll: {}'], 3, '', /Missing closing "quote/],
  ['a string where a number goes', ['poll:', '  defaultIntervalMinutes: often'], 2, 'poll.defaultIntervalMinutes', /expected number.*e\.g\. defaultIntervalMinutes: 15/],
  ['a number out of range', ['fetch:', '  maxBytes: 10'], 2, 'fetch.maxBytes', />=1024.*e\.g\. maxBytes: 5000000/],
  ['a word where a boolean goes', ['fetch:', '  timeoutSeconds: 20', '  allowPrivateAddresses: sometimes'], 3, 'fetch.allowPrivateAddresses', /expected boolean.*e\.g\. allowPrivateAddresses: false/],
  ['a fraction where a whole number goes', ['poll:', '  maxConcurrentFetches: 2.5'], 2, 'poll.maxConcurrentFetches', /int.*e\.g\. maxConcurrentFetches: 4/],
  ['an unknown top-level key', ['pol:', '  defaultIntervalMinutes: 5'], 1, 'pol', /unrecognized key "pol".*allowed here are store, fetch, poll, alerts, retention, leads, feeds/],
  ['an unknown key in a section', ['poll:', '  defaultIntervalMinutes: 5', '  intervalMinutes: 5'], 3, 'poll.intervalMinutes', /unrecognized key.*allowed here are defaultIntervalMinutes/],
  ['an unknown key in a feed', [...FEED, '    interval: 5'], 5, 'feeds[ico-enforcement].interval', /allowed here are id, name, url, intervalMinutes, enabled/],
  ['a feed id with capitals and spaces', ['feeds:', '  - id: ICO News', '    name: x', '    url: https://a.example/feed'], 2, 'feeds[ICO News].id', /lowercase letters, digits and dashes, e\.g\. "ico-enforcement"/],
  ['a feed without a name', ['feeds:', '  - id: a', '    url: https://a.example/feed'], 2, 'feeds[a].name', /is missing: add it, e\.g\. name: ICO enforcement/],
  ['a feed URL that is not a URL', ['feeds:', '  - id: a', '    name: A', '    url: not a url'], 4, 'feeds[a].url', /http\(s\) URL, e\.g\. "https:/],
  ['an ftp feed URL', ['feeds:', '  - id: a', '    name: A', '    url: ftp://a.example/feed'], 4, 'feeds[a].url', /http\(s\) URL/],
  ['a javascript: feed URL', ['feeds:', '  - id: a', '    name: A', '    url: "javascript:alert(1)"'], 4, 'feeds[a].url', /http\(s\) URL/],
  ['a feed without an id (named by its line)', ['feeds:', '  - name: A', '    url: https://a.example/feed'], 2, 'feeds[the feed with no id].id', /is missing: add it, e\.g\. id: ico-enforcement/],
  ['feeds as a mapping, not a list', ['feeds:', '  id: a'], 2, 'feeds', /expected array.*e\.g\. feeds: \[\{ id:/],
  ['an unknown sink', ['alerts:', '  destinations:', '    - sink: teams'], 3, 'alerts.destinations.0.sink', /"console"\|"slack"\|"discord".*e\.g\. sink: slack/],
  ['a minScore above 1', ['alerts:', '  destinations:', '    - sink: console', '      filters:', '        minScore: 8'], 5, 'alerts.destinations.0.filters.minScore', /1/],
  ['an unknown sector in a filter', ['alerts:', '  destinations:', '    - sink: console', '      filters:', '        sectors: [banks]'], 5, 'alerts.destinations.0.filters.sectors.0', /"police".*e\.g\. sectors: \[police, nhs\]/],
  ['a list at the top level', ['- feeds', '- poll'], 1, '(top level)', /expected object.*copy config\/breachwatch\.yaml/],
];

describe('broken config files name the file, line and field, and say what to fix', () => {
  it.each(BROKEN_FILES)('%s', (_what, lines, line, field, fix) => {
    const message = messageOf(() => parseConfigText(lines.join('\n'), FILE));
    const where = field === '' ? `${FILE}:${line}:` : `${FILE}:${line}: ${field}:`;
    expect(message).toContain(where);
    expect(message).toMatch(fix);
    expect(message).toMatch(/start again/);
  });

  it('reports every problem at once, each with its own line', () => {
    const text = ['poll:', '  defaultIntervalMinutes: 0', 'fetch:', '  maxBytes: big', 'feeds:', '  - id: A', '    name: x', '    url: ftp://x'].join('\n');
    const message = messageOf(() => parseConfigText(text, FILE));
    expect(message).toMatch(/has 4 problem\(s\)/);
    for (const where of [':2: poll.defaultIntervalMinutes:', ':4: fetch.maxBytes:', ':6: feeds[A].id:', ':8: feeds[A].url:']) expect(message).toContain(where);
  });

  it('names only the first YAML mistake, not every line the parser trips over after it (issue 18 point 5)', () => {
    const text = [...FEED, '\tintervalMinutes: 30', '  - id: ncsc', '    name: NCSC', '    url: https://ncsc.example/feed', 'poll:', '  defaultIntervalMinutes: 5'];
    const message = messageOf(() => parseConfigText(text.join('\n'), FILE));
    const problems = message.split('\n').filter((line) => line.includes(`${FILE}:`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ {2}config\/breachwatch\.yaml:5:1: Tabs are not allowed as indentation \(the parser's \d+ other complaint\(s\) after it/);
  });

  it('names the line of a duplicate feed id and where it was first used', () => {
    const text = [...FEED, '  - id: ico-enforcement', '    name: ICO again', '    url: https://ico.org.uk/other'].join('\n');
    const message = messageOf(() => parseConfigText(text, FILE));
    expect(message).toContain(`${FILE}:5: feeds[ico-enforcement].id: the id "ico-enforcement" is used twice (first at line 2)`);
    expect(message).toMatch(/Give each feed its own id, e\.g\. id: ico-enforcement-2/);
  });

  it('accepts the shipped config and the demo config', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const file of ['config/breachwatch.yaml', 'config/demo/breachwatch.demo.yaml']) {
      const dir = mkdtempSync(path.join(tmpdir(), 'bw-cfg-ok-'));
      expect(() => loadConfig({ BREACHWATCH_CONFIG: path.join(root, file) }, dir, '/nonexistent.yaml')).not.toThrow();
    }
  });
});

// [what is broken, environment, the variable, words that say how to fix it]
const BROKEN_ENVS: Array<[string, Record<string, string>, string, RegExp]> = [
  ['LOG_LEVEL not a level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /e\.g\. LOG_LEVEL=info \(debug, info, warn or error\)/],
  ['LOG_FORMAT not a format', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /e\.g\. LOG_FORMAT=json/],
  ['DRY_RUN not a switch', { DRY_RUN: 'yes' }, 'DRY_RUN', /e\.g\. DRY_RUN=1/],
  ['SLACK_BOT_TOKEN without xoxb-', { SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN', /starts with "xoxb-".*OAuth & Permissions/],
  ['SLACK_APP_TOKEN without xapp-', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN', /starts with "xapp-"/],
  ['SLACK_MODE not a mode', { SLACK_MODE: 'websocket' }, 'SLACK_MODE', /e\.g\. SLACK_MODE=socket \(or http\)/],
  ['SLACK_PORT not a number', { SLACK_PORT: 'eighty' }, 'SLACK_PORT', /must be a number, e\.g\. SLACK_PORT=3000/],
  ['SLACK_API_URL not http(s)', { SLACK_API_URL: 'ftp://slack.example/' }, 'SLACK_API_URL', /e\.g\. SLACK_API_URL=https:\/\/slack\.com\/api\//],
  ['DISCORD_APPLICATION_ID not a number', { DISCORD_TOKEN: 't', DISCORD_GUILD_IDS: '123456789012345678', DISCORD_APPLICATION_ID: 'my-app' }, 'DISCORD_APPLICATION_ID', /is a number.*e\.g\. DISCORD_APPLICATION_ID=\d+/],
  ['DISCORD_DEFAULT_CHANNEL a name, not an id', { DISCORD_TOKEN: 't', DISCORD_GUILD_IDS: '123456789012345678', DISCORD_DEFAULT_CHANNEL: '#alerts' }, 'DISCORD_DEFAULT_CHANNEL', /channel id is a number/],
];

describe('bad environment variables name the variable and a right value', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-cfg-env-'));
  writeFileSync(path.join(dir, 'ok.yaml'), 'feeds: []\n');
  const base = { BREACHWATCH_CONFIG: 'ok.yaml' };

  it.each(BROKEN_ENVS)('%s', (_what, env, variable, fix) => {
    const message = messageOf(() => loadConfig({ ...base, ...env }, dir, '/nonexistent.yaml'));
    expect(message).toContain(`${variable}: `);
    expect(message).toMatch(fix);
    expect(message).toMatch(/does not run half-configured/);
  });

  it.each([
    ['HTTP mode without a signing secret', { SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET.*needed for HTTP mode/],
    ['Socket Mode without an app token', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'socket' }, /SLACK_APP_TOKEN.*needed for Socket Mode/],
  ])('refuses half-configured Slack: %s', (_what, env, fix) => {
    const message = messageOf(() => loadConfig({ ...base, ...env }, dir, '/nonexistent.yaml'));
    expect(message).toMatch(/Slack is half-configured/);
    expect(message).toMatch(fix);
    expect(message).toMatch(/unset SLACK_BOT_TOKEN to run without Slack/);
  });

  it.each([
    ['no server named', { DISCORD_TOKEN: 't' }, /DISCORD_GUILD_IDS: is required when DISCORD_TOKEN is set.*e\.g\. DISCORD_GUILD_IDS=\d+/],
    ['a server name, not an id', { DISCORD_TOKEN: 't', DISCORD_GUILD_IDS: '123456789012345678,my-server' }, /DISCORD_GUILD_IDS: "my-server" is not a server id/],
    ['an old DISCORD_GUILD_ID that is not a number', { DISCORD_TOKEN: 't', DISCORD_GUILD_ID: 'my-server' }, /DISCORD_GUILD_ID: a server \(guild\) id is a number/],
  ])('Discord must name the server(s) it serves (issue 16 point 3): %s', (_what, env, fix) => {
    const message = messageOf(() => loadConfig({ ...base, ...env }, dir, '/nonexistent.yaml'));
    expect(message).toMatch(fix);
    expect(message).toMatch(/does not run half-configured/);
  });

  it('takes the served servers from DISCORD_GUILD_IDS and the older DISCORD_GUILD_ID together', () => {
    const env = { ...base, DISCORD_TOKEN: 't', DISCORD_GUILD_IDS: '123456789012345678, 223456789012345678', DISCORD_GUILD_ID: '323456789012345678' };
    expect(loadConfig(env, dir, '/nonexistent.yaml').discord?.guildIds).toEqual(['123456789012345678', '223456789012345678', '323456789012345678']);
    expect(loadConfig({ ...base, DISCORD_TOKEN: 't', DISCORD_GUILD_ID: '323456789012345678' }, dir, '/nonexistent.yaml').discord?.guildIds).toEqual(['323456789012345678']);
  });

  it('never echoes a secret in the message', () => {
    const message = messageOf(() => loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxp-very-secret-123' }, dir, '/nonexistent.yaml'));
    expect(message).not.toContain('very-secret');
  });

  it('says how to fix a config file it cannot read', () => {
    const message = messageOf(() => loadConfig({ BREACHWATCH_CONFIG: 'missing.yaml' }, dir, '/nonexistent.yaml'));
    expect(message).toContain(path.join(dir, 'missing.yaml'));
    expect(message).toMatch(/copy config\/breachwatch\.yaml\) or set BREACHWATCH_CONFIG/);
  });
});
