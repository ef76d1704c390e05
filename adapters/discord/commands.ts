// The /breach application command: its definition (typed options, choices, autocomplete) and the
// conversion of an interaction's options into the neutral Command. Options are checked with zod.
import { ChannelType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';
import { sectorLabel } from '../../src/alerts/describe.ts';
import { asTest, googleNewsFeed, withName } from '../../src/commands/parse-command.ts';
import { STATS_PERIODS } from '../../src/commands/types.ts';
import type { Command, CommandParseError } from '../../src/commands/types.ts';
import { SECTORS } from '../../src/domain/types.ts';

export const COMMAND_NAME = 'breach';

const PERIOD_NAMES: Record<(typeof STATS_PERIODS)[number], string> = { '30d': 'Last 30 days', '90d': 'Last 90 days', '1y': 'Last year' };
const sectorChoices = SECTORS.map((s) => ({ name: sectorLabel(s), value: s }));
const periodChoices = STATS_PERIODS.map((p) => ({ name: PERIOD_NAMES[p], value: p }));

/** The command as Discord's API takes it (PUT /applications/{id}/commands). */
export function breachCommandDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Data breaches at UK public bodies')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('recent')
        .setDescription('The latest incidents')
        .addIntegerOption((o) => o.setName('n').setDescription('How many (1–20)').setMinValue(1).setMaxValue(20))
        .addStringOption((o) => o.setName('sector').setDescription('Only this sector').addChoices(...sectorChoices)),
    )
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('Search articles')
        .addStringOption((o) => o.setName('words').setDescription('Words to look for').setRequired(true).setMaxLength(200)),
    )
    .addSubcommand((s) =>
      s
        .setName('show')
        .setDescription('One incident with all its facts and sources')
        .addStringOption((o) => o.setName('incident').setDescription('Incident id').setRequired(true).setAutocomplete(true).setMaxLength(100)),
    )
    .addSubcommand((s) =>
      s
        .setName('stats')
        .setDescription('Counts by sector and organisation')
        .addStringOption((o) => o.setName('period').setDescription('Period (default: last 30 days)').addChoices(...periodChoices)),
    )
    .addSubcommand((s) => s.setName('help').setDescription('What breachwatch can do'))
    .addSubcommandGroup((g) =>
      g
        .setName('feed')
        .setDescription('Manage feeds (Manage Server permission)')
        .addSubcommand((s) =>
          s
            .setName('add')
            .setDescription('Add a feed, a site (its feeds are offered) or a Google News search (admins)')
            .addStringOption((o) => o.setName('url').setDescription('RSS or Atom URL, or a site to look for feeds on').setMaxLength(2000))
            .addStringOption((o) => o.setName('google').setDescription('Or: words to search Google News (UK) for').setMaxLength(200))
            .addStringOption((o) => o.setName('name').setDescription('A name for it').setMaxLength(200)),
        )
        .addSubcommand((s) =>
          s
            .setName('remove')
            .setDescription('Remove a feed (admins)')
            .addStringOption((o) => o.setName('id').setDescription('Feed id (see feed list)').setRequired(true).setMaxLength(100)),
        )
        .addSubcommand((s) => s.setName('list').setDescription('List feeds (admins)'))
        .addSubcommand((s) =>
          s
            .setName('test')
            .setDescription('Fetch a feed now and show what its first items would give (admins)')
            .addStringOption((o) => o.setName('url').setDescription('RSS or Atom URL').setMaxLength(2000))
            .addStringOption((o) => o.setName('google').setDescription('Or: words to search Google News (UK) for').setMaxLength(200)),
        ),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('route')
        .setDescription('Choose which channels get which alerts (Manage Server permission)')
        .addSubcommand((s) =>
          s
            .setName('add')
            .setDescription('Send matching alerts to a channel (admins)')
            .addChannelOption((o) =>
              o.setName('channel').setDescription('Channel (default: this one)').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
            )
            .addStringOption((o) => o.setName('sector').setDescription('Only this sector').addChoices(...sectorChoices))
            .addStringOption((o) => o.setName('region').setDescription('Only bodies in this region, e.g. London or North West').setMaxLength(100))
            .addIntegerOption((o) => o.setName('min_affected').setDescription('Only when at least this many people are affected').setMinValue(0))
            .addNumberOption((o) => o.setName('min_score').setDescription('Only alerts scored at least this (0-1; 0.8 for fewer, surer alerts)').setMinValue(0).setMaxValue(1))
            .addStringOption((o) => o.setName('keyword').setDescription('Only incidents mentioning this word').setMaxLength(100)),
        )
        .addSubcommand((s) =>
          s
            .setName('remove')
            .setDescription('Remove a route (admins)')
            .addStringOption((o) => o.setName('id').setDescription('Route id (see route list)').setRequired(true).setMaxLength(100)),
        )
        .addSubcommand((s) => s.setName('list').setDescription('List routes added from chat (admins)')),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('incident')
        .setDescription('Correct incidents (Manage Server permission)')
        .addSubcommand((s) =>
          s
            .setName('merge')
            .setDescription('Fold one incident into another (admins)')
            .addStringOption((o) => o.setName('keep').setDescription('Incident to keep').setRequired(true).setAutocomplete(true).setMaxLength(100))
            .addStringOption((o) => o.setName('fold_in').setDescription('Incident to fold into it').setRequired(true).setAutocomplete(true).setMaxLength(100)),
        )
        .addSubcommand((s) =>
          s
            .setName('split')
            .setDescription('Move one report out into its own incident (admins)')
            .addStringOption((o) => o.setName('incident').setDescription('Incident id').setRequired(true).setAutocomplete(true).setMaxLength(100))
            .addStringOption((o) => o.setName('article').setDescription("The report's link, or its number in the sources list").setRequired(true).setMaxLength(2000)),
        )
        .addSubcommand((s) =>
          s
            .setName('not_breach')
            .setDescription('Mark an incident as not a data breach (admins)')
            .addStringOption((o) => o.setName('incident').setDescription('Incident id').setRequired(true).setAutocomplete(true).setMaxLength(100)),
        )
        .addSubcommand((s) =>
          s
            .setName('reopen')
            .setDescription('Undo "not a breach" (admins)')
            .addStringOption((o) => o.setName('incident').setDescription('Incident id').setRequired(true).setAutocomplete(true).setMaxLength(100)),
        ),
    )
    .toJSON();
}

/** One option as discord.js gives it in `interaction.options.data` (or Discord in `data.options`). */
export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: readonly RawOption[] | undefined;
  focused?: boolean | undefined;
}

const OptionSchema: z.ZodType<RawOption> = z.lazy(() =>
  z.object({
    name: z.string().max(32),
    type: z.number().int(),
    value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
    options: z.array(OptionSchema).max(25).optional(),
    focused: z.boolean().optional(),
  }),
);
const OptionsSchema = z.array(OptionSchema).max(25);

const text = (max: number) => z.string().trim().min(1).max(max);
const snowflake = z.string().regex(/^\d{5,25}$/);

const SCHEMAS = {
  recent: z.object({ n: z.number().int().min(1).max(20).default(5), sector: z.enum(SECTORS).optional() }),
  search: z.object({ words: text(200) }),
  show: z.object({ incident: text(100) }),
  stats: z.object({ period: z.enum(STATS_PERIODS).default('30d') }),
  help: z.object({}),
  'feed add': z.object({ url: text(2000).optional(), google: text(200).optional(), name: text(200).optional() }),
  'feed remove': z.object({ id: text(100) }),
  'feed list': z.object({}),
  'feed test': z.object({ url: text(2000).optional(), google: text(200).optional() }),
  'route add': z.object({
    channel: snowflake.optional(),
    sector: z.enum(SECTORS).optional(),
    region: text(100).optional(),
    min_affected: z.number().int().min(0).optional(),
    min_score: z.number().min(0).max(1).optional(),
    keyword: text(100).optional(),
  }),
  'route remove': z.object({ id: text(100) }),
  'route list': z.object({}),
  'incident merge': z.object({ keep: text(100), fold_in: text(100) }),
  'incident split': z.object({ incident: text(100), article: text(2000) }),
  'incident not_breach': z.object({ incident: text(100) }),
  'incident reopen': z.object({ incident: text(100) }),
} as const;
type Path = keyof typeof SCHEMAS;

const isPath = (value: string): value is Path => Object.hasOwn(SCHEMAS, value);

/** Finds the subcommand path ("feed add") and its option values in Discord's nested option list. */
export function flattenOptions(options: readonly RawOption[]): { path: string; values: Record<string, unknown> } {
  const names: string[] = [];
  let level: readonly RawOption[] = options;
  for (let depth = 0; depth < 2; depth += 1) {
    const sub = level.find((o) => o.type === 1 || o.type === 2);
    if (!sub) break;
    names.push(sub.name);
    level = sub.options ?? [];
  }
  const values: Record<string, unknown> = {};
  for (const option of level) if (option.value !== undefined) values[option.name] = option.value;
  return { path: names.join(' '), values };
}

/**
 * Turns an interaction's options into a neutral Command. `channelId` is where the command was typed
 * (the default channel of `route add`). Anything unexpected gives a parse error that says what is wrong.
 */
export function toCommand(rawOptions: unknown, channelId: string | null): Command | CommandParseError {
  const parsed = OptionsSchema.safeParse(rawOptions);
  if (!parsed.success) return { kind: 'parse_error', message: 'Discord sent options breachwatch cannot read. Try /breach help.' };
  const { path, values } = flattenOptions(parsed.data);
  if (!isPath(path)) return { kind: 'parse_error', message: `Unknown command "/breach ${path}". Try /breach help.` };
  const result = SCHEMAS[path].safeParse(values);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    return { kind: 'parse_error', message: `/breach ${path}: ${problems}. Try /breach help.` };
  }
  return build(path, values, channelId);
}

const ONE_TARGET: CommandParseError = { kind: 'parse_error', message: 'Give either a url (a feed or a site) or google (words to search Google News for).' };

/** `feed add`/`feed test`'s feed: a URL or a Google News search (as a feed add), or null unless exactly one is given. */
function feedTarget(url: string | undefined, google: string | undefined): Command | CommandParseError | null {
  if ((url === undefined) === (google === undefined)) return null;
  return google !== undefined ? googleNewsFeed(google) : { kind: 'feed_add', url: url ?? '', name: null };
}

/** Builds the Command; `v` already passed the path's schema, parsed again here for its types. */
function build(path: Path, v: Record<string, unknown>, channelId: string | null): Command | CommandParseError {
  switch (path) {
    case 'recent': {
      const r = SCHEMAS.recent.parse(v);
      return { kind: 'recent', limit: r.n, sector: r.sector ?? null };
    }
    case 'search':
      return { kind: 'search', query: SCHEMAS.search.parse(v).words };
    case 'show':
      return { kind: 'show', incidentId: SCHEMAS.show.parse(v).incident };
    case 'stats':
      return { kind: 'stats', period: SCHEMAS.stats.parse(v).period };
    case 'help':
      return { kind: 'help' };
    case 'feed add': {
      const r = SCHEMAS['feed add'].parse(v);
      return withName(feedTarget(r.url, r.google) ?? ONE_TARGET, r.name);
    }
    case 'feed remove':
      return { kind: 'feed_remove', feedId: SCHEMAS['feed remove'].parse(v).id };
    case 'feed list':
      return { kind: 'feed_list' };
    case 'feed test': {
      const r = SCHEMAS['feed test'].parse(v);
      return asTest(feedTarget(r.url, r.google) ?? ONE_TARGET);
    }
    case 'route add': {
      const r = SCHEMAS['route add'].parse(v);
      const channel = r.channel ?? channelId;
      if (!channel) return { kind: 'parse_error', message: 'Which channel? Pick one in the channel option, or run the command in that channel.' };
      return {
        kind: 'route_add',
        channel,
        filters: {
          ...(r.sector ? { sectors: [r.sector] } : {}),
          ...(r.region ? { regions: [r.region] } : {}),
          ...(r.min_affected !== undefined ? { minAffected: r.min_affected } : {}),
          ...(r.min_score !== undefined ? { minScore: r.min_score } : {}),
          ...(r.keyword ? { keywords: [r.keyword] } : {}),
        },
      };
    }
    case 'route remove':
      return { kind: 'route_remove', routeId: SCHEMAS['route remove'].parse(v).id };
    case 'route list':
      return { kind: 'route_list' };
    case 'incident merge': {
      const r = SCHEMAS['incident merge'].parse(v);
      return { kind: 'incident_merge', intoId: r.keep, fromId: r.fold_in };
    }
    case 'incident split': {
      const r = SCHEMAS['incident split'].parse(v);
      return { kind: 'incident_split', incidentId: r.incident, article: r.article };
    }
    case 'incident not_breach':
      return { kind: 'incident_not_breach', incidentId: SCHEMAS['incident not_breach'].parse(v).incident, notBreach: true };
    case 'incident reopen':
      return { kind: 'incident_not_breach', incidentId: SCHEMAS['incident reopen'].parse(v).incident, notBreach: false };
  }
}
