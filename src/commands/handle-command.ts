// The slash-command core: platform-neutral. It checks permission itself (never trusting only the
// platform's command settings), talks to the store through ports, and answers with neutral data.
import { describeBacklog } from '../domain/backlog.ts';
import { userMessage } from '../domain/errors.ts';
import type { Incident, Sector } from '../domain/types.ts';
import { errorReply, REFUSAL, type CommandDeps } from './deps.ts';
import { feedCommands } from './feed-commands.ts';
import { incidentCommands } from './incident-commands.ts';
import { USAGE } from './parse-command.ts';
import { routeCommands } from './route-commands.ts';
import { ADMIN_COMMANDS, type Command, type CommandContext, type CommandReply, type StatsPeriod } from './types.ts';
import { formatCount } from '../domain/text-order.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const HISTORY_WORDS: Record<NonNullable<Incident['history']>[number]['kind'], string> = {
  created: 'first reported',
  source: 'another report',
  facts: 'new facts',
  merged: 'merged',
  split: 'split',
  not_breach: 'marked not a breach',
  reopened: 'reopened',
};
const PERIOD_DAYS: Record<StatsPeriod, number> = { '30d': 30, '90d': 90, '1y': 365 };

const SECTOR_WORDS: Record<Sector, string> = {
  police: 'police',
  council: 'councils',
  nhs: 'NHS and health',
  central_government: 'central government',
  education: 'education',
  justice: 'courts and justice',
  transport: 'transport',
  regulator: 'regulators',
  other_public: 'other public bodies',
};

export async function handleCommand(command: Command, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  if (ADMIN_COMMANDS.has(command.kind) && !ctx.isAdmin) return errorReply(REFUSAL);
  try {
    return await dispatch(command, ctx, deps);
  } catch (error) {
    return errorReply(`That did not work: ${userMessage(error)}`);
  }
}

async function dispatch(command: Command, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  switch (command.kind) {
    case 'help':
      return help(ctx);
    case 'recent': {
      const incidents = await deps.store.recentIncidents({ limit: command.limit, sector: command.sector });
      const what = command.sector ? `${SECTOR_WORDS[command.sector]} ` : '';
      if (incidents.length === 0) return inChannel(`No ${what}incidents yet`, 'Nothing recorded so far. New alerts will appear here.');
      return { visibility: 'in_channel', title: `Latest ${incidents.length} ${what}incident(s)`, blocks: [{ kind: 'incident_list', incidents }] };
    }
    case 'search': {
      const hits = await deps.store.searchArticles(command.query, 10);
      // The words are the asker's own text: never repeated in a header, and a miss is answered privately,
      // so that /breach search cannot make the bot post arbitrary text in a channel (issue 16 point 11).
      if (hits.length === 0) {
        const text = 'Nothing matches those words. Try fewer or different words.';
        return { visibility: 'ephemeral', title: 'No matching articles', blocks: [{ kind: 'text', text }] };
      }
      return { visibility: 'in_channel', title: `${hits.length} matching article(s)`, blocks: [{ kind: 'search_hits', hits }] };
    }
    case 'show': {
      const incident = await deps.store.getIncident(command.incidentId.trim());
      if (!incident) return errorReply(`No incident "${command.incidentId}". Incident ids look like bw-0q2ft4d0dm: see /breach recent.`);
      const history = (incident.history ?? []).map(
        (h) => `${h.at.slice(0, 10)} ${HISTORY_WORDS[h.kind]}${h.source ? ` (${h.source.outlet ?? 'unknown outlet'}: ${h.source.title})` : ''}${h.changes.length > 0 ? `: ${h.changes.join('; ')}` : ''}`,
      );
      return {
        visibility: 'in_channel',
        title: `Incident ${incident.id}`,
        blocks: [{ kind: 'incident', incident }, ...(history.length > 0 ? [{ kind: 'text' as const, text: 'History:' }, { kind: 'list' as const, items: history.slice(-15) }] : [])],
      };
    }
    case 'stats':
      return stats(command.period, deps);
    case 'feed_add':
    case 'feed_remove':
    case 'feed_list':
    case 'feed_test':
      return feedCommands(command, ctx, deps);
    case 'route_add':
    case 'route_remove':
    case 'route_list':
      return routeCommands(command, ctx, deps);
    case 'incident_merge':
    case 'incident_split':
    case 'incident_not_breach':
      return incidentCommands(command, ctx, deps);
  }
}

function inChannel(title: string, text: string): CommandReply {
  return { visibility: 'in_channel', title, blocks: [{ kind: 'text', text }] };
}

function help(ctx: CommandContext): CommandReply {
  const everyone = ['recent', 'search', 'show', 'stats', 'help'].map((k) => `/breach ${USAGE[k]}`);
  const admin = ['feed add', 'feed remove', 'feed list', 'feed test', 'route add', 'route remove', 'route list', 'incident merge', 'incident split', 'incident not-breach', 'incident reopen'].map(
    (k) => `/breach ${USAGE[k]}`,
  );
  return {
    visibility: 'ephemeral',
    title: 'breachwatch commands',
    blocks: [
      { kind: 'text', text: 'breachwatch reports data breaches at UK public bodies. Ask it about past incidents:' },
      { kind: 'list', items: everyone },
      { kind: 'text', text: ctx.isAdmin ? 'As an admin you can also manage feeds, where alerts go, and correct incidents:' : 'Admins can also manage feeds and routes, and correct incidents.' },
      ...(ctx.isAdmin ? [{ kind: 'list' as const, items: admin }] : []),
    ],
  };
}

async function stats(period: StatsPeriod, deps: CommandDeps): Promise<CommandReply> {
  const since = new Date(deps.now().getTime() - PERIOD_DAYS[period] * DAY_MS).toISOString();
  const s = await deps.store.incidentStats(since);
  // While first polls' past items are being recorded (docs/adr/024-first-poll-backlog.md), the figures still grow.
  const waiting = deps.store.backlogStatus ? describeBacklog(await deps.store.backlogStatus()) : null;
  const sectors = s.bySector.map((b) => `${b.sector ? SECTOR_WORDS[b.sector] : 'unknown sector'}: ${b.incidents}`);
  const orgs = s.topOrganisations.map((o) => `${o.organisation}: ${o.incidents}`);
  return {
    visibility: 'in_channel',
    title: `Breaches in the last ${period}`,
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Incidents', value: String(s.incidents) },
          { label: 'Articles', value: String(s.articles) },
          { label: 'People affected (where stated)', value: formatCount(s.affected) },
        ],
      },
      ...(sectors.length > 0 ? [{ kind: 'text' as const, text: 'By sector:' }, { kind: 'list' as const, items: sectors }] : []),
      ...(orgs.length > 0 ? [{ kind: 'text' as const, text: 'Most reported:' }, { kind: 'list' as const, items: orgs }] : []),
      ...(waiting ? [{ kind: 'text' as const, text: `${waiting}: these figures grow for a few minutes yet.` }] : []),
    ],
  };
}
