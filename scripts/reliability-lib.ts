// The reliability table (issue 8 point 1): docs/reliability-cases.yaml maps each case of
// ../shared/reliability.md to the tests that prove it; this checks that every named test exists in its
// file and renders docs/reliability.md. Used by scripts/reliability-table.ts and its unit test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const TestRef = z.strictObject({
  file: z.string().min(1),
  /** The title as written in the source (an it.each template stays a template). */
  test: z.string().min(1),
  /** A describe block the test must be inside (its title as written), when the title alone is ambiguous. */
  describe: z.string().min(1).optional(),
});

const PendingRef = z.strictObject({
  /** Where the test is expected (may not exist yet). */
  file: z.string().min(1).optional(),
  test: z.string().min(1).optional(),
  /** Who/what is bringing it, e.g. "crash harness, issue 8 point 4". */
  note: z.string().min(1),
});

const CaseSchema = z.strictObject({
  id: z.string().regex(/^R-[A-Z]+-\d{2}$/, 'ids look like R-FEED-01'),
  section: z.string().min(1),
  case: z.string().min(1),
  tests: z.array(TestRef).default([]),
  pending: z.array(PendingRef).default([]),
});

export const CasesFileSchema = z.strictObject({ cases: z.array(CaseSchema).min(1) });
export type ReliabilityCase = z.infer<typeof CaseSchema>;
export type TestReference = z.infer<typeof TestRef>;

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CASES_FILE = 'docs/reliability-cases.yaml';
export const TABLE_FILE = 'docs/reliability.md';

export function loadCases(root = ROOT): ReliabilityCase[] {
  const data = CasesFileSchema.parse(parse(readFileSync(path.join(root, CASES_FILE), 'utf8')));
  const ids = new Set<string>();
  for (const c of data.cases) {
    if (ids.has(c.id)) throw new Error(`${CASES_FILE}: the id ${c.id} is used twice`);
    ids.add(c.id);
  }
  return data.cases;
}

export interface TestTitle {
  kind: 'describe' | 'test';
  title: string;
}

/** Skips a string literal starting at `i` (quote at i); returns the index after it and its raw text. */
function readString(text: string, i: number): { end: number; value: string } {
  const quote = text[i];
  let j = i + 1;
  let value = '';
  while (j < text.length && text[j] !== quote) {
    if (text[j] === '\\') {
      value += text[j + 1] ?? '';
      j += 2;
      continue;
    }
    value += text[j];
    j++;
  }
  return { end: j + 1, value };
}

/** Index after a regex literal starting at `i` (text[i] === '/'), minding escapes and [classes]. */
function skipRegex(text: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return j + 1;
    else if (ch === '\n') return j;
  }
  return text.length;
}

/** Index after the balanced parenthesis group starting at `i` (text[i] === '('), skipping strings and regexes. */
function skipParens(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"' || ch === "'" || ch === '`') {
      j = readString(text, j).end - 1;
    } else if (ch === '/' && /[[,(=:]\s*$/.test(text.slice(Math.max(i, j - 20), j))) {
      j = skipRegex(text, j) - 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j + 1;
  }
  return text.length;
}

/**
 * The titles of describe/it/test blocks in a test file's source, as written: `it('x')`, `it.each(…)('x')`,
 * `describe.skipIf(…)('x')`, `it.skip('x')`, and template literals (raw, `${…}` kept).
 */
export function testTitles(source: string): TestTitle[] {
  const titles: TestTitle[] = [];
  const call = /(?<![\w.$])(describe|it|test)\b/g;
  for (let match = call.exec(source); match !== null; match = call.exec(source)) {
    let i = match.index + match[0].length;
    // Modifiers: .each(…), .skipIf(…), .skip, .only, .concurrent, .todo …
    while (source[i] === '.') {
      const name = /^\.(\w+)/.exec(source.slice(i, i + 40));
      if (!name) break;
      i += name[0].length;
      if (source[i] === '(' && ['each', 'skipIf', 'runIf', 'for'].includes(name[1] ?? '')) i = skipParens(source, i);
    }
    if (source[i] !== '(') continue;
    let j = i + 1;
    while (/\s/.test(source[j] ?? '')) j++;
    const quote = source[j];
    if (quote !== "'" && quote !== '"' && quote !== '`') continue;
    titles.push({ kind: match[1] === 'describe' ? 'describe' : 'test', title: readString(source, j).value });
  }
  return titles;
}

export type RowStatus = 'covered' | 'pending' | 'broken';

export interface Row {
  case: ReliabilityCase;
  status: RowStatus;
  /** Referenced tests that do not exist (a broken row). */
  missing: string[];
  /** Pending references whose test does not exist yet. */
  waiting: string[];
}

const titlesCache = new Map<string, TestTitle[] | null>();

function titlesOf(root: string, file: string): TestTitle[] | null {
  const key = path.join(root, file);
  if (!titlesCache.has(key)) titlesCache.set(key, existsSync(key) ? testTitles(readFileSync(key, 'utf8')) : null);
  return titlesCache.get(key) ?? null;
}

export function referenceExists(root: string, ref: { file: string; test: string; describe?: string | undefined }): boolean {
  const titles = titlesOf(root, ref.file);
  if (titles === null) return false;
  const hasTest = titles.some((t) => t.kind === 'test' && t.title === ref.test);
  const hasDescribe = ref.describe === undefined || titles.some((t) => t.kind === 'describe' && t.title === ref.describe);
  return hasTest && hasDescribe;
}

/** Checks every case against the test files: a case with no test and nothing pending is broken too. */
export function checkCases(cases: readonly ReliabilityCase[], root = ROOT): Row[] {
  titlesCache.clear();
  return cases.map((c) => {
    const missing = c.tests.filter((ref) => !referenceExists(root, ref)).map((ref) => `${ref.file}: "${ref.test}"`);
    const waiting = c.pending
      .filter((p) => p.file === undefined || p.test === undefined || !referenceExists(root, { file: p.file, test: p.test }))
      .map((p) => `${p.file ?? '(not written yet)'}${p.test ? `: "${p.test}"` : ''} (${p.note})`);
    if (c.tests.length === 0 && c.pending.length === 0) missing.push('no test is named for this case');
    const status: RowStatus = missing.length > 0 ? 'broken' : waiting.length > 0 ? 'pending' : 'covered';
    return { case: c, status, missing, waiting };
  });
}

/** Vitest's JSON report, reduced to what the table needs. */
export interface VitestJson {
  testResults: Array<{ name: string; assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }> }>;
}

/** A source title (maybe an it.each template or a template literal) as a regex over reported titles. */
export function titlePattern(title: string): RegExp {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wild = escaped
    .replace(/\\\$\\\{[^}]*\\\}/g, '.*') // ${…} in a template literal
    .replace(/%[sdifjoOp#%]/g, '.*')
    .replace(/\\\$[\w.]+/g, '.*'); // $name in it.each with objects
  return new RegExp(`^${wild}$`, 's');
}

/** pass / fail / skipped / not run for one case, from a vitest JSON report. */
export function resultOf(c: ReliabilityCase, report: VitestJson, root = ROOT): string {
  const statuses: string[] = [];
  for (const ref of c.tests) {
    // Contract suites (test/contract) run inside other test files: look in every file for them.
    const file = report.testResults.filter((r) => path.resolve(r.name) === path.resolve(root, ref.file));
    const searched = file.length > 0 ? file : report.testResults;
    const pattern = titlePattern(ref.test);
    const describePattern = ref.describe ? titlePattern(ref.describe) : null;
    const hits = searched.flatMap((r) => r.assertionResults).filter((a) => pattern.test(a.title) && (!describePattern || a.ancestorTitles.some((t) => describePattern.test(t))));
    if (hits.length === 0) statuses.push('not run');
    else statuses.push(...hits.map((h) => h.status));
  }
  if (statuses.includes('failed')) return 'fail';
  if (statuses.length > 0 && statuses.every((s) => s === 'passed')) return 'pass';
  if (statuses.some((s) => s === 'passed')) return 'pass (some skipped)';
  if (statuses.some((s) => s === 'skipped' || s === 'pending' || s === 'todo')) return 'skipped';
  return 'not run';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The table, one row per case; `results` maps case ids to pass/fail/skipped (absent: "not run"). */
export function renderTable(rows: readonly Row[], results: ReadonlyMap<string, string>): string {
  const covered = rows.filter((r) => r.status === 'covered').length;
  const pending = rows.filter((r) => r.status === 'pending').length;
  const lines = [
    '# Reliability cases → tests',
    '',
    '<!-- Generated by `node scripts/reliability-table.ts` from docs/reliability-cases.yaml; do not edit by hand.',
    '     test/unit/reliability-table.test.ts fails when this file is out of date. -->',
    '',
    `Every case of \`../shared/reliability.md\` (and the config/command cases of issue 8 point 7), the tests that`,
    'prove it, and their result at the last `node scripts/reliability-table.ts --run`. A "pending" row names tests',
    'that are still being written; its existing tests still count.',
    '',
    `**${rows.length} cases: ${covered} covered, ${pending} pending.**`,
    '',
  ];
  let section = '';
  for (const row of rows) {
    if (row.case.section !== section) {
      section = row.case.section;
      lines.push(`## ${section}`, '', '| id | case | test file → test | result |', '| --- | --- | --- | --- |');
    }
    const tests = row.case.tests.map((t) => `\`${t.file}\` → ${cell(t.test)}`);
    const waiting = row.waiting.map((w) => `*pending:* ${cell(w)}`);
    const result = row.status === 'broken' ? 'BROKEN' : `${results.get(row.case.id) ?? 'not run'}${row.status === 'pending' ? ' (pending)' : ''}`;
    lines.push(`| ${row.case.id} | ${cell(row.case.case)} | ${[...tests, ...waiting].join('<br>')} | ${result} |`);
    const next = rows[rows.indexOf(row) + 1];
    if (!next || next.case.section !== section) lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The result column of an existing table, by case id (so a check can regenerate it unchanged). */
export function parseResults(table: string): Map<string, string> {
  const results = new Map<string, string>();
  for (const line of table.split('\n')) {
    const match = /^\| (R-[A-Z]+-\d{2}) \|.*\| ([^|]+) \|$/.exec(line);
    if (match?.[1] && match[2]) results.set(match[1], match[2].replace(/ \(pending\)$/, '').trim());
  }
  return results;
}
