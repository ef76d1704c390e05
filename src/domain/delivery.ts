// Plain data for the outbox: what is to be sent where, and what happened when it was.
import type { Incident } from './types.ts';

export type DeliveryKind = 'alert' | 'update';

export type DeliveryStatus =
  /** Waiting to be sent (or to be retried at nextAttemptAt). */
  | 'pending'
  /** Claimed and handed to a sink; if the process dies here, the sink reconciles on restart. */
  | 'sending'
  | 'sent'
  /** Rejected by the platform as a bad payload: recorded, skipped, never retried. */
  | 'poison';

/** A platform-neutral message: adapters render it in their own format. */
export interface AlertPayload {
  kind: DeliveryKind;
  incident: Incident;
  /** For updates: what changed, in words. Empty when only the sources list grew. */
  factChanges: string[];
  /** For updates: where the new article was reported. */
  source: { url: string | null; title: string; outlet: string | null } | null;
}

export interface OutboxEntry {
  id: number;
  incidentId: string;
  /** The sink and channel, e.g. "console", "slack:C0123", "discord:98765". */
  destination: string;
  kind: DeliveryKind;
  payload: AlertPayload;
  status: DeliveryStatus;
  attempts: number;
  /** ISO time the entry may next be tried. */
  nextAttemptAt: string;
  lastError: string | null;
  /** The platform's id of the posted message (alerts), used to edit it and thread updates under it. */
  messageRef: string | null;
  createdAt: string;
}

export type NewOutboxEntry = Pick<OutboxEntry, 'incidentId' | 'destination' | 'kind' | 'payload'>;
