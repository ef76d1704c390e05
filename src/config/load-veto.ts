// Reads config/veto-model.json (written by scripts/train-veto.ts) and validates it.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { VetoModel } from '../domain/classify/veto.ts';
import { parseBuiltJson, readBuiltFile } from './built-json.ts';

export const DEFAULT_VETO_PATH = resolve(import.meta.dirname, '../../config/veto-model.json');

const count = z.number().int().nonnegative();
const fileSchema = z.object({
  trainedOn: z.string().min(1),
  docs: z.tuple([count.positive(), count.positive()]),
  features: z.record(z.string().min(1), z.tuple([count, count])),
});

const REBUILD = 'node scripts/train-veto.ts';

/** Parses and validates the model JSON; throws a ConfigInvalid error that says how to rebuild it. */
export function parseVetoJson(json: string, source = 'veto-model.json'): VetoModel {
  const data = parseBuiltJson(json, fileSchema, source, REBUILD);
  return { trainedOn: data.trainedOn, docs: data.docs, features: new Map(Object.entries(data.features)) };
}

export function loadVetoModel(path: string = DEFAULT_VETO_PATH): VetoModel {
  return parseVetoJson(readBuiltFile(path, 'veto model', REBUILD), path);
}
