// `breachwatch classify < articles.jsonl`: one JSON line out per JSON line in, in order.
// This output shape is a contract that outside checks rely on: add fields, never rename or remove.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { ArticleText, Classification } from '../domain/types.ts';

const optionalText = z.string().nullish();

export const CLASSIFY_USAGE =
  'Input: one JSON object per line, {"title", "summary", "content"?, "url"?, "outlet"?, "published"?} (missing\n' +
  'fields may be null). Output: one JSON line per input line, in order, {url, alert, score, reasons,\n' +
  'organisation, sector, affected, dataTypes, cause, regulatorAction, ...}; a bad line gets {"line": N, "error": ...}.';

export const ClassifyInputSchema = z
  .object({
    title: optionalText,
    summary: optionalText,
    content: optionalText,
    url: optionalText,
    outlet: optionalText,
    published: optionalText,
  })
  .refine((v) => Boolean(v.title?.trim() || v.summary?.trim() || v.content?.trim()), {
    message: 'needs a title, summary or content',
  });

export interface ClassifyOutput {
  url: string | null;
  alert: boolean;
  score: number;
  reasons: string[];
  organisation: string | null;
  sector: Classification['sector'];
  affected: number | null;
  dataTypes: string[];
  cause: Classification['cause'];
  regulatorAction: string | null;
  category: Classification['category'];
  supplier: string | null;
  otherOrganisations: string[];
}

export function toClassifyOutput(url: string | null, c: Classification): ClassifyOutput {
  return {
    url,
    alert: c.alert,
    score: Math.round(c.score * 1000) / 1000,
    reasons: c.reasons,
    organisation: c.organisation,
    sector: c.sector,
    affected: c.affected,
    dataTypes: c.dataTypes,
    cause: c.cause,
    regulatorAction: c.regulatorAction,
    category: c.category,
    supplier: c.supplier,
    otherOrganisations: c.otherOrganisations,
  };
}

/** Classifies one input line; returns the output line (never throws for bad input). */
export function classifyLine(line: string, lineNumber: number, classify: (text: ArticleText) => Classification): string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return JSON.stringify({ line: lineNumber, error: `line ${lineNumber} is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = ClassifyInputSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return JSON.stringify({ line: lineNumber, error: `line ${lineNumber}: ${problems}. Expected {"title", "summary", "content"?, "url"?, "outlet"?, "published"?}.` });
  }
  const input = parsed.data;
  const text: ArticleText = {
    title: input.title ?? '',
    summary: input.summary ?? '',
    content: input.content ?? null,
    url: input.url ?? null,
    outlet: input.outlet ?? null,
    published: input.published ?? null,
  };
  return JSON.stringify(toClassifyOutput(input.url ?? null, classify(text)));
}

export async function runClassifyCommand(
  input: Readable,
  output: Writable,
  classify: (text: ArticleText) => Classification,
): Promise<{ lines: number; errors: number }> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const raw of reader) {
    lines += 1;
    const line = raw.replace(/^\uFEFF/, '');
    const out = line.trim() === '' ? JSON.stringify({ line: lines, error: `line ${lines} is empty` }) : classifyLine(line, lines, classify);
    if (out.startsWith('{"line":')) errors += 1;
    if (!output.write(`${out}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
  return { lines, errors };
}
