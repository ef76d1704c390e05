// The command-line contract: `breachwatch classify` and `breachwatch replay --json`, run as a user
// (or an outside check) runs them, through bin/breachwatch.js.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemoFeedFiles } from '../helpers/demo-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'breachwatch.js');

function run(args: string[], input = '') {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('breachwatch classify', () => {
  it('writes one JSON line per input line, in order, with errors named by line', () => {
    const lines = [
      JSON.stringify({ title: 'Hackney Council hit by ransomware attack', summary: 'Hackney Council said criminals stole and published files holding names and addresses of residents after a ransomware attack.', url: 'https://a.example/1' }),
      'not json',
      JSON.stringify({ title: 'New phone has a bigger screen', summary: null, content: null, url: null, outlet: null, published: null }),
      JSON.stringify({ summary: 42 }),
      '',
      JSON.stringify({ title: 'Police warn of scam texts claiming to be from your bank', summary: 'Officers urged residents not to click links.' }),
    ];
    const { code, stdout } = run(['classify'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(6);
    expect(out[0]).toMatchObject({ url: 'https://a.example/1', alert: true, sector: 'council' });
    for (const key of ['url', 'alert', 'score', 'reasons', 'organisation', 'sector', 'affected', 'dataTypes', 'cause', 'regulatorAction']) {
      expect(out[0]).toHaveProperty(key);
    }
    expect(out[1]).toMatchObject({ line: 2 });
    expect(out[1].error).toMatch(/line 2 is not valid JSON/);
    expect(out[2]).toMatchObject({ url: null, alert: false });
    expect(out[3]).toMatchObject({ line: 4 });
    expect(out[4]).toMatchObject({ line: 5 });
    expect(out[5]).toMatchObject({ alert: false });
  });
});

describe('breachwatch replay', () => {
  it('prints the demo feeds as three incidents with their articles, and the rest as rejected', async () => {
    const files = await writeDemoFeedFiles();
    const { code, stdout, stderr } = run(['replay', ...files, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.incidents).toHaveLength(3);
    const met = result.incidents.find((i: { organisation: string }) => i.organisation === 'Metropolitan Police Service');
    expect(met.articles).toHaveLength(3);
    expect(met.affected).toBe(47000);
    expect(met.sector).toBe('police');
    // The update history: created, then the count arrives, then a source with no new facts.
    expect(met.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'facts', 'source']);
    expect(met.history[1].changes).toContain('People affected: unknown → 47,000');
    expect(met.history[1].source.outlet).toBeTruthy();
    for (const incident of result.incidents) {
      for (const key of ['id', 'organisation', 'sector', 'affected', 'articles']) expect(incident).toHaveProperty(key);
      for (const article of incident.articles) expect(Object.keys(article)).toEqual(expect.arrayContaining(['url', 'title', 'outlet']));
    }
    expect(result.rejected.length).toBeGreaterThanOrEqual(10);
    for (const r of result.rejected) expect(Object.keys(r)).toEqual(expect.arrayContaining(['url', 'title', 'reasons']));
  });

  it('reports a broken file and still replays the others', async () => {
    const [good] = await writeDemoFeedFiles();
    const bad = path.join(path.dirname(good as string), 'broken.xml');
    writeFileSync(bad, '<html><body>not a feed</body></html>');
    const { code, stdout } = run(['replay', good as string, bad, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.errors).toEqual([expect.objectContaining({ file: bad })]);
  });

  it('explains its usage when no files are given', () => {
    const { code, stderr } = run(['replay']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/replay needs at least one feed file/);
  });
});
