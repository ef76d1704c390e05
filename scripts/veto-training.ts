// What the text model learns from: the tune splits of both corpora (the real-derived items both as a bare
// headline and with their lead), never a held-out item, minus the words config/veto-ignore.yaml keeps out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadCompiledKnowledge } from '../src/config/load-knowledge.ts';
import { buildDoc } from '../src/domain/classify/text.ts';
import type { Doc } from '../src/domain/classify/text.ts';
import { loadCorpus, toText } from './eval-lib.ts';
import { loadRealCorpus, realSplit, realText } from './real-corpus.ts';

export const VETO_IGNORE_PATH = path.resolve(import.meta.dirname, '../config/veto-ignore.yaml');

export function loadVetoIgnore(file = VETO_IGNORE_PATH): Set<string> {
  const data = z.object({ about: z.string(), words: z.array(z.string().min(1)) }).parse(parse(readFileSync(file, 'utf8')));
  return new Set(data.words.map((w) => w.toLowerCase()));
}

export function vetoTrainingSet(): { examples: Array<{ doc: Doc; alert: boolean }>; description: string } {
  const corpus = loadCorpus().filter((a) => a.split === 'tune');
  const real = loadRealCorpus().filter((i) => realSplit(i.story) === 'tune');
  const knowledge = loadCompiledKnowledge();
  const examples = [
    ...corpus.map((a) => ({ doc: buildDoc(toText(a), knowledge), alert: a.labels.alert })),
    ...real.flatMap((i) => [
      { doc: buildDoc(realText(i, 'full'), knowledge), alert: i.labels.alert },
      { doc: buildDoc(realText(i, 'headline'), knowledge), alert: i.labels.alert },
    ]),
  ];
  return {
    examples,
    description: `tune splits: ${corpus.length} corpus articles and ${real.length} real-derived items (headline and headline + lead)`,
  };
}
