// Builds the classifier from its files: the gazetteer, the knowledge files and (unless turned off) the text model.
import { createRecogniser } from '../domain/classify/index.ts';
import type { Recogniser } from '../domain/classify/index.ts';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from './load-gazetteer.ts';
import { DEFAULT_KNOWLEDGE_DIR, loadCompiledKnowledge } from './load-knowledge.ts';
import { DEFAULT_VETO_PATH, loadVetoModel } from './load-veto.ts';

export interface RecogniserFiles {
  gazetteer?: string;
  knowledge?: string;
  /** The text model's file, or false for the rules alone. */
  veto?: string | false;
}

export function loadRecogniser(files: RecogniserFiles = {}): Recogniser {
  return createRecogniser({
    gazetteer: loadGazetteer(files.gazetteer ?? DEFAULT_GAZETTEER_PATH),
    knowledge: loadCompiledKnowledge(files.knowledge ?? DEFAULT_KNOWLEDGE_DIR),
    veto: files.veto === false ? undefined : loadVetoModel(files.veto ?? DEFAULT_VETO_PATH),
  });
}
