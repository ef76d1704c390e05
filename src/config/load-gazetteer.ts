// Reads config/gazetteer.json (built by scripts/build-gazetteer.ts), validates it and builds the matcher.
import { z } from 'zod';
import { createGazetteer } from '../domain/classify/index.ts';
import type { Gazetteer, GazetteerEntry } from '../domain/classify/index.ts';
import { SECTORS } from '../domain/types.ts';
import { parseBuiltJson, readBuiltFile } from './built-json.ts';
import { DEFAULT_GAZETTEER_PATH, GAZETTEER_REBUILD } from './recogniser-files.ts';

export { DEFAULT_GAZETTEER_PATH } from './recogniser-files.ts';

const entrySchema = z.object({
  name: z.string().min(1),
  sector: z.enum(SECTORS),
  aliases: z.array(z.string().min(1)),
  region: z.string().optional(),
});
const fileSchema = z.object({ entries: z.array(entrySchema).min(1) });

const REBUILD = GAZETTEER_REBUILD;

/** Parses and validates gazetteer JSON text; throws a ConfigInvalid error that names the bad field. */
export function parseGazetteerJson(json: string, source = 'gazetteer.json'): GazetteerEntry[] {
  const entries = parseBuiltJson(json, fileSchema, source, REBUILD).entries;
  return entries.map((e) => (e.region === undefined ? { name: e.name, sector: e.sector, aliases: e.aliases } : { ...e, region: e.region }));
}

export function loadGazetteer(path: string = DEFAULT_GAZETTEER_PATH): Gazetteer {
  return createGazetteer(parseGazetteerJson(readBuiltFile(path, 'gazetteer', REBUILD), path));
}
