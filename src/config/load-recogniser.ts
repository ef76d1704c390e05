// Builds the classifier from its files: the gazetteer, the knowledge files and (unless turned off) the text model.
// Each file is checked (zod, with the file, line and entry of a problem) and every phrase compiled: a broken file
// stops here. recogniser-cache.ts keeps what a build made, so that the next start with the same files and code
// skips this (ADR 023).
import { compileKnowledge, compileVeto, createGazetteer, gazetteerTries } from '../domain/classify/index.ts';
import { recogniserOf } from '../domain/classify/index.ts';
import { recordingTries } from '../domain/classify/index.ts';
import type { Recogniser } from '../domain/classify/index.ts';
import { packGazetteer } from '../domain/classify/snapshot.ts';
import type { RecogniserSnapshot } from '../domain/classify/snapshot.ts';
import { parseGazetteerJson } from './load-gazetteer.ts';
import { parseKnowledge } from './load-knowledge.ts';
import { parseVetoJson } from './load-veto.ts';
import { readRecogniserInputs } from './recogniser-files.ts';
import type { RecogniserFiles, RecogniserInputs } from './recogniser-files.ts';

export type { RecogniserFiles } from './recogniser-files.ts';

/** The recogniser built from its files, with no cache. */
export function loadRecogniser(files: RecogniserFiles = {}): Recogniser {
  return buildRecogniser(readRecogniserInputs(files), false).recogniser;
}

/** Builds the recogniser from the files' bytes; `record`: also gives what it made as a snapshot, for the cache. */
export function buildRecogniser<R extends boolean>(
  inputs: RecogniserInputs,
  record: R,
): { recogniser: Recogniser; snapshot: R extends true ? RecogniserSnapshot : null } {
  const knowledge = parseKnowledge(inputs.knowledge);
  const entries = parseGazetteerJson(inputs.gazetteer.bytes.toString('utf8'), inputs.gazetteer.path);
  const model = inputs.veto === null ? null : parseVetoJson(inputs.veto.bytes.toString('utf8'), inputs.veto.path);
  const recording = record ? recordingTries() : null;
  const compiled = compileKnowledge(knowledge, recording?.source);
  const tries = gazetteerTries(entries);
  // The compiled model only: the file's map of features is not kept.
  const veto = model === null ? null : compileVeto(model);
  const recogniser = recogniserOf({ gazetteer: createGazetteer(entries, tries), knowledge: compiled }, veto ?? undefined);
  const snapshot = recording && {
    knowledge,
    compiled: recording.record,
    gazetteer: packGazetteer(entries, tries),
    veto,
  };
  return { recogniser, snapshot: snapshot as R extends true ? RecogniserSnapshot : null };
}
