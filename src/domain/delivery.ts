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
  | 'poison'
  /** Given up on: it can never be sent (an update with no alert to update) or failed for too long. */
  | 'failed';

/** A platform-neutral message: adapters render it in their own format. */
export interface AlertPayload {
  kind: AlertKind;
  /** What a message shows of the incident (compactIncident): never its evidence or history. */
  incident: Incident;
  /** For updates: what changed, in words. Empty when only the sources list grew. */
  factChanges: string[];
  /** For updates: where the new article was reported. */
  source: { url: string | null; title: string; outlet: string | null } | null;
}

/**
 * What a notice is about: a feed that keeps failing, or one that works again after a warning; a
 * destination whose messages kept failing until the outbox gave up on them.
 */
export type NoticeTopic = 'feed_failing' | 'feed_recovered' | 'destination_failing';

/** A message for the people who run breachwatch (not about an incident): plain text, rendered escaped. */
export interface NoticePayload {
  kind: 'notice';
  topic: NoticeTopic;
  /** The feed of a feed notice. */
  feedId?: string;
  /** The destination key ("slack:C0123") of a destination notice. */
  destination?: string;
  /** A short title line, e.g. 'Feed "ICO news" keeps failing'. */
  title: string;
  /** What happened; plain text (sinks escape it), may contain newlines. */
  text: string;
  /**
   * How to fix it, as each kind of sink's user can: `chat` with /breach commands (Slack, Discord),
   * `console` with the command line and the config file. Absent in notices queued before it existed.
   */
  fix?: { chat: string; console: string };
}

/** The notice's text with the fix that fits the sink: chat commands only where they exist. */
export function noticeText(notice: NoticePayload, audience: 'chat' | 'console'): string {
  return notice.fix ? `${notice.text}\n${notice.fix[audience]}` : notice.text;
}

/** Anything the outbox carries. */
export type OutboxPayload = AlertPayload | NoticePayload;

export function isNoticePayload(payload: OutboxPayload): payload is NoticePayload {
  return payload.kind === 'notice';
}

/** The pseudo incident id the outbox files a notice under: "feed:<id>" or "destination:<key>". */
export function noticeSubjectOf(notice: Pick<NoticePayload, 'feedId' | 'destination'>): string {
  return notice.destination !== undefined ? `destination:${notice.destination}` : `feed:${notice.feedId ?? ''}`;
}

/** "Feed ico-news" or "Destination slack:C0123": what a notice's footer names. */
export function noticeAbout(notice: Pick<NoticePayload, 'feedId' | 'destination'>): string {
  return notice.destination !== undefined ? `Destination ${notice.destination}` : `Feed ${notice.feedId ?? ''}`;
}

/** How many sources an incident has: those listed plus those counted in moreSources. */
export function sourceCount(incident: Pick<Incident, 'articles' | 'moreSources'>): number {
  return incident.articles.length + (incident.moreSources ?? 0);
}

/** At most this many sources are listed in a message (the renderers show 10 and count the rest). */
export const PAYLOAD_ARTICLES = 10;

/**
 * What an outbox row keeps of an incident: the fields a message shows, the first sources (the ones
 * renderers list) and the count of the rest. No evidence, history or terms, so a row stays small
 * however many reports the incident gathers.
 */
export function compactIncident(incident: Incident): Incident {
  const { evidence: _evidence, history: _history, excludedKeys: _excluded, mergedFrom: _merged, ...shown } = incident;
  const articles = incident.articles.slice(0, PAYLOAD_ARTICLES);
  const moreSources = sourceCount(incident) - articles.length;
  return { ...shown, terms: [], articles, ...(moreSources > 0 ? { moreSources } : {}) };
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
