// The compiled-recogniser cache (ADR 023): a recogniser read back from it classifies as a fresh build does; a
// changed file or engine misses it; a corrupt, truncated or foreign file is rebuilt and written again, never used;
// a cache that cannot be written never stops the start.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/config/load-knowledge.ts';
import { loadRecogniser } from '../../src/config/load-recogniser.ts';
import {
  engineFiles,
  loadRecogniserCached,
  prepareRecogniser,
  recogniserCacheDir,
  recogniserCacheKey,
} from '../../src/config/recogniser-cache.ts';
import { readRecogniserInputs } from '../../src/config/recogniser-files.ts';
import type { RecogniserFiles } from '../../src/config/recogniser-files.ts';
import { compileKnowledge, recordingTries, replayingTries, TrieRecordMismatch } from '../../src/domain/classify/index.ts';
import type { ArticleText } from '../../src/domain/types.ts';
import { loadCorpus, toText } from '../../scripts/eval-lib.ts';
import { loadRealCorpus, realText } from '../../scripts/real-corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-recogniser-cache-'));
  dirs.push(dir);
  return dir;
}

/** A copy of the recogniser's files in a folder of its own, to change. */
function copiedFiles(): Required<Omit<RecogniserFiles, 'veto'>> & { veto: string } {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'config', 'knowledge'), path.join(dir, 'knowledge'), { recursive: true });
  cpSync(path.join(ROOT, 'config', 'gazetteer.json'), path.join(dir, 'gazetteer.json'));
  cpSync(path.join(ROOT, 'config', 'veto-model.json'), path.join(dir, 'veto-model.json'));
  return { knowledge: path.join(dir, 'knowledge'), gazetteer: path.join(dir, 'gazetteer.json'), veto: path.join(dir, 'veto-model.json') };
}

const cacheFileIn = (dir: string): string => path.join(dir, readdirSync(dir).find((f) => f.endsWith('.bin')) as string);

const SAMPLE: ArticleText = {
  title: 'Hackney Council hit by ransomware attack',
  summary: 'Residents’ names and addresses were stolen in the cyber attack, the council said.',
};

describe('a recogniser read from the cache', () => {
  it('classifies every corpus and real-derived text as the fresh build does', () => {
    const dir = tempDir();
    const built = loadRecogniserCached({}, dir);
    expect(built.cache).toMatchObject({ kind: 'miss', why: 'no cache file yet', writeError: null });
    const cached = loadRecogniserCached({}, dir);
    expect(cached.cache.kind).toBe('hit');
    const texts = [
      ...loadCorpus().map(toText),
      ...loadRealCorpus().flatMap((item) => [realText(item, 'full'), realText(item, 'headline')]),
    ];
    expect(texts.length).toBeGreaterThan(2000);
    const fresh = loadRecogniser();
    expect(texts.map((t) => cached.recogniser.classify(t))).toEqual(texts.map((t) => fresh.classify(t)));
    expect(cached.recogniser.gazetteer.byName('Hackney Council')).toEqual(fresh.gazetteer.byName('Hackney Council'));
  });
});

describe('what the cache never serves', () => {
  it('a changed gazetteer misses the cache, and the new body is known', () => {
    const files = copiedFiles();
    const dir = tempDir();
    loadRecogniserCached(files, dir);
    const json = JSON.parse(readFileSync(files.gazetteer, 'utf8')) as { entries: unknown[] };
    json.entries.push({ name: 'Zzyzx Borough Council', sector: 'council', aliases: [] });
    writeFileSync(files.gazetteer, JSON.stringify(json));
    const after = loadRecogniserCached(files, dir);
    expect(after.cache).toMatchObject({ kind: 'miss', why: 'stale: the files or the code changed' });
    expect(after.recogniser.gazetteer.byName('Zzyzx Borough Council')?.sector).toBe('council');
    expect(loadRecogniserCached(files, dir).recogniser.gazetteer.byName('Zzyzx Borough Council')).toBeDefined();
  });

  it('a broken knowledge file stops the load with its file, line and entry, however warm the cache', () => {
    const files = copiedFiles();
    const dir = tempDir();
    expect(loadRecogniserCached(files, dir).cache.kind).toBe('miss');
    const roles = path.join(files.knowledge, 'roles.yaml');
    const text = readFileSync(roles, 'utf8');
    writeFileSync(roles, text.replace(/^(\s+)sector: \w+/m, '$1sector: nowhere'));
    expect(() => loadRecogniserCached(files, dir)).toThrow(/roles\.yaml:\d+: entries\.\d+\.sector/);
  });

  it('changes the key with each input file, the text model turned off, and the engine’s source', () => {
    const files = copiedFiles();
    const engine = path.join(tempDir(), 'engine.ts');
    writeFileSync(engine, 'export const a = 1;\n');
    const key = (f: RecogniserFiles = files): string => recogniserCacheKey(readRecogniserInputs(f), [engine]).toString('hex');
    const before = key();
    expect(key()).toBe(before);
    expect(key({ ...files, veto: false })).not.toBe(before);
    writeFileSync(path.join(files.knowledge, 'counts.yaml'), `${readFileSync(path.join(files.knowledge, 'counts.yaml'), 'utf8')}\n# a comment\n`);
    const changed = key();
    expect(changed).not.toBe(before);
    writeFileSync(engine, 'export const a = 2;\n');
    expect(key()).not.toBe(changed);
  });

  it('keys every module the build and the cache load (the engine is their import closure)', () => {
    const log = path.join(tempDir(), 'modules.txt');
    writeFileSync(log, '');
    const script = `await import(${JSON.stringify(path.join(ROOT, 'src/config/recogniser-cache.ts'))});`;
    const hook = path.join(ROOT, 'test', 'helpers', 'record-modules.ts');
    const run = spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {
      env: { ...process.env, BREACHWATCH_MODULE_LOG: log },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith('file:') && url.endsWith('.ts'));
    const own = [...new Set(loaded.map((url) => new URL(url).pathname))].filter((file) => file.startsWith(path.join(ROOT, 'src')));
    expect(own.length).toBeGreaterThan(20);
    expect(own.filter((file) => !engineFiles().includes(file))).toEqual([]);
  });

  it('replays no record made from other phrases', () => {
    const knowledge = loadKnowledge();
    const { source, record } = recordingTries();
    compileKnowledge(knowledge, source);
    const fewer = { ...knowledge, roles: knowledge.roles.slice(1) };
    expect(() => compileKnowledge(fewer, replayingTries(record).source)).toThrow(TrieRecordMismatch);
    const replay = replayingTries(record);
    compileKnowledge(knowledge, replay.source);
    expect(replay.allUsed()).toBe(true);
  });
});

describe('a cache file that cannot be used is rebuilt and written again', () => {
  const damage: Array<[string, (bytes: Buffer) => Buffer, RegExp]> = [
    ['a flipped byte', (b) => Buffer.concat([b.subarray(0, b.length >> 1), Buffer.from([b[b.length >> 1]! ^ 0xff]), b.subarray((b.length >> 1) + 1)]), /corrupt/],
    ['truncated', (b) => b.subarray(0, b.length - 1000), /truncated|corrupt/],
    ['cut inside its header', (b) => b.subarray(0, 40), /not a cache file/],
    ['empty', () => Buffer.alloc(0), /not a cache file/],
    ['another program’s file', (b) => Buffer.alloc(b.length, 7), /not a cache file/],
  ];
  it.each(damage)('%s', (_name, change, why) => {
    const files = copiedFiles();
    const dir = tempDir();
    const fresh = loadRecogniserCached(files, dir).recogniser;
    const file = cacheFileIn(dir);
    writeFileSync(file, change(readFileSync(file)));
    const again = loadRecogniserCached(files, dir);
    expect(again.cache).toMatchObject({ kind: 'miss', writeError: null });
    expect(again.cache.kind === 'miss' && again.cache.why).toMatch(why);
    expect(again.recogniser.classify(SAMPLE)).toEqual(fresh.classify(SAMPLE));
    expect(loadRecogniserCached(files, dir).cache.kind).toBe('hit');
  });

  it('a folder it cannot write leaves the recogniser as built, with the error', () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const { recogniser, cache } = loadRecogniserCached({}, path.join(blocker, 'cache'));
    expect(cache).toMatchObject({ kind: 'miss', why: expect.stringMatching(/unreadable|no cache file/) });
    expect(cache.kind === 'miss' && cache.writeError).toMatch(/ENOTDIR|EEXIST/);
    expect(recogniser.classify(SAMPLE).category).toBe('public_sector_breach');
  });
});

describe('where the cache lives', () => {
  it('is the folder BREACHWATCH_RECOGNISER_CACHE names, or off', () => {
    expect(recogniserCacheDir('/var/cache/bw', '/app/.compile-cache/v24')).toBe('/var/cache/bw');
    expect(recogniserCacheDir('off', '/app/.compile-cache/v24')).toBeNull();
    expect(recogniserCacheDir('0', undefined)).toBeNull();
  });

  it('is beside Node’s compile cache by default, else in the temp dir', () => {
    expect(recogniserCacheDir(undefined, '/app/.compile-cache/v24')).toBe('/app/.compile-cache/v24');
    expect(recogniserCacheDir('', undefined)).toBe(path.join(tmpdir(), 'breachwatch-recogniser-cache'));
  });
});

// The bot reads a cached recogniser once its first requests are out (docs/adr/025), and builds one now otherwise.
describe('a prepared recogniser', () => {
  it('says whether the cache has its files, by the header alone, and loads what it read when prepared', () => {
    const files = copiedFiles();
    const dir = tempDir();
    const first = prepareRecogniser(files, dir);
    expect(first.cached).toBe(false);
    expect(first.load().cache.kind).toBe('miss');
    const second = prepareRecogniser(files, dir);
    expect(second.cached).toBe(true);
    // A file broken after the prepare is not what its load reads: it loads the bytes whose key the cache has.
    const roles = path.join(files.knowledge, 'roles.yaml');
    writeFileSync(roles, readFileSync(roles, 'utf8').replace(/^(\s+)sector: \w+/m, '$1sector: nowhere'));
    expect(second.load().cache.kind).toBe('hit');
    const broken = prepareRecogniser(files, dir);
    expect(broken.cached).toBe(false);
    expect(() => broken.load()).toThrow(/roles\.yaml:\d+: entries\.\d+\.sector/);
  });

  it('a cache file whose header has the key but whose body is damaged counts as cached, and load rebuilds it', () => {
    const files = copiedFiles();
    const dir = tempDir();
    const fresh = prepareRecogniser(files, dir).load().recogniser;
    const file = cacheFileIn(dir);
    writeFileSync(file, readFileSync(file).subarray(0, 4096));
    const prepared = prepareRecogniser(files, dir);
    expect(prepared.cached).toBe(true);
    const loaded = prepared.load();
    expect(loaded.cache).toMatchObject({ kind: 'miss', why: expect.stringMatching(/truncated|corrupt/) });
    expect(loaded.recogniser.classify(SAMPLE)).toEqual(fresh.classify(SAMPLE));
  });

  it('with no cache folder, is never cached and builds', () => {
    const prepared = prepareRecogniser(copiedFiles(), null);
    expect(prepared.cached).toBe(false);
    expect(prepared.load().cache.kind).toBe('off');
  });
});
