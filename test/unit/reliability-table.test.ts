// docs/reliability.md cannot drift (issue 8 point 1): every case names tests that exist, and the table
// is exactly what scripts/reliability-table.ts renders from docs/reliability-cases.yaml.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCases, loadCases, parseResults, renderTable, ROOT, TABLE_FILE, testTitles, titlePattern } from '../../scripts/reliability-lib.ts';

describe('reliability table', () => {
  const rows = checkCases(loadCases());

  it('names, for every case, tests that exist in the named files (pending rows are listed, not failed)', () => {
    const broken = rows.filter((r) => r.status === 'broken').map((r) => `${r.case.id}: ${r.missing.join('; ')}`);
    expect(broken).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(25);
  });

  it('docs/reliability.md is up to date (run node scripts/reliability-table.ts)', () => {
    const current = readFileSync(path.join(ROOT, TABLE_FILE), 'utf8');
    expect(current).toBe(renderTable(rows, parseResults(current)));
  });

  it('reads test titles as written: it.each templates, modifiers, regexes and template literals', () => {
    const source = [
      "describe.skipIf(!x)('outer', () => {",
      "  it.each([['a', /don't (x)/], [\"b\", 'c)']])('case %s', () => {});",
      '  it.skip(`tpl ${name}`, () => {});',
      "  test('plain \\'quoted\\'', () => {});",
      "  const notATest = expect(it).toBeDefined('no');",
      '});',
    ].join('\n');
    expect(testTitles(source)).toEqual([
      { kind: 'describe', title: 'outer' },
      { kind: 'test', title: 'case %s' },
      { kind: 'test', title: 'tpl ${name}' },
      { kind: 'test', title: "plain 'quoted'" },
    ]);
    expect(titlePattern('%s → allowed=%s').test('http://10.0.0.1/ → allowed=false')).toBe(true);
    expect(titlePattern('Store contract: ${name}').test('Store contract: sqlite')).toBe(true);
  });
});
