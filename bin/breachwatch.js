#!/usr/bin/env node
// Launcher for `npx breachwatch …` and `npm start`. breachwatch runs on Node 24 (it runs its TypeScript
// directly). Under an older Node, it runs the same command with the Node 24 that `npm ci` installs into
// node_modules (the optional dependency node@24), passing signals on so Ctrl-C and `docker stop` still
// stop the bot cleanly; with no Node 24 at all it says what to do in one sentence.
// Plain JavaScript that any Node can parse: this file must run before Node 24 is known to be there.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'src', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  // Node keeps what it made of each file (TypeScript with its types stripped, V8's compiled code) in a cache
  // (NODE_COMPILE_CACHE, else a folder in the temp dir), so a start after the first does not strip and compile
  // every module again, nor load the type stripper at all: about a quarter of start-up and 15-25 MiB of
  // resident memory (ADR 022). A changed file misses the cache and is read afresh.
  module.enableCompileCache();
  await import(main);
} else {
  const node24 = path.join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write(
      `breachwatch needs Node 24 or newer and this is Node ${process.versions.node}: run \`npm ci\` in ${root} ` +
        '(it installs Node 24 into node_modules) or install Node 24 from https://nodejs.org.\n',
    );
    process.exit(1);
  }
  // Node's own flags (npm start's --max-semi-space-size) go on to Node 24.
  const child = spawn(node24, [...process.execArgv, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`breachwatch could not start ${node24}: ${error.message}. Run \`npm ci\` again in ${root}.\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
