// Reads config/gazetteer.json (built by scripts/build-gazetteer.ts), validates it and builds the matcher.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createGazetteer } from '../domain/classify/index.ts';
import type { Gazetteer, GazetteerEntry } from '../domain/classify/index.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { SECTORS } from '../domain/types.ts';

export const DEFAULT_GAZETTEER_PATH = resolve(import.meta.dirname, '../../config/gazetteer.json');

const entrySchema = z.object({
  name: z.string().min(1),
  sector: z.enum(SECTORS),
  aliases: z.array(z.string().min(1)),
  region: z.string().optional(),
});
const fileSchema = z.object({ entries: z.array(entrySchema).min(1) });

/** Parses and validates gazetteer JSON text; throws a ConfigInvalid error that names the bad field. */
export function parseGazetteerJson(json: string, source = 'gazetteer.json'): GazetteerEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `${source} is not valid JSON: rebuild it with \`node scripts/build-gazetteer.ts\`.`, { cause: error });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '(root)';
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `${source} is invalid at ${where}: ${issue?.message ?? 'unknown problem'}. Rebuild it with \`node scripts/build-gazetteer.ts\`.`,
      { cause: parsed.error },
    );
  }
  return parsed.data.entries.map((e) => (e.region === undefined ? { name: e.name, sector: e.sector, aliases: e.aliases } : { ...e, region: e.region }));
}

export function loadGazetteer(path: string = DEFAULT_GAZETTEER_PATH): Gazetteer {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `Could not read the gazetteer at ${path}: check the path or run \`node scripts/build-gazetteer.ts\`.`, {
      cause: error,
    });
  }
  return createGazetteer(parseGazetteerJson(json, path));
}
