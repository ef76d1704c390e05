// The port every chat adapter implements: turn a neutral alert into a message and back.
import type { AlertPayload, NoticePayload, OutboxEntry } from '../domain/delivery.ts';

export interface SendRequest {
  /** Channel id within the sink, or null for sinks without channels (console). */
  channel: string | null;
  payload: AlertPayload;
  /** For updates: the platform's ref of the original alert message, to edit it and thread under it. */
  parentRef: string | null;
  /** The outbox entry id: sinks with idempotency keys (Discord nonce) derive them from it. */
  entryId: number;
  signal: AbortSignal;
}

/** A notice for the people who run breachwatch (a feed keeps failing, or works again). */
export interface NoticeRequest {
  channel: string | null;
  notice: NoticePayload;
  entryId: number;
  signal: AbortSignal;
}

export interface Sink {
  readonly name: string;
  /** Posts (or, for updates, edits and replies); returns the new message's ref, if any. */
  send(request: SendRequest): Promise<{ messageRef: string | null }>;
  /** Posts an admin notice as plain, escaped text. Sinks without it cannot show notices (they are skipped). */
  sendNotice?(request: NoticeRequest): Promise<{ messageRef: string | null }>;
  /**
   * After a crash mid-send: was this entry already delivered? Returns its ref if so, null if not.
   * Sinks that cannot tell leave it out, and the entry is sent again (at-least-once).
   */
  reconcile?(entry: OutboxEntry, signal: AbortSignal): Promise<{ delivered: boolean; messageRef: string | null }>;
}
