// Fitness functions: the import boundaries of docs/adr/002 are enforced by lint. These probes make
// sure the lint config keeps catching each kind of violation (a rule deleted by mistake fails here).
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
// import/no-cycle reads files from disk, and the probes are not on disk: it is checked by `npm run lint`.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: { rules: { 'import/no-cycle': 'off' } } });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules (lint)', () => {
  it('keeps src/domain pure', async () => {
    const found = await problems('src/domain/probe.ts', "import { readFileSync } from 'node:fs';\nimport type { Store } from '../store/ports.ts';\nexport const x = (s: Store) => [readFileSync, s];\n");
    expect(found.join('\n')).toMatch(/src\/domain is pure: no I\/O modules/);
    expect(found.join('\n')).toMatch(/src\/domain is pure: it imports nothing outside itself/);
  });

  it('keeps platform SDKs in their adapters', async () => {
    expect((await problems('src/alerts/probe.ts', "import { App } from '@slack/bolt';\nexport const x = App;\n")).join('\n')).toMatch(/Only adapters\/slack/);
    expect((await problems('src/commands/probe.ts', "import { Client } from 'discord.js';\nexport const x = Client;\n")).join('\n')).toMatch(/Only adapters\/discord/);
  });

  it('lets only main.ts know the adapters, and adapters never use pipeline internals', async () => {
    expect((await problems('src/alerts/probe.ts', "import { createConsoleSink } from '../../adapters/console/console-sink.ts';\nexport const x = createConsoleSink;\n")).join('\n')).toMatch(/Only src\/main.ts knows the adapters/);
    expect((await problems('adapters/console/probe.ts', "import { runCycle } from '../../src/pipeline/run-cycle.ts';\nexport const x = runCycle;\n")).join('\n')).toMatch(/never pipeline internals/);
  });

  it('lets only main.ts read process.env', async () => {
    expect((await problems('src/pipeline/probe.ts', 'export const x = process.env.TOKEN;\n')).join('\n')).toMatch(/Only src\/main.ts reads process.env/);
    expect(await problems('src/main.ts', 'export const x = process.env.TOKEN;\n')).toEqual([]);
  });

  it('rejects syntax that Node 24 type stripping cannot run', async () => {
    const found = (await problems('src/domain/probe.ts', 'export enum Colour { Red }\nexport class A { constructor(private readonly b: number) {} }\n')).join('\n');
    expect(found).toMatch(/no enums/);
    expect(found).toMatch(/no parameter properties/);
  });
});

describe('adapter boundaries (each platform)', () => {
  it.each(['slack', 'discord', 'console'])('adapters/%s never imports the pipeline or another adapter', async (name) => {
    const other = name === 'slack' ? 'discord' : 'slack';
    const found = (
      await problems(
        `adapters/${name}/probe.ts`,
        `import { runCycle } from '../../src/pipeline/run-cycle.ts';\nimport { x } from '../${other}/thing.ts';\nexport const y = [runCycle, x];\n`,
      )
    ).join('\n');
    expect(found).toMatch(/never pipeline internals/);
    expect(found).toMatch(/never import each other/);
  });
});
