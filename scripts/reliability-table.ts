// Writes docs/reliability.md from docs/reliability-cases.yaml (issue 8 point 1).
//   node scripts/reliability-table.ts          check every named test exists, keep the last results, write
//   node scripts/reliability-table.ts --run    also run the named test files (vitest JSON) to fill "result"
//   node scripts/reliability-table.ts --check  write nothing; exit 1 if the table is out of date
// Exits 1 when a case names a test that does not exist (pending rows are listed, not failed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkCases, loadCases, parseResults, renderTable, resultOf, ROOT, TABLE_FILE, type VitestJson } from './reliability-lib.ts';

const { values } = parseArgs({ options: { run: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } } });
const rows = checkCases(loadCases());
const tablePath = path.join(ROOT, TABLE_FILE);
const previous = existsSync(tablePath) ? readFileSync(tablePath, 'utf8') : '';
let results = parseResults(previous);

if (values.run) {
  const files = [...new Set(rows.flatMap((r) => r.case.tests.map((t) => t.file)))].filter((f) => existsSync(path.join(ROOT, f)));
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'bw-reliability-')), 'vitest.json');
  process.stdout.write(`running ${files.length} test files…\n`);
  spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${out}`, ...files], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  results = new Map(rows.map((r) => [r.case.id, resultOf(r.case, report)]));
}

const table = renderTable(rows, results);
for (const row of rows.filter((r) => r.status !== 'covered')) {
  process.stdout.write(`${row.status === 'broken' ? 'BROKEN ' : 'pending'} ${row.case.id}: ${[...row.missing, ...row.waiting].join('; ')}\n`);
}
const covered = rows.filter((r) => r.status === 'covered').length;
const pending = rows.filter((r) => r.status === 'pending').length;
const broken = rows.filter((r) => r.status === 'broken').length;
process.stdout.write(`${rows.length} cases: ${covered} covered, ${pending} pending, ${broken} broken\n`);
if (values.check) {
  if (table !== previous) process.stdout.write(`${TABLE_FILE} is out of date: run node scripts/reliability-table.ts\n`);
  process.exitCode = table !== previous || broken > 0 ? 1 : 0;
} else {
  writeFileSync(tablePath, table);
  process.stdout.write(`wrote ${TABLE_FILE}\n`);
  process.exitCode = broken > 0 ? 1 : 0;
}
