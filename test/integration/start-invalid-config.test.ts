// `breachwatch start` with a broken config (issue 8 point 7): the process refuses to start, exits 1
// within a few seconds, says on stderr what to fix (file:line: field), and polls nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A loopback feed server that counts every request, so "nothing polled" can be checked. */
async function countingFeedServer(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>t</title></channel></rss>');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/feed.xml`, requests: () => requests };
}

/** Runs `node src/main.ts start` with only the variables given (no inherited tokens). */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
  const began = Date.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(ROOT, 'src/main.ts'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, stdout, ms: Date.now() - began });
    }),
  );
}

describe('breachwatch start with an invalid config', () => {
  it('exits 1 within a few seconds, names file:line and the field on stderr, and polls nothing', async () => {
    const feed = await countingFeedServer();
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-bad-config-'));
    const config = path.join(dir, 'breachwatch.yaml');
    const db = path.join(dir, 'data', 'bw.db');
    writeFileSync(
      config,
      [
        'fetch:',
        '  allowPrivateAddresses: true',
        'poll:',
        '  defaultIntervalMinutes: 0',
        'feeds:',
        '  - id: local',
        '    name: Local',
        `    url: ${feed.url}`,
        '  - id: Bad Id',
        '    name: Broken',
        `    url: ${feed.url}?b`,
      ].join('\n'),
    );
    const run = await start({ BREACHWATCH_CONFIG: config, BREACHWATCH_DB: db });
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(5_000);
    expect(run.stderr).toContain('breachwatch.yaml:4: poll.defaultIntervalMinutes:');
    expect(run.stderr).toContain('breachwatch.yaml:9: feeds[Bad Id].id: use lowercase letters');
    expect(run.stderr).toMatch(/does not run half-configured/);
    expect(feed.requests()).toBe(0);
    expect(existsSync(db)).toBe(false);
  });

  it('exits 1 on a bad environment variable (SLACK_BOT_TOKEN without xoxb-), without echoing it', async () => {
    const feed = await countingFeedServer();
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-bad-env-'));
    const config = path.join(dir, 'breachwatch.yaml');
    writeFileSync(config, ['fetch:', '  allowPrivateAddresses: true', 'feeds:', '  - id: local', '    name: Local', `    url: ${feed.url}`].join('\n'));
    const run = await start({ BREACHWATCH_CONFIG: config, BREACHWATCH_DB: path.join(dir, 'bw.db'), SLACK_BOT_TOKEN: 'xoxp-secret-user-token' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SLACK_BOT_TOKEN: a bot token starts with "xoxb-"/);
    expect(run.stderr + run.stdout).not.toContain('secret-user-token');
    expect(feed.requests()).toBe(0);
  });

  it('exits 1 on a proxy URL it cannot use (https:// to the proxy), naming the variable without echoing it', async () => {
    const feed = await countingFeedServer();
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-bad-proxy-'));
    const config = path.join(dir, 'breachwatch.yaml');
    writeFileSync(config, ['fetch:', '  allowPrivateAddresses: true', 'feeds:', '  - id: local', '    name: Local', `    url: ${feed.url}`].join('\n'));
    const run = await start({ BREACHWATCH_CONFIG: config, BREACHWATCH_DB: path.join(dir, 'bw.db'), HTTPS_PROXY: 'https://bw:proxy-secret@proxy.corp:3128' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTPS_PROXY uses https:\/\/, but breachwatch speaks to proxies over http:\/\/ only/);
    expect(run.stderr + run.stdout).not.toContain('proxy-secret');
    expect(feed.requests()).toBe(0);
  });
});
