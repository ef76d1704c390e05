// The body of an incoming HTTP request, up to a cap: the adapters' signed endpoints (Slack HTTP mode,
// Discord interactions) read it whole before checking its signature.
import type { IncomingMessage } from 'node:http';

/** The whole body, or null as soon as it grows past `maxBytes` (the rest is not read). */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
