// The recogniser cache's file (src/config/snapshot-file.ts, ADR 023 and 026): read from disk, the typed arrays are
// views of a buffer that holds only them, so that the object part is garbage once read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSnapshotFile, encodeSnapshotFile, KEY_BYTES, readSnapshotFile } from '../../src/config/snapshot-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bw-snapshot-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Buffer.alloc(KEY_BYTES, 3);
// A large object part (the entries) and two small typed arrays (the tries).
const SNAPSHOT = { entries: Array.from({ length: 2_000 }, (_, i) => ({ name: `entry ${i}`, kind: 'capital' })), a: new Int32Array([1, -2, 3]), b: new Uint8Array([9]) };

function written(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('readSnapshotFile', () => {
  it('reads what decodeSnapshotFile reads, with the typed arrays in a buffer of their own', () => {
    const bytes = encodeSnapshotFile(KEY, SNAPSHOT);
    const read = readSnapshotFile(written('ok.bin', bytes), KEY);
    expect(read).toEqual(decodeSnapshotFile(bytes, KEY));
    expect(read).toEqual({ snapshot: SNAPSHOT });
    const { a, b } = (read as { snapshot: typeof SNAPSHOT }).snapshot;
    // 12 bytes of a, b at the next aligned offset (16): 17 bytes, not the file's tens of kilobytes.
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(17);
    expect(bytes.length).toBeGreaterThan(40_000);
  });

  it('says why a file cannot be used: stale, foreign, cut in its objects, damaged in its objects or its blob', () => {
    const bytes = encodeSnapshotFile(KEY, SNAPSHOT);
    const flipped = (at: number): Buffer => Buffer.concat([bytes.subarray(0, at), Buffer.from([bytes[at]! ^ 0xff]), bytes.subarray(at + 1)]);
    expect(readSnapshotFile(written('stale.bin', bytes), Buffer.alloc(KEY_BYTES, 4))).toEqual({ why: expect.stringMatching(/stale/) });
    expect(readSnapshotFile(written('foreign.bin', Buffer.alloc(500, 7)), KEY)).toEqual({ why: expect.stringMatching(/not a cache file/) });
    expect(readSnapshotFile(written('cut.bin', bytes.subarray(0, 1_000)), KEY)).toEqual({ why: expect.stringMatching(/truncated/) });
    expect(readSnapshotFile(written('objects.bin', flipped(500)), KEY)).toEqual({ why: expect.stringMatching(/corrupt/) });
    expect(readSnapshotFile(written('blob.bin', flipped(bytes.length - 1)), KEY)).toEqual({ why: expect.stringMatching(/corrupt/) });
  });
});
