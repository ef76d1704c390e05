// Reads the knowledge files (config/knowledge/*.yaml), checks each with zod and compiles every phrase,
// so a mistake in a file stops the bot at start-up with the file, line and entry, not a wrong alert later.
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { compileKnowledge } from '../domain/classify/knowledge.ts';
import { CUE_NAMES, HEADLINE_CLAIMS, MENTION_USES, NEGATIVE_CUES } from '../domain/classify/knowledge.ts';
import { COUNT_ROLES, DATA_TYPE_KINDS, REGULATOR_ACTIONS } from '../domain/classify/fact-knowledge.ts';
import { INSTITUTION_KINDS } from '../domain/classify/institutions.ts';
import type { CompiledKnowledge, Knowledge, KnowledgeEntry } from '../domain/classify/knowledge.ts';
import { PhraseSyntaxError, expandPhrase } from '../domain/classify/phrases.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { CAUSES, SECTORS } from '../domain/types.ts';
import { describeYamlError, lineOf } from './config-messages.ts';
import { DEFAULT_KNOWLEDGE_DIR, readKnowledgeFiles } from './recogniser-files.ts';
import type { InputFile, KnowledgePart } from './recogniser-files.ts';

export { DEFAULT_KNOWLEDGE_DIR } from './recogniser-files.ts';

/** Phrases an entry may add to its own (unless, onlyWith, notWith): none by default. */
const morePhrases = z.array(z.string().min(1)).default([]);

const entryFields = {
  id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'an id is lower-case words joined by "." or "-", e.g. role.council'),
  means: z.string().min(10, 'say in a sentence what the entry means'),
  phrases: z.array(z.string().min(1)).min(1, 'give at least one phrase'),
  examples: z.strictObject({
    match: z.array(z.string().min(1)).min(1, 'give at least one sentence the phrases must find'),
    noMatch: z.array(z.string().min(1)).default([]),
  }),
};

const roleSchema = z.strictObject({
  ...entryFields,
  sector: z.enum(SECTORS),
  label: z.string().min(3),
  loose: z.boolean().default(false),
  investigates: z.boolean().default(false),
  subjects: z.boolean().default(false),
  publicData: z.boolean().default(false),
  unless: morePhrases,
});
const supplierSchema = z.strictObject({
  ...entryFields,
  name: z.string().min(2),
  serves: z.array(z.enum(SECTORS)).min(1),
  firm: z.boolean().default(false),
  victim: z.boolean().default(true),
});
const evidenceSchema = z.strictObject({
  ...entryFields,
  weak: z.boolean().default(false),
  aloneInHeadline: z.boolean().default(false),
  unavailable: z.boolean().default(false),
  unless: morePhrases,
});
const plainSchema = z.strictObject(entryFields);
const headlineSchema = z.strictObject({ ...entryFields, says: z.enum(HEADLINE_CLAIMS) });
const incidentalSchema = z.strictObject({ ...entryFields, cue: z.enum(CUE_NAMES) });
const negativeSchema = z.strictObject({
  ...entryFields,
  cue: z.enum(NEGATIVE_CUES),
  unless: morePhrases,
  afterNumber: z.boolean().default(false),
  alone: z.boolean().default(false),
});
const placeSchema = z.strictObject({ ...entryFields, unless: morePhrases });
const mentionSchema = z.strictObject({
  ...entryFields,
  use: z.enum(MENTION_USES),
  unless: morePhrases,
  endsSentence: z.boolean().default(false),
  pastCommas: z.boolean().default(false),
});

const words = z.array(z.string().regex(/^[\p{L}\d' -]+$/u, 'plain words')).default([]);
const institutionSchema = z
  .strictObject({
    ...entryFields,
    kind: z.enum(INSTITUTION_KINDS),
    sector: z.enum(SECTORS).nullable().default(null),
    notBefore: words,
  })
  .refine((e) => e.kind !== 'named' || (e.sector !== null && e.phrases.every((p) => /^\p{Lu}[\p{L}'’ ]*$/u.test(p))), {
    message: 'a named kind has a sector, and its phrases are words as a name writes them ("Primary School")',
    path: ['phrases'],
  });
const causeSchema = z.strictObject({
  ...entryFields,
  cause: z.enum(CAUSES),
  weight: z.number().positive().max(1).default(1),
  onlyWith: morePhrases,
  notWith: morePhrases,
  notRightAfter: words,
  notRightBefore: words,
});
const dataTypeSchema = z.strictObject({
  ...entryFields,
  type: z.enum(DATA_TYPE_KINDS),
  impliesNames: z.boolean().default(false),
  notRightAfter: words,
  notRightBefore: words,
  afterPossessive: z.boolean().default(false),
});
const regulatorSchema = z.strictObject({
  ...entryFields,
  action: z.enum(REGULATOR_ACTIONS),
  acrossSentences: z.boolean().default(false),
  notRightAfter: words,
  notRightBefore: words,
});
const countSchema = z.strictObject({
  ...entryFields,
  role: z.enum(COUNT_ROLES),
  weight: z.number().min(0).max(1).default(0.5),
  documents: z.boolean().default(false),
  mayCountThings: z.boolean().default(false),
  evenApproximate: z.boolean().default(false),
}).refine((e) => e.role !== 'people' || e.phrases.every((p) => /^[\p{L}' -]+$/u.test(p)), {
  message: 'people nouns are plain words (no choices, options or gaps)',
  path: ['phrases'],
});

function fileSchema<T extends z.ZodType>(entry: T) {
  return z.strictObject({ about: z.string().min(10), entries: z.array(entry).min(1) });
}

/** The fields of an entry written in the phrase language. */
/** The fields of an entry that hold phrases, each checked at load time. */
const PHRASE_FIELDS = ['phrases', 'unless', 'onlyWith', 'notWith'] as const;

/** Reads one knowledge file; errors name the file, the line and the entry. */
export function parseKnowledgeFile<T extends KnowledgeEntry>(text: string, file: string, entry: z.ZodType<T>): T[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const fail = (problems: readonly string[]): never => {
    throw new BreachwatchError(
      ErrorCode.ConfigInvalid,
      `The knowledge file ${file} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}\n` +
        'Fix them (config/knowledge/README.md explains the format) and start again.',
    );
  };
  if (doc.errors.length > 0) fail(doc.errors.map((e) => describeYamlError(e, file)));
  const parsed = fileSchema(entry).safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `${file}:${lineOf(doc, lineCounter, i.path)}: ${i.path.join('.') || '(top level)'}: ${i.message}`));
    return [];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.entries.forEach((e, index) => {
    if (seen.has(e.id)) problems.push(`${file}:${lineOf(doc, lineCounter, ['entries', index, 'id'])}: ${e.id}: the id is used twice`);
    seen.add(e.id);
    for (const field of PHRASE_FIELDS) {
      const phrases = (e as unknown as Partial<Record<string, unknown>>)[field];
      if (!Array.isArray(phrases)) continue;
      phrases.forEach((phrase: string, p) => {
        try {
          expandPhrase(phrase);
        } catch (error) {
          if (!(error instanceof PhraseSyntaxError)) throw error;
          problems.push(`${file}:${lineOf(doc, lineCounter, ['entries', index, field, p])}: ${e.id}: ${error.message}`);
        }
      });
    }
  });
  if (problems.length > 0) fail(problems);
  return parsed.data.entries;
}

/** Each part's entry schema: a file is read with the schema of the part it holds (recogniser-files.ts). */
const SCHEMAS: { readonly [P in KnowledgePart]: z.ZodType<Knowledge[P][number]> } = {
  roles: roleSchema,
  institutions: institutionSchema,
  suppliers: supplierSchema,
  exposure: evidenceSchema,
  breachTerms: evidenceSchema,
  background: evidenceSchema,
  dataContext: plainSchema,
  notPersonal: plainSchema,
  headlines: headlineSchema,
  denials: evidenceSchema,
  incidental: incidentalSchema,
  negatives: negativeSchema,
  places: placeSchema,
  mentions: mentionSchema,
  causes: causeSchema,
  dataTypes: dataTypeSchema,
  regulator: regulatorSchema,
  counts: countSchema,
};

/** The knowledge files' bytes (readKnowledgeFiles), each checked: a problem stops with its file, line and entry. */
export function parseKnowledge(files: Readonly<Record<KnowledgePart, InputFile>>): Knowledge {
  const part = <P extends KnowledgePart>(name: P): Knowledge[P] => {
    const file = files[name];
    return parseKnowledgeFile(file.bytes.toString('utf8'), file.path, SCHEMAS[name]) as Knowledge[P];
  };
  return {
    roles: part('roles'),
    institutions: part('institutions'),
    suppliers: part('suppliers'),
    exposure: part('exposure'),
    breachTerms: part('breachTerms'),
    background: part('background'),
    dataContext: part('dataContext'),
    notPersonal: part('notPersonal'),
    headlines: part('headlines'),
    denials: part('denials'),
    incidental: part('incidental'),
    negatives: part('negatives'),
    places: part('places'),
    mentions: part('mentions'),
    causes: part('causes'),
    dataTypes: part('dataTypes'),
    regulator: part('regulator'),
    counts: part('counts'),
  };
}

/** Every knowledge file of a folder, checked. */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): Knowledge {
  return parseKnowledge(readKnowledgeFiles(dir));
}

export function loadCompiledKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): CompiledKnowledge {
  return compileKnowledge(loadKnowledge(dir));
}
