// The compiled-recogniser cache (ADR 023): after a build, what it made (domain/classify/snapshot.ts) is written to
// a file; the next start whose key matches reads it back instead of reading the YAML, checking it with zod and
// expanding ~150,000 phrase forms into tries. The key is a hash of every input file's bytes and of the source of
// every module that builds or reads the record (their import closure, found from this file), with Node's version:
// a changed knowledge file, gazetteer, text model or engine misses the cache, and the build that follows reports a
// broken file with its file, line and entry as before. The file is written atomically (a temporary file renamed)
// with a checksum of its payload; a missing, stale, truncated, corrupt or foreign file is rebuilt and rewritten,
// and a cache that cannot be written leaves the recogniser as built.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Recogniser } from '../domain/classify/index.ts';
import { recogniserFromSnapshot } from '../domain/classify/snapshot.ts';
import type { RecogniserSnapshot } from '../domain/classify/snapshot.ts';
import { buildRecogniser } from './load-recogniser.ts';
import { readRecogniserInputs } from './recogniser-files.ts';
import { encodeSnapshotFile, KEY_HEADER_BYTES, readSnapshotFile, writtenUnder } from './snapshot-file.ts';
import type { InputFile, RecogniserFiles, RecogniserInputs } from './recogniser-files.ts';

/** The modules whose import closure is the engine the key covers: they build, write and read the record. */
const ENGINE_ROOTS = ['load-recogniser.ts', 'recogniser-cache.ts'].map((f) => path.join(import.meta.dirname, f));
const PACKAGE_JSON = path.resolve(import.meta.dirname, '../../package.json');
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g;

/** What the cache did at this start: for the log, and for the tests. */
export type CacheOutcome =
  | { readonly kind: 'off' }
  | { readonly kind: 'hit'; readonly file: string }
  | { readonly kind: 'miss'; readonly file: string; readonly why: string; readonly writeError: string | null };

/**
 * Where the cache lives: `setting` (BREACHWATCH_RECOGNISER_CACHE) is a folder, or "off"; unset, beside Node's
 * compile cache (`compileCacheDir`: NODE_COMPILE_CACHE, which bin/breachwatch.js turns on), else in the temp dir.
 */
export function recogniserCacheDir(setting: string | undefined, compileCacheDir: string | undefined): string | null {
  const value = setting?.trim();
  if (value === 'off' || value === '0' || value === 'false') return null;
  if (value !== undefined && value !== '') return path.resolve(value);
  return compileCacheDir ?? path.join(tmpdir(), 'breachwatch-recogniser-cache');
}

/** The source files of the engine: the modules reached by relative imports from ENGINE_ROOTS, in a fixed order. */
export function engineFiles(roots: readonly string[] = ENGINE_ROOTS): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      queue.push(path.resolve(path.dirname(file), m[1] as string));
    }
  }
  return [...seen].sort();
}

function hashFile(hash: ReturnType<typeof createHash>, name: string, bytes: Buffer): void {
  hash.update(`${name}\u0000${bytes.length}\u0000`);
  hash.update(bytes);
}

/** The key: Node's version, the engine's source and the packages it uses, and every input file's bytes. */
export function recogniserCacheKey(inputs: RecogniserInputs, engine: readonly string[] = engineFiles()): Buffer {
  const hash = createHash('sha256');
  hash.update(`breachwatch recogniser\u0000${process.version} ${process.arch}\u0000`);
  const root = path.dirname(PACKAGE_JSON);
  for (const file of engine) hashFile(hash, path.relative(root, file), readFileSync(file));
  // The versions of yaml and zod (package.json pins them): they read and check the files.
  const dependencies = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { dependencies?: unknown }).dependencies;
  hash.update(`${JSON.stringify(dependencies ?? null)}\u0000`);
  const named: Array<[string, InputFile | null]> = [
    ...Object.entries(inputs.knowledge).map(([part, file]): [string, InputFile] => [`knowledge:${part}`, file]),
    ['gazetteer', inputs.gazetteer],
    ['veto', inputs.veto],
  ];
  for (const [name, file] of named) {
    if (file === null) hash.update(`${name}\u0000none\u0000`);
    else hashFile(hash, name, file.bytes);
  }
  return hash.digest();
}

/** The cache file for these inputs: one per set of input paths (so checkouts side by side keep their own). */
export function recogniserCacheFile(dir: string, inputs: RecogniserInputs): string {
  const paths = [...Object.values(inputs.knowledge), inputs.gazetteer, inputs.veto].map((f) => f?.path ?? '-');
  const name = createHash('sha256').update(paths.join('\u0000')).digest('hex').slice(0, 16);
  return path.join(dir, `recogniser-${name}.bin`);
}

/** The snapshot in the file, or why it cannot be used. Never throws. */
export function readRecogniserCache(file: string, key: Buffer): { snapshot: RecogniserSnapshot } | { why: string } {
  let read: ReturnType<typeof readSnapshotFile>;
  try {
    read = readSnapshotFile(file, key);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { why: missing ? 'no cache file yet' : `unreadable (${String(error)})` };
  }
  if ('why' in read) return read;
  return isSnapshot(read.snapshot) ? { snapshot: read.snapshot } : { why: 'corrupt: not a recogniser snapshot' };
}

function isSnapshot(value: unknown): value is RecogniserSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Record<keyof RecogniserSnapshot, unknown>>;
  return (
    typeof s.knowledge === 'object' &&
    s.knowledge !== null &&
    typeof s.compiled === 'object' &&
    s.compiled !== null &&
    typeof s.gazetteer === 'object' &&
    s.gazetteer !== null &&
    (s.veto === null || typeof s.veto === 'object')
  );
}

/** Writes the snapshot under the key: a temporary file beside it, then renamed over it. Returns the error, if any. */
export function writeRecogniserCache(file: string, key: Buffer, snapshot: RecogniserSnapshot): string | null {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const bytes = encodeSnapshotFile(key, snapshot);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, file);
    return null;
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is what failed: there is no temporary file to remove.
    }
    return String(error);
  }
}

type Loaded = { recogniser: Recogniser; cache: CacheOutcome };

/** The recogniser's inputs, read, and whether the cache has them; `load` reads or builds it from those bytes. */
export interface PreparedRecogniser {
  /**
   * The cache file was written under these inputs' key (its header says so; the rest is checked by `load`): `load`
   * reads it, and rebuilds from bytes that built before when the file turns out corrupt. False: `load` builds.
   */
  readonly cached: boolean;
  load(): Loaded;
}

/**
 * Reads the recogniser's files (a few milliseconds) and looks at the cache file's header, leaving the costly part,
 * reading the cache or building, to `load`: the bot reads a cached recogniser once its first requests are out.
 */
export function prepareRecogniser(files: RecogniserFiles, dir: string | null): PreparedRecogniser {
  const inputs = readRecogniserInputs(files);
  if (dir === null) {
    return { cached: false, load: () => ({ recogniser: buildRecogniser(inputs, false).recogniser, cache: { kind: 'off' } }) };
  }
  const file = recogniserCacheFile(dir, inputs);
  const key = recogniserCacheKey(inputs);
  return { cached: headerHasKey(file, key), load: () => loadWithCache(inputs, file, key) };
}

/** Whether the file starts with the cache's magic and `key`. Never throws (no file: false). */
function headerHasKey(file: string, key: Buffer): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(KEY_HEADER_BYTES);
    return writtenUnder(head.subarray(0, readSync(fd, head, 0, KEY_HEADER_BYTES, 0)), key);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * The recogniser, from the cache in `dir` when its key matches, else built from the files (a broken file throws
 * as loadRecogniser does) and written to the cache. `dir` null: no cache.
 */
export function loadRecogniserCached(files: RecogniserFiles, dir: string | null): Loaded {
  return prepareRecogniser(files, dir).load();
}

function loadWithCache(inputs: RecogniserInputs, file: string, key: Buffer): Loaded {
  const read = readRecogniserCache(file, key);
  let why: string;
  if ('snapshot' in read) {
    try {
      return { recogniser: recogniserFromSnapshot(read.snapshot), cache: { kind: 'hit', file } };
    } catch (error) {
      why = `does not fit the knowledge (${String(error)})`;
    }
  } else why = read.why;
  const built = buildRecogniser(inputs, true);
  const writeError = writeRecogniserCache(file, key, built.snapshot);
  return { recogniser: built.recogniser, cache: { kind: 'miss', file, why, writeError } };
}
