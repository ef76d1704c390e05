// The files the recogniser is built from, read once as bytes: the compiled-recogniser cache (recogniser-cache.ts)
// keys its record by these bytes, and a build (load-recogniser.ts) parses the same bytes, never a second read.
// Light on purpose: no yaml, no zod, so that a start served by the cache does not need the build's modules.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { readBuiltBytes } from './built-json.ts';

export const DEFAULT_KNOWLEDGE_DIR = resolve(import.meta.dirname, '../../config/knowledge');
export const DEFAULT_GAZETTEER_PATH = resolve(import.meta.dirname, '../../config/gazetteer.json');
export const DEFAULT_VETO_PATH = resolve(import.meta.dirname, '../../config/veto-model.json');
export const GAZETTEER_REBUILD = 'node scripts/build-gazetteer.ts';
export const VETO_REBUILD = 'node scripts/train-veto.ts';

/** The knowledge files, each under the name of the part of the knowledge it holds, in the order they are read. */
export const KNOWLEDGE_FILES = {
  roles: 'roles.yaml',
  institutions: 'institutions.yaml',
  suppliers: 'suppliers.yaml',
  exposure: 'exposure.yaml',
  breachTerms: 'breach-terms.yaml',
  background: 'background.yaml',
  dataContext: 'data-context.yaml',
  notPersonal: 'not-personal.yaml',
  headlines: 'headlines.yaml',
  denials: 'denials.yaml',
  incidental: 'incidental.yaml',
  negatives: 'negatives.yaml',
  places: 'places.yaml',
  mentions: 'mentions.yaml',
  causes: 'causes.yaml',
  dataTypes: 'data-types.yaml',
  regulator: 'regulator.yaml',
  counts: 'counts.yaml',
} as const;
export type KnowledgePart = keyof typeof KNOWLEDGE_FILES;

export interface RecogniserFiles {
  gazetteer?: string;
  knowledge?: string;
  /** The text model's file, or false for the rules alone. */
  veto?: string | false;
}

/** One file read: where it is and its bytes. */
export interface InputFile {
  readonly path: string;
  readonly bytes: Buffer;
}

export interface RecogniserInputs {
  readonly knowledge: Readonly<Record<KnowledgePart, InputFile>>;
  readonly gazetteer: InputFile;
  /** Absent: the rules alone decide. */
  readonly veto: InputFile | null;
}

function readKnowledgeFile(path: string): InputFile {
  try {
    return { path, bytes: readFileSync(path) };
  } catch (error) {
    const message = `Could not read the knowledge file ${path}: check that config/knowledge is complete.`;
    throw new BreachwatchError(ErrorCode.ConfigInvalid, message, { cause: error });
  }
}

/** Every knowledge file of a folder, read. */
export function readKnowledgeFiles(dir: string = DEFAULT_KNOWLEDGE_DIR): Record<KnowledgePart, InputFile> {
  const parts = Object.keys(KNOWLEDGE_FILES) as KnowledgePart[];
  const read = parts.map((part) => [part, readKnowledgeFile(resolve(dir, KNOWLEDGE_FILES[part]))]);
  return Object.fromEntries(read) as Record<KnowledgePart, InputFile>;
}

function readBuilt(path: string, what: string, rebuild: string): InputFile {
  return { path, bytes: readBuiltBytes(path, what, rebuild) };
}

/** Reads every file the recogniser is built from; a missing file is a ConfigInvalid error that says what to do. */
export function readRecogniserInputs(files: RecogniserFiles = {}): RecogniserInputs {
  return {
    knowledge: readKnowledgeFiles(files.knowledge ?? DEFAULT_KNOWLEDGE_DIR),
    gazetteer: readBuilt(files.gazetteer ?? DEFAULT_GAZETTEER_PATH, 'gazetteer', GAZETTEER_REBUILD),
    veto: files.veto === false ? null : readBuilt(files.veto ?? DEFAULT_VETO_PATH, 'veto model', VETO_REBUILD),
  };
}
