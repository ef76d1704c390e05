// The image warms Node's compile cache and the compiled-recogniser cache (ADR 022, 023) where the bot will read
// them: Node keeps its compile cache in a folder named by its version, the V8 flags and the user id
// (NODE_COMPILE_CACHE/v24.9.0-x64-<flags hash>-<uid>), and the recogniser's cache sits in that folder, so both must
// be warmed as the user the bot runs as, with the CMD's Node flags, in a folder that user owns.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const lines = readFileSync(path.resolve(import.meta.dirname, '../../Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const at = (test: (line: string) => boolean): number => lines.findIndex(test);
const lastUser = (before: number): string | undefined =>
  lines
    .slice(0, before)
    .filter((l) => l.startsWith('USER '))
    .at(-1);

describe('Dockerfile: the caches are warmed for the user that runs the bot', () => {
  const cache = /^ENV NODE_COMPILE_CACHE=(\S+)/.exec(lines.find((l) => l.startsWith('ENV NODE_COMPILE_CACHE=')) ?? '')?.[1];
  const runtimeUser = lastUser(lines.length);

  it('runs the bot as node with a compile cache', () => {
    expect(runtimeUser).toBe('USER node');
    expect(cache).toBe('/app/.compile-cache');
  });

  it('warms the compile cache (every module) and the recogniser cache (a classify) as that user', () => {
    const modules = at((l) => l.startsWith('RUN ') && l.includes("readdirSync(dir, { recursive: true })"));
    const recogniser = at((l) => l.startsWith('RUN ') && /src\/main\.ts classify/.test(l));
    expect(modules).toBeGreaterThan(-1);
    expect(recogniser).toBeGreaterThan(-1);
    expect(lastUser(modules)).toBe(runtimeUser);
    expect(lastUser(recogniser)).toBe(runtimeUser);
    expect(at((l) => l.startsWith('ENV NODE_COMPILE_CACHE='))).toBeLessThan(Math.min(modules, recogniser));
  });

  it('warms them with the Node flags the CMD runs the bot with (they name the cache folder)', () => {
    const cmd = z.array(z.string()).parse(JSON.parse(/^CMD (\[.*\])$/.exec(lines.find((l) => l.startsWith('CMD ')) ?? '')?.[1] ?? '[]'));
    const flags = cmd.slice(1, cmd.indexOf('src/main.ts')).filter((f) => !f.startsWith('--disable-warning'));
    expect(flags.length).toBeGreaterThan(0);
    const warming = lines.filter((l) => l.startsWith('RUN ') && l.includes('src/main.ts') && l.includes('node '));
    const runs = warming.flatMap((l) => [...l.matchAll(/\bnode((?: --?[\w-]+(?:=\S+)?)*) /g)].map((m) => (m[1] ?? '').trim().split(/\s+/)));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // Node's own options that are no V8 flag (what to warn of, how to read -e) do not name the folder.
    const v8Flags = (args: string[]): string[] => args.filter((a) => a.startsWith('--') && !/^--(disable-warning|input-type)=/.test(a));
    for (const args of runs) expect(v8Flags(args)).toEqual(flags);
  });

  it('gives that user the cache folder before it warms it', () => {
    const chown = at((l) => l.startsWith('RUN ') && l.includes('chown') && l.includes(cache ?? '?'));
    expect(chown).toBeGreaterThan(-1);
    expect(lastUser(chown)).toBeUndefined();
    expect(chown).toBeLessThan(at((l) => l === runtimeUser));
  });
});
