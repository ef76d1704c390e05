// The knowledge files (config/knowledge/*.yaml): every entry's examples run as tests, and a mistake in a
// file is reported with its file, line and entry.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/config/load-gazetteer.ts';
import { loadKnowledge, parseKnowledgeFile } from '../../src/config/load-knowledge.ts';
import { compileKnowledge } from '../../src/domain/classify/knowledge.ts';
import { entryFinds } from '../../src/domain/classify/cues.ts';
import { compileEvidence, tokenise } from '../../src/domain/classify/index.ts';
import type { EvidenceEntry, KnowledgeEntry } from '../../src/domain/classify/index.ts';
import { ErrorCode } from '../../src/domain/errors.ts';

const knowledge = loadKnowledge();
const compiled = compileKnowledge(knowledge);
/** The files read as a list of evidence, with their entries' `unless` phrases (breach terms, exposure, background). */
const EVIDENCE_FILES = new Set(['breachTerms', 'exposure', 'background', 'denials']);
const files = Object.entries(knowledge) as Array<[string, readonly KnowledgeEntry[]]>;

describe.each(files)('config/knowledge: %s', (file, entries) => {
  const cases = entries.flatMap((entry) => [
    ...entry.examples.match.map((sentence) => ({ entry, sentence, found: true })),
    ...entry.examples.noMatch.map((sentence) => ({ entry, sentence, found: false })),
  ]);
  it.each(cases.map((c) => [c.entry.id, c.found ? 'finds' : 'does not find', c.sentence, c] as const))('%s %s: %s', (_id, _verb, _s, c) => {
    const found = EVIDENCE_FILES.has(file)
      ? compileEvidence([c.entry as EvidenceEntry]).find(tokenise(c.sentence), c.sentence).length > 0
      : entryFinds(file, c.entry, c.sentence);
    expect(found).toBe(c.found);
  });
});

describe('knowledge file errors', () => {
  const schema = z.strictObject({
    id: z.string(),
    means: z.string(),
    phrases: z.array(z.string()),
    examples: z.strictObject({ match: z.array(z.string()), noMatch: z.array(z.string()).default([]) }),
  }) as z.ZodType<KnowledgeEntry>;
  const file = (text: string): (() => unknown) => () => parseKnowledgeFile(text, 'roles.yaml', schema);

  it('names the file, line and entry of a phrase that cannot be read', () => {
    const text = 'about: Words for testing the loader.\nentries:\n  - id: role.x\n    means: A test entry for the loader.\n    phrases:\n      - "{the council"\n    examples:\n      match: [the council]\n';
    expect(file(text)).toThrow(/roles\.yaml:6: role\.x: phrase "\{the council": missing "\}"/);
    try {
      file(text)();
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.ConfigInvalid });
    }
  });

  it('names a repeated id and a missing field', () => {
    const entry = '  - id: role.x\n    means: A test entry for the loader.\n    phrases: [council]\n    examples:\n      match: [council]\n';
    expect(file(`about: Words for testing the loader.\nentries:\n${entry}${entry}`)).toThrow(/roles\.yaml:8: role\.x: the id is used twice/);
    expect(file('about: Words for testing the loader.\nentries:\n  - id: role.x\n    phrases: [council]\n')).toThrow(/roles\.yaml:3: entries\.0\.means/);
  });

  it('stops loading when a file of the folder is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'knowledge-'));
    writeFileSync(path.join(dir, 'other.yaml'), 'about: nothing\n');
    expect(() => loadKnowledge(dir)).toThrow(/Could not read the knowledge file .*roles\.yaml/);
  });
});

describe('mentions.yaml: the bodies that act', () => {
  const gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
  const actors = knowledge.mentions.filter((e) => e.use === 'actor').flatMap((e) => e.phrases);
  it.each(actors)('%s is a name in the gazetteer, and is read as a body that acts', (name) => {
    expect(gazetteer.byName(name)?.name).toBe(name);
    expect(compiled.actorBodies.has(name)).toBe(true);
  });
  it('does not read other bodies as acting', () => {
    expect(compiled.actorBodies.has('Metropolitan Police Service')).toBe(false);
  });
});
