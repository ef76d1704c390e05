#!/usr/bin/env node
// Launcher for `npx breachwatch …`. breachwatch runs on Node 24 (it runs its TypeScript directly).
// Under an older Node, re-run the same command with the Node 24 that `npm ci` installs (node@24).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'src', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  await import(main);
} else {
  const node24 = path.join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write(
      `breachwatch needs Node 24 or newer (this is Node ${process.versions.node}).\n` +
        `Run \`npm ci\` in ${root} to install it locally, or install Node 24.\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(node24, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
