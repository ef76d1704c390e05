// A sink that records what it was asked to send, and can be told to fail the next sends.
import type { SendRequest, Sink } from '../../src/alerts/sink.ts';
import type { OutboxEntry } from '../../src/domain/delivery.ts';

export interface RecordingSink extends Sink {
  sent: SendRequest[];
  /** Errors to throw on the next sends, in order. */
  failNext: unknown[];
  /** Entry ids the platform "already has" (for reconcile after a crash). */
  delivered: Map<number, string>;
}

export function createRecordingSink(name = 'console', options: { canReconcile?: boolean } = {}): RecordingSink {
  const sink: RecordingSink = {
    name,
    sent: [],
    failNext: [],
    delivered: new Map(),
    async send(request) {
      const failure = sink.failNext.shift();
      if (failure !== undefined) throw failure;
      sink.sent.push(request);
      const ref = `${name}-msg-${request.entryId}`;
      sink.delivered.set(request.entryId, ref);
      return { messageRef: ref };
    },
  };
  if (options.canReconcile) {
    sink.reconcile = async (entry: OutboxEntry) => {
      const ref = sink.delivered.get(entry.id) ?? null;
      return { delivered: ref !== null, messageRef: ref };
    };
  }
  return sink;
}
