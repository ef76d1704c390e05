// Runs after `npm ci` / `npm install` (package.json "postinstall"), on whichever Node npm finds first.
// npm checks each package's "engines" against the Node that runs npm, so on an older system Node it
// prints EBADENGINE warnings for dependencies that want Node 22 or newer, although breachwatch and its
// dependencies run on the Node 24 that the install has just put in node_modules/.bin (the optional
// dependency node@24; docs/adr/013-install-anywhere.md). This says so in one line, or says what to do
// when that Node 24 could not be installed. Plain JavaScript that any Node can run.
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
      ? `breachwatch: npm runs on Node ${npmMajor} and checks packages against it (hence any EBADENGINE warnings above); ` +
          'breachwatch runs on the Node 24 just installed in node_modules/.bin, which npm start and npx breachwatch use.\n'
      : `breachwatch: Node 24 could not be installed into node_modules and this is Node ${npmMajor}: install Node 24 ` +
          '(https://nodejs.org), or run npm ci again with access to the npm registry and without --omit=optional.\n',
  );
}
