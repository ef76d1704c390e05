// A closed output pipe (`breachwatch recent | head -1`, or a log shipper that went away) is not a crash.
// Node reports it as an 'error' event (EPIPE) on process.stdout; unhandled, that kills the process with a
// stack trace. A one-shot command then just stops quietly, as `head`'s other commands do; the running bot
// carries on (its alerts stay in the store and go to chat) and says once, on stderr, that stdout is gone.
import type { EventEmitter } from 'node:events';

const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

export function isClosedPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CLOSED.has(String((error as { code?: unknown }).code));
}

/**
 * Calls `onClosed` (once) when `stream` fails because its reader went away. Any other error is thrown
 * again, as it would be without this handler.
 */
export function onClosedPipe(stream: EventEmitter, onClosed: () => void): void {
  let closed = false;
  stream.on('error', (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
    if (closed) return;
    closed = true;
    onClosed();
  });
}
