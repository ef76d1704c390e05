// Reads config/veto-model.json (written by scripts/train-veto.ts) and validates it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { VetoModel } from '../domain/classify/veto.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

export const DEFAULT_VETO_PATH = resolve(import.meta.dirname, '../../config/veto-model.json');

const count = z.number().int().nonnegative();
const fileSchema = z.object({
  trainedOn: z.string().min(1),
  docs: z.tuple([count.positive(), count.positive()]),
  features: z.record(z.string().min(1), z.tuple([count, count])),
});

/** Parses and validates the model JSON; throws a ConfigInvalid error that says how to rebuild it. */
export function parseVetoJson(json: string, source = 'veto-model.json'): VetoModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `${source} is not valid JSON: rebuild it with \`node scripts/train-veto.ts\`.`, { cause: error });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `${source} is invalid at ${issue ? issue.path.join('.') : '(root)'}: ${issue?.message ?? 'unknown problem'}. Rebuild it with \`node scripts/train-veto.ts\`.`,
      { cause: parsed.error },
    );
  }
  return { trainedOn: parsed.data.trainedOn, docs: parsed.data.docs, features: new Map(Object.entries(parsed.data.features)) };
}

export function loadVetoModel(path: string = DEFAULT_VETO_PATH): VetoModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BreachwatchError(ErrorCode.ConfigInvalid, `Could not read the veto model at ${path}: check the path or run \`node scripts/train-veto.ts\`.`, {
      cause: error,
    });
  }
  return parseVetoJson(json, path);
}
