// Reads config/veto-model.json (written by scripts/train-veto.ts) and validates it.
import { z } from 'zod';
import type { VetoModel } from '../domain/classify/veto.ts';
import { parseBuiltJson, readBuiltFile } from './built-json.ts';
import { DEFAULT_VETO_PATH, VETO_REBUILD } from './recogniser-files.ts';

export { DEFAULT_VETO_PATH } from './recogniser-files.ts';

const count = z.number().int().nonnegative();

type FeatureCounts = Record<string, [number, number]>;
const isCount = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;
/**
 * The features checked in one plain loop: ~15,000 of them, which a zod record of tuples takes ~150 ms to check
 * at every start (the same rule: a name, and two whole numbers from 0).
 */
function isFeatureCounts(value: unknown): value is FeatureCounts {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const [name, c] of Object.entries(value)) {
    if (name === '' || !Array.isArray(c) || c.length !== 2 || !isCount(c[0]) || !isCount(c[1])) return false;
  }
  return true;
}
const fileSchema = z.object({
  trainedOn: z.string().min(1),
  docs: z.tuple([count.positive(), count.positive()]),
  features: z.custom<FeatureCounts>(
    isFeatureCounts,
    'each feature is a name and [not alerts, alerts], whole numbers from 0',
  ),
});

const REBUILD = VETO_REBUILD;

/** Parses and validates the model JSON; throws a ConfigInvalid error that says how to rebuild it. */
export function parseVetoJson(json: string, source = 'veto-model.json'): VetoModel {
  const data = parseBuiltJson(json, fileSchema, source, REBUILD);
  return { trainedOn: data.trainedOn, docs: data.docs, features: new Map(Object.entries(data.features)) };
}

export function loadVetoModel(path: string = DEFAULT_VETO_PATH): VetoModel {
  return parseVetoJson(readBuiltFile(path, 'veto model', REBUILD), path);
}
