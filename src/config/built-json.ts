// Files the repo's scripts build (config/gazetteer.json, config/veto-model.json): read, parse and
// validate, with errors that say which script rebuilds the file.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

/** Parses and validates JSON text; throws a ConfigInvalid error naming the bad field and the rebuild command. */
export function parseBuiltJson<T>(json: string, schema: z.ZodType<T>, source: string, rebuild: string): T {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `${source} is not valid JSON: rebuild it with \`${rebuild}\`.`, { cause: error });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '(root)';
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `${source} is invalid at ${where}: ${issue?.message ?? 'unknown problem'}. Rebuild it with \`${rebuild}\`.`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Reads a built file; a missing or unreadable file is a ConfigInvalid error naming the rebuild command. */
export function readBuiltFile(path: string, what: string, rebuild: string): string {
  return readBuiltBytes(path, what, rebuild).toString('utf8');
}

/** readBuiltFile's bytes. */
export function readBuiltBytes(path: string, what: string, rebuild: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `Could not read the ${what} at ${path}: check the path or run \`${rebuild}\`.`, { cause: error });
  }
}
