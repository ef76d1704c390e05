// Plain data for the outbox: what is to be sent where, and what happened when it was.
import type { Incident } from './types.ts';

export type DeliveryKind = 'alert' | 'update' | 'notice';
/** The kinds that carry an incident. */
export type AlertKind = 'alert' | 'update';

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
  kind: AlertKind;
  incident: Incident;
  /** For updates: what changed, in words. Empty when only the sources list grew. */
  factChanges: string[];
  /** For updates: where the new article was reported. */
  source: { url: string | null; title: string; outlet: string | null } | null;
}

/** What a notice is about: a feed that keeps failing, or one that works again after a warning. */
export type NoticeTopic = 'feed_failing' | 'feed_recovered';

/** A message for the people who run breachwatch (not about an incident): plain text, rendered escaped. */
export interface NoticePayload {
  kind: 'notice';
  topic: NoticeTopic;
  feedId: string;
  /** A short title line, e.g. 'Feed "ICO news" keeps failing'. */
  title: string;
  /** What happened and how to fix it; plain text (sinks escape it), may contain newlines. */
  text: string;
}

/** Anything the outbox carries. */
export type OutboxPayload = AlertPayload | NoticePayload;

export function isNoticePayload(payload: OutboxPayload): payload is NoticePayload {
  return payload.kind === 'notice';
}

export interface OutboxEntry {
  id: number;
  incidentId: string;
  /** The sink and channel, e.g. "console", "slack:C0123", "discord:98765". */
  destination: string;
  kind: DeliveryKind;
  payload: OutboxPayload;
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
