// A preload (`node --import ./test/helpers/record-modules.ts …`) that appends every module URL the
// process resolves (import and require alike) to the file named by BREACHWATCH_MODULE_LOG, one a line:
// the start-up tests and `npm run bench:startup` read it to see what a command loaded. At exit it adds Node's
// own internal modules that were loaded, as node-internal:<name> (e.g. node-internal:internal/deps/undici/undici).
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.BREACHWATCH_MODULE_LOG;
if (file) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      appendFileSync(file, `${result.url}\n`);
      return result;
    },
  });
  process.on('exit', () => {
    // Not in @types/node: the names of Node's internal modules loaded so far.
    const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
    const internal = loaded.filter((m) => m.startsWith('NativeModule ')).map((m) => `node-internal:${m.slice(13)}`);
    appendFileSync(file, `${internal.join('\n')}\n`);
  });
}
