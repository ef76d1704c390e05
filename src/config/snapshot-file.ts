// The compiled-recogniser cache's file format (ADR 023). A header (what the file is, the key it was written under,
// a CRC-32 of the rest and the length of its object part), then the snapshot's objects as V8 serialises them, then
// every typed array of the snapshot, each at an offset aligned for its type. Read back, the typed arrays are views
// of the blob's bytes: nothing is copied or parsed per node, and the tries cost their bytes' read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DefaultSerializer, Deserializer } from 'node:v8';
import { crc32 } from 'node:zlib';

/** What the file is, and the version of this layout. */
const MAGIC = Buffer.from('breachwatch recogniser cache 1\n', 'utf8');
export const KEY_BYTES = 32;
/** Magic, key, CRC-32 of what follows the header, length of the object part (8 bytes). */
const HEADER_BYTES = MAGIC.length + KEY_BYTES + 4 + 8;
const ALIGN = 8;
/** The typed arrays a snapshot may hold, by number in the file. */
const VIEW_TYPES = [
  Int32Array,
  Uint8Array,
  Float64Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Float32Array,
] as const;

const aligned = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/**
 * Writes typed arrays as (type, offset, length) into the blob that follows the objects (Node's DefaultSerializer
 * hands every typed array to _writeHostObject; its own copies the bytes in place).
 */
class BlobSerializer extends DefaultSerializer {
  readonly views: Array<{ view: ArrayBufferView; offset: number }> = [];
  blobLength = 0;

  _writeHostObject(view: ArrayBufferView): void {
    const type = VIEW_TYPES.findIndex((t) => view.constructor === t);
    if (type < 0) throw new TypeError(`the recogniser cache cannot keep a ${view.constructor.name}`);
    const offset = aligned(this.blobLength);
    this.writeUint32(type);
    this.writeUint32(offset);
    this.writeUint32(view.byteLength);
    this.views.push({ view, offset });
    this.blobLength = offset + view.byteLength;
  }
}

class BlobDeserializer extends Deserializer {
  readonly blob: ArrayBuffer;
  readonly blobStart: number;
  readonly blobLength: number;

  constructor(objects: Buffer, blob: ArrayBuffer, blobStart: number, blobLength: number) {
    super(objects);
    this.blob = blob;
    this.blobStart = blobStart;
    this.blobLength = blobLength;
  }

  _readHostObject(): ArrayBufferView {
    const Type = VIEW_TYPES[this.readUint32()];
    const offset = this.readUint32();
    const byteLength = this.readUint32();
    if (Type === undefined || offset + byteLength > this.blobLength) {
      throw new RangeError('a typed array outside the file');
    }
    return new Type(this.blob, this.blobStart + offset, byteLength / Type.BYTES_PER_ELEMENT);
  }
}

/** The file's bytes: the snapshot under `key` (32 bytes). Throws if the snapshot holds what V8 cannot serialise. */
export function encodeSnapshotFile(key: Buffer, snapshot: unknown): Buffer {
  const serializer = new BlobSerializer();
  serializer.writeHeader();
  serializer.writeValue(snapshot);
  const objects = serializer.releaseBuffer();
  const blobStart = aligned(HEADER_BYTES + objects.length);
  const file = Buffer.alloc(blobStart + serializer.blobLength);
  MAGIC.copy(file, 0);
  key.copy(file, MAGIC.length);
  file.writeBigUInt64LE(BigInt(objects.length), MAGIC.length + KEY_BYTES + 4);
  objects.copy(file, HEADER_BYTES);
  for (const { view, offset } of serializer.views) {
    file.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), blobStart + offset);
  }
  file.writeUInt32LE(crc32(file.subarray(HEADER_BYTES)), MAGIC.length + KEY_BYTES);
  return file;
}

/** How many bytes of a file writtenUnder needs: the magic and the key. */
export const KEY_HEADER_BYTES = MAGIC.length + KEY_BYTES;

/** Whether the start of a file (KEY_HEADER_BYTES of it) says it was written under `key`: no check of the rest. */
export function writtenUnder(head: Buffer, key: Buffer): boolean {
  if (head.length < KEY_HEADER_BYTES) return false;
  return head.subarray(0, MAGIC.length).equals(MAGIC) && head.subarray(MAGIC.length, KEY_HEADER_BYTES).equals(key);
}

/** The snapshot of a file written under `key`, or why it cannot be used. Never throws. */
export function decodeSnapshotFile(bytes: Buffer, key: Buffer): { snapshot: unknown } | { why: string } {
  const why = headerProblem(bytes, key);
  if (why !== null) return { why };
  const blobStart = blobStartOf(bytes);
  if (blobStart > bytes.length) return { why: `truncated (${bytes.length} bytes)` };
  return decodeParts(bytes.subarray(0, blobStart), bytes.subarray(blobStart));
}

/**
 * The snapshot in `file`, read in two parts: the header and objects, garbage once read, and the typed arrays'
 * bytes in a buffer of their own, which the tries keep (ADR 026: read into one buffer, the object part stayed
 * resident as long as the tries). Throws only if the file cannot be read.
 */
export function readSnapshotFile(file: string, key: Buffer): { snapshot: unknown } | { why: string } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(Math.min(size, HEADER_BYTES));
    readSync(fd, header, 0, header.length, 0);
    const why = headerProblem(header, key);
    if (why !== null) return { why };
    const blobStart = blobStartOf(header);
    if (blobStart > size) return { why: `truncated (${size} bytes)` };
    const head = Buffer.alloc(blobStart);
    header.copy(head);
    readSync(fd, head, HEADER_BYTES, blobStart - HEADER_BYTES, HEADER_BYTES);
    // A buffer of its own (not a slice of Node's pool): its bytes start at an aligned address.
    const blob = Buffer.allocUnsafeSlow(size - blobStart);
    readSync(fd, blob, 0, blob.length, blobStart);
    return decodeParts(head, blob);
  } finally {
    closeSync(fd);
  }
}

/** Why a file with this header cannot be read under `key`, or null. */
function headerProblem(header: Buffer, key: Buffer): string | null {
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    return 'not a cache file of this version';
  }
  if (!header.subarray(MAGIC.length, MAGIC.length + KEY_BYTES).equals(key)) {
    return 'stale: the files or the code changed';
  }
  return null;
}

const objectsLengthOf = (header: Buffer): number => Number(header.readBigUInt64LE(MAGIC.length + KEY_BYTES + 4));
const blobStartOf = (header: Buffer): number => aligned(HEADER_BYTES + objectsLengthOf(header));

/** `head`: the header, the objects and the padding up to the blob; `blob`: the typed arrays' bytes. */
function decodeParts(head: Buffer, blob: Buffer): { snapshot: unknown } | { why: string } {
  const checksum = head.readUInt32LE(MAGIC.length + KEY_BYTES);
  if (crc32(blob, crc32(head.subarray(HEADER_BYTES))) !== checksum) {
    return { why: 'corrupt or truncated: the checksum does not match' };
  }
  // The typed arrays are views of the blob, which must sit at an aligned address (a fresh read does).
  const aligned8 = blob.byteOffset % ALIGN === 0 ? blob : Buffer.from(blob);
  try {
    const objects = head.subarray(HEADER_BYTES, HEADER_BYTES + objectsLengthOf(head));
    // A Buffer read from a file or copied is never over a SharedArrayBuffer.
    const buffer = aligned8.buffer as ArrayBuffer;
    const deserializer = new BlobDeserializer(objects, buffer, aligned8.byteOffset, aligned8.length);
    deserializer.readHeader();
    return { snapshot: deserializer.readValue() };
  } catch (error) {
    return { why: `corrupt (${String(error)})` };
  }
}
