// Start-up loads only what is configured (issue 21): a console-only bot, `classify`, `replay` and the
// other commands never load a chat SDK (discord.js, @slack/*) or undici. Each runs as a user runs it,
// with a preload that records every module the process resolves.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFeedFiles } from '../helpers/demo-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'breachwatch.js');
const HOOK = path.join(ROOT, 'test', 'helpers', 'record-modules.ts');
// Node's own bundled undici too: an ES module import of node:http loads it (src/sources/node-http.ts).
const CHAT_OR_UNDICI = /\/node_modules\/(discord\.js|@discordjs\/|discord-api-types|@slack\/|undici)\/|^node-internal:internal\/deps\/undici\//;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-startup-'));
  dirs.push(dir);
  return dir;
}

/** Runs `breachwatch args…` to completion with the recording preload; returns the modules it resolved. */
function modulesOf(args: string[], input = '', env: NodeJS.ProcessEnv = {}): { code: number | null; modules: string[]; stderr: string } {
  const log = path.join(tempDir(), 'modules.txt');
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, ...env, BREACHWATCH_MODULE_LOG: log },
  });
  return { code: result.status, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), stderr: result.stderr };
}

function expectNoChatSdk(modules: readonly string[]): void {
  // The preload did record: the command's own modules are in the list.
  expect(modules.some((m) => m.endsWith('/src/cli/run-cli.ts'))).toBe(true);
  expect(modules.filter((m) => CHAT_OR_UNDICI.test(m))).toEqual([]);
}

describe('start-up loads only what the command needs', () => {
  it('classify loads no chat SDK and no undici', () => {
    const line = JSON.stringify({ title: 'Hackney Council hit by ransomware attack', summary: 'Residents’ names were stolen.' });
    const { code, modules } = modulesOf(['classify'], `${line}\n`);
    expect(code).toBe(0);
    expectNoChatSdk(modules);
  });

  it('replay --json loads no chat SDK and no undici', async () => {
    const files = await writeDemoFeedFiles();
    const { code, modules } = modulesOf(['replay', ...files, '--json']);
    expect(code).toBe(0);
    expectNoChatSdk(modules);
  });

  it('--version and help load no chat SDK, no classifier and no demo', () => {
    for (const args of [['--version'], ['help', 'replay']]) {
      const { code, modules } = modulesOf(args);
      expect(code).toBe(0);
      expectNoChatSdk(modules);
      expect(modules.filter((m) => /\/src\/(domain\/classify|demo)\//.test(m))).toEqual([]);
    }
  });

  it('a console-only bot (DRY_RUN, no feeds) runs without loading a chat SDK, undici or the chat command core', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'empty.yaml');
    writeFileSync(config, `store:\n  path: ${path.join(dir, 'bw.db')}\nfeeds: []\n`);
    const log = path.join(dir, 'modules.txt');
    writeFileSync(log, '');
    const child = spawn(process.execPath, ['--import', HOOK, BIN, 'start'], {
      cwd: ROOT,
      env: { ...process.env, DRY_RUN: '1', BREACHWATCH_CONFIG: config, BREACHWATCH_MODULE_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!out.includes('is running') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('is running');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expectNoChatSdk(modules);
    // Nor the chat command core: only a platform passes commands on.
    expect(modules.filter((m) => /\/src\/commands\//.test(m))).toEqual([]);
  }, 40_000);
});
