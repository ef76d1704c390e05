// The platform-neutral slash-command model. Adapters turn a Slack or Discord command into a
// `Command` plus a `CommandContext`, call `handleCommand`, and render the `CommandReply`.
import type { Incident, Sector } from '../domain/types.ts';

export const STATS_PERIODS = ['30d', '90d', '1y'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'recent'; limit: number; sector: Sector | null }
  | { kind: 'search'; query: string }
  | { kind: 'show'; incidentId: string }
  | { kind: 'stats'; period: StatsPeriod }
  | { kind: 'feed_add'; url: string; name: string | null }
  | { kind: 'feed_remove'; feedId: string }
  | { kind: 'feed_list' }
  | { kind: 'feed_test'; url: string }
  | { kind: 'route_add'; channel: string; filters: RouteFiltersInput }
  | { kind: 'route_remove'; routeId: string }
  | { kind: 'route_list' }
  | { kind: 'incident_merge'; intoId: string; fromId: string }
  | { kind: 'incident_split'; incidentId: string; article: string }
  | { kind: 'incident_not_breach'; incidentId: string; notBreach: boolean };

export type CommandKind = Command['kind'];

export interface RouteFiltersInput {
  sectors?: Sector[];
  regions?: string[];
  minAffected?: number;
  minScore?: number;
  keywords?: string[];
}

/** Who asked, where, and what they may do. The adapter works out `isAdmin` for its platform. */
export interface CommandContext {
  platform: 'slack' | 'discord' | 'console';
  userId: string;
  /** Slack: the user id is in the configured admin list. Discord: the member has Manage Server. */
  isAdmin: boolean;
  /** The channel the command was typed in (used as the default channel for `route add`). */
  channelId: string | null;
  /**
   * The Slack workspace (team id) or Discord server (guild id) the command came from: chat routes belong
   * to it (docs/adr/009-chat-scope.md). Null outside one (a DM), where no route can be added.
   */
  workspaceId: string | null;
}

/** One piece of a reply; each adapter renders it in its own format. */
export type ReplyBlock =
  | { kind: 'text'; text: string }
  | { kind: 'incident'; incident: Incident }
  | { kind: 'incident_list'; incidents: Incident[] }
  | { kind: 'search_hits'; hits: SearchHitView[] }
  | { kind: 'fields'; fields: Array<{ label: string; value: string }> }
  | { kind: 'list'; items: string[] };

export interface SearchHitView {
  title: string;
  url: string | null;
  outlet: string | null;
  published: string | null;
  incidentId: string | null;
  snippet: string;
}

export interface CommandReply {
  /** Ephemeral replies are seen only by the person who asked (admin replies, errors). */
  visibility: 'ephemeral' | 'in_channel';
  title: string;
  blocks: ReplyBlock[];
  /** True when the reply is an error or a refusal (adapters may style it). */
  isError?: boolean;
}

/** A command that could not be parsed: the message says what was wrong and shows the right form. */
export interface CommandParseError {
  kind: 'parse_error';
  message: string;
}

export const ADMIN_COMMANDS: ReadonlySet<CommandKind> = new Set([
  'feed_add',
  'feed_remove',
  'feed_list',
  'feed_test',
  'route_add',
  'route_remove',
  'route_list',
  'incident_merge',
  'incident_split',
  'incident_not_breach',
]);
