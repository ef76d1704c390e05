// A preload (`node --import ./test/helpers/record-modules.ts …`) that appends every module URL the
// process resolves (import and require alike) to the file named by BREACHWATCH_MODULE_LOG, one a line:
// the start-up tests and `npm run bench:startup` read it to see what a command loaded.
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
}
