// Content-Encoding for the safe HTTP client: a response body decoded as a stream, so that http-get.ts counts
// the size cap after decompression (a decompression bomb stops at the cap).
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

/** The two bytes of a zlib header (RFC 1950): method 8 (deflate), window ≤ 32 KB, check bits. */
export function isZlibHeader(head: Uint8Array): boolean {
  const [cmf, flg] = head;
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * "Content-Encoding: deflate" means zlib-wrapped deflate (RFC 9110), but some servers send raw deflate,
 * which browsers accept: tell them apart by the first two bytes, as browsers do.
 */
function inflateEither(): Transform {
  let head = Buffer.alloc(0);
  let inflater: zlib.Inflate | zlib.InflateRaw | null = null;
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (inflater === null) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 2) return done();
        inflater = isZlibHeader(head) ? zlib.createInflate() : zlib.createInflateRaw();
        inflater.on('data', (data: Buffer) => transform.push(data));
        inflater.on('error', (error) => transform.destroy(error));
        inflater.write(head, () => done());
        return;
      }
      inflater.write(chunk, () => done());
    },
    flush(done) {
      if (inflater === null) return done(head.length === 0 ? null : new Error('the deflate body is one byte long'));
      inflater.once('end', () => done());
      inflater.end();
    },
  });
  return transform;
}

export function decodedStream(res: IncomingMessage, encoding: string, url: URL): Readable {
  const coding = encoding.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return res;
  if (coding === 'gzip' || coding === 'x-gzip') return res.pipe(zlib.createUnzip());
  if (coding === 'deflate') return res.pipe(inflateEither());
  if (coding === 'br') return res.pipe(zlib.createBrotliDecompress());
  throw new BreachwatchError(
    ErrorCode.FeedUnreachable,
    `${url.href} sent the body with an unsupported Content-Encoding "${encoding}"; ask the publisher to use gzip.`,
  );
}
