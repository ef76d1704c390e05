// Runs after `npm ci` / `npm install` (package.json "postinstall"), on whichever Node npm finds first.
// npm checks every package's "engines" against the Node that runs npm itself, so on an older system Node
// it prints EBADENGINE warnings although breachwatch will run on the Node 24 it has just installed into
// node_modules/.bin. This says so in one line, or says what to do when that Node 24 could not be installed.
// Plain JavaScript that any Node can run: it must work before Node 24 is there.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npmNode = /\bnode\/v(\d+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
const npmMajor = Number(npmNode ?? process.versions.node.split('.')[0]);

if (npmMajor < 24) {
  const local = path.join(root, 'node_modules', '.bin', 'node');
  process.stdout.write(
    existsSync(local)
      ? `breachwatch: npm ran on Node ${npmMajor}, hence any EBADENGINE warnings above; breachwatch itself runs on the Node 24 ` +
          'just installed in node_modules/.bin (npm start, npx breachwatch).\n'
      : `breachwatch: npm ran on Node ${npmMajor} and could not install Node 24 into node_modules; install Node 24 ` +
          '(https://nodejs.org) or run npm ci again with access to the npm registry.\n',
  );
}
