// Counts what the fake Slack and Discord hold against what must be there. Alerts: exactly one per
// planned incident (by organisation, as the incident's id depends on which report the bot saw first).
// Thread replies: exactly one per fact-changing update the store recorded for that platform (the
// store's outbox is the record of what must be sent; that it lost no article is checked separately).
// Edits: at least one per update of the incident.
import type { DatabaseSync } from 'node:sqlite';
import type { FakeDiscord } from '../fakes/fake-discord-api.ts';
import type { FakeSlackApi } from '../fakes/fake-slack-api.ts';
import type { ExpectedIncident } from './expected.ts';

export interface PlatformTally {
  alertsExpected: number;
  alertsSent: number;
  alertDuplicates: number;
  alertsLost: number;
  updatesExpected: number;
  updatesApplied: number;
  repliesExpected: number;
  repliesSent: number;
  replyDuplicates: number;
  repliesLost: number;
  problems: string[];
}

/** What the store says must reach one platform, after the run. */
export interface StoreRecord {
  /** Incident id (and alias) → organisation. */
  organisation: Map<string, string>;
  /** Update entries per incident id, and which of them carry fact changes (a thread reply). */
  updates: Map<string, number>;
  replies: Set<number>;
}

export function readStoreRecord(db: DatabaseSync, sink: string): StoreRecord {
  const organisation = new Map<string, string>();
  for (const row of db.prepare('SELECT id, organisation FROM incidents').all() as Array<{ id: string; organisation: string }>) organisation.set(row.id, row.organisation);
  const updates = new Map<string, number>();
  const replies = new Set<number>();
  const rows = db.prepare("SELECT id, incident_id, payload FROM outbox WHERE kind = 'update' AND destination LIKE ?").all(`${sink}:%`) as Array<{ id: number; incident_id: string; payload: string }>;
  for (const row of rows) {
    updates.set(row.incident_id, (updates.get(row.incident_id) ?? 0) + 1);
    if ((JSON.parse(row.payload) as { factChanges: string[] }).factChanges.length > 0) replies.add(Number(row.id));
  }
  return { organisation, updates, replies };
}

interface Seen {
  /** Top-level alerts per incident id. */
  alerts: Map<string, number>;
  /** Thread replies per outbox entry id. */
  replies: Map<number, number>;
  /** Edits of each incident's alert. */
  edits: Map<string, number>;
}

function tally(platform: string, expected: readonly ExpectedIncident[], store: StoreRecord, seen: Seen): PlatformTally {
  const t: PlatformTally = {
    alertsExpected: expected.length, alertsSent: 0, alertDuplicates: 0, alertsLost: 0,
    updatesExpected: expected.reduce((n, e) => n + e.updates, 0), updatesApplied: 0,
    repliesExpected: store.replies.size, repliesSent: 0, replyDuplicates: 0, repliesLost: 0, problems: [],
  };
  const byOrganisation = new Map<string, number>();
  for (const [id, count] of seen.alerts) {
    const org = store.organisation.get(id) ?? `unknown incident ${id}`;
    byOrganisation.set(org, (byOrganisation.get(org) ?? 0) + count);
  }
  for (const e of expected) {
    const posted = byOrganisation.get(e.organisation) ?? 0;
    byOrganisation.delete(e.organisation);
    t.alertsSent += Math.min(posted, 1);
    if (posted === 0) t.alertsLost += 1;
    if (posted > 1) t.alertDuplicates += posted - 1;
    if (posted !== 1) t.problems.push(`${platform}: ${posted} alerts for ${e.organisation}, expected 1`);
  }
  for (const [org, count] of byOrganisation) {
    t.alertDuplicates += count;
    t.problems.push(`${platform}: ${count} alert(s) for ${org}, which was not a planned incident`);
  }
  let updatesRecorded = 0;
  for (const [id, count] of store.updates) {
    updatesRecorded += count;
    const edits = seen.edits.get(id) ?? 0;
    t.updatesApplied += Math.min(edits, count);
    if (edits < count) t.problems.push(`${platform}: ${edits} edit(s) of the alert of ${id}, expected at least ${count}`);
  }
  if (updatesRecorded !== t.updatesExpected) t.problems.push(`${platform}: the store recorded ${updatesRecorded} updates, expected ${t.updatesExpected}`);
  for (const entry of store.replies) {
    const posted = seen.replies.get(entry) ?? 0;
    t.repliesSent += Math.min(posted, 1);
    if (posted === 0) t.repliesLost += 1;
    if (posted > 1) t.replyDuplicates += posted - 1;
    if (posted !== 1) t.problems.push(`${platform}: ${posted} thread replies for update entry ${entry}, expected 1`);
  }
  for (const [entry, count] of seen.replies) {
    if (store.replies.has(entry)) continue;
    t.replyDuplicates += count;
    t.problems.push(`${platform}: ${count} thread replies for entry ${entry}, which should have none`);
  }
  return t;
}

const bump = <K>(m: Map<K, number>, k: K, by = 1): void => {
  m.set(k, (m.get(k) ?? 0) + by);
};

export function tallySlack(slack: FakeSlackApi, expected: readonly ExpectedIncident[], store: StoreRecord): PlatformTally {
  const seen: Seen = { alerts: new Map(), replies: new Map(), edits: new Map() };
  for (const m of slack.messages) {
    const payload = m.metadata?.event_payload ?? {};
    if (m.threadTs === null && m.metadata?.event_type === 'breachwatch_alert') {
      const incident = String(payload.incident_id);
      bump(seen.alerts, incident);
      bump(seen.edits, incident, m.edits);
    } else if (m.threadTs !== null) {
      bump(seen.replies, Number(payload.outbox_id ?? -1));
    }
  }
  return tally('slack', expected, store, seen);
}

export function tallyDiscord(discord: FakeDiscord, expected: readonly ExpectedIncident[], store: StoreRecord): PlatformTally {
  const seen: Seen = { alerts: new Map(), replies: new Map(), edits: new Map() };
  for (const m of discord.messages) {
    if (m.message_reference) {
      bump(seen.replies, Number(/^bwr(\d+)\./.exec(m.nonce ?? '')?.[1] ?? -1));
      continue;
    }
    const first = m.embeds[0] as { footer?: { text?: string } } | undefined;
    const incident = /^Incident (\S+) ·/.exec(first?.footer?.text ?? '')?.[1] ?? '?';
    bump(seen.alerts, incident);
    bump(seen.edits, incident, m.edits);
  }
  return tally('discord', expected, store, seen);
}
