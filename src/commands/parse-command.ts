// `/breach <text>` as typed in Slack (or any text chat) → a neutral Command, or an error that shows
// the right form. Discord builds Commands from its typed options instead.
import { SECTORS, type Sector } from '../domain/types.ts';
import { googleNewsFeedName, googleNewsSearchUrl, googleNewsWebSearchQuery, MAX_GOOGLE_QUERY } from '../sources/google-news.ts';
import { STATS_PERIODS, type Command, type CommandParseError, type RouteFiltersInput, type StatsPeriod } from './types.ts';

export const USAGE: Record<string, string> = {
  recent: 'recent [n] [sector]',
  search: 'search <words>',
  show: 'show <incident id>',
  stats: `stats [${STATS_PERIODS.join('|')}]`,
  help: 'help',
  'feed add': 'feed add <url> [name] (a feed, or a site to look for feeds on) · /breach feed add google "<search words>"',
  'feed remove': 'feed remove <feed id>',
  'feed list': 'feed list',
  'feed test': 'feed test <url> · /breach feed test google "<search words>"',
  'route add': 'route add [#channel] [sector=police,nhs] [region="North West",London] [min=1000] [score=0.8] [keyword=ransomware]',
  'route remove': 'route remove <route id>',
  'route list': 'route list',
  'incident merge': 'incident merge <incident to keep> <incident to fold in>',
  'incident split': 'incident split <incident> <article link or number>',
  'incident not-breach': 'incident not-breach <incident>',
  'incident reopen': 'incident reopen <incident>',
};

const fail = (message: string): CommandParseError => ({ kind: 'parse_error', message });
const usage = (key: string): string => `Usage: /breach ${USAGE[key] ?? key}`;

/** Splits on whitespace, keeping "quoted phrases" together, also inside a word (region="North West"). */
export function splitWords(text: string): string[] {
  const normalised = text.replace(/[“”]/g, '"');
  const words: string[] = [];
  for (const match of normalised.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) words.push(match[0].replace(/"/g, ''));
  return words.filter((w) => w !== '');
}

export function isSector(value: string): value is Sector {
  return (SECTORS as readonly string[]).includes(value);
}

/** Slack sends links as <https://…> or <https://…|label>; people may paste them bare. */
function unwrapLink(word: string): string {
  const match = /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/.exec(word);
  return match?.[1] ?? word;
}

/** Channel references: <#C123|name>, <#C123>, #C123 or a bare id. */
export function parseChannelRef(word: string): string | null {
  const match = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(word) ?? /^#?([A-Z0-9]{6,}|\d{6,})$/.exec(word);
  return match?.[1] ?? null;
}

export function parseCommandText(text: string): Command | CommandParseError {
  const words = splitWords(text.trim());
  const [first = 'help', ...rest] = words;
  switch (first.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'recent':
      return parseRecent(rest);
    case 'search': {
      const query = rest.join(' ').trim();
      return query === '' ? fail(`Tell me what to search for. ${usage('search')}`) : { kind: 'search', query };
    }
    case 'show':
      return rest[0] ? { kind: 'show', incidentId: rest[0] } : fail(`Which incident? ${usage('show')}`);
    case 'stats': {
      const period = (rest[0] ?? '30d').toLowerCase();
      return (STATS_PERIODS as readonly string[]).includes(period)
        ? { kind: 'stats', period: period as StatsPeriod }
        : fail(`"${period}" is not a period I know. ${usage('stats')}`);
    }
    case 'feed':
      return parseFeed(rest);
    case 'route':
      return parseRoute(rest);
    case 'incident':
      return parseIncident(rest);
    default:
      return fail(`I don't know "${first}". Try /breach help.`);
  }
}

function parseRecent(rest: string[]): Command | CommandParseError {
  let limit = 5;
  let sector: Sector | null = null;
  for (const word of rest) {
    if (/^\d+$/.test(word)) {
      limit = Number(word);
      if (limit < 1 || limit > 20) return fail(`Pick between 1 and 20 incidents. ${usage('recent')}`);
    } else if (isSector(word.toLowerCase())) {
      sector = word.toLowerCase() as Sector;
    } else {
      return fail(`"${word}" is not a number or a sector (${SECTORS.join(', ')}). ${usage('recent')}`);
    }
  }
  return { kind: 'recent', limit, sector };
}

function parseFeed(rest: string[]): Command | CommandParseError {
  const [action = '', ...args] = rest;
  switch (action.toLowerCase()) {
    case 'add': {
      if (args[0]?.toLowerCase() === 'google') return googleNewsFeed(args.slice(1).join(' '));
      const url = args[0] ? unwrapLink(args[0]) : '';
      if (!/^https?:\/\//i.test(url)) return fail(`Give the feed's http(s) URL. ${usage('feed add')}`);
      const name = args.slice(1).join(' ').trim();
      const webSearch = googleNewsWebSearchQuery(url);
      if (webSearch !== null) return withName(googleNewsFeed(webSearch), name);
      return { kind: 'feed_add', url, name: name === '' ? null : name };
    }
    case 'remove':
      return args[0] ? { kind: 'feed_remove', feedId: args[0] } : fail(`Which feed? See /breach feed list. ${usage('feed remove')}`);
    case 'list':
      return { kind: 'feed_list' };
    case 'test': {
      if (args[0]?.toLowerCase() === 'google') return asTest(googleNewsFeed(args.slice(1).join(' ')));
      const url = args[0] ? unwrapLink(args[0]) : '';
      return /^https?:\/\//i.test(url) ? { kind: 'feed_test', url } : fail(`Give the feed's http(s) URL. ${usage('feed test')}`);
    }
    default:
      return fail(`Feed commands: ${['feed add', 'feed remove', 'feed list', 'feed test'].map((k) => USAGE[k]).join(' · ')}`);
  }
}

/** `feed add google "council data breach"`: the UK-edition Google News search as a feed, named after the words. */
export function googleNewsFeed(query: string): Command | CommandParseError {
  const words = query.trim();
  if (words === '') return fail(`Give the words to search Google News for. ${usage('feed add')}`);
  if (words.length > MAX_GOOGLE_QUERY) return fail(`A Google News search is at most ${MAX_GOOGLE_QUERY} characters; use fewer words.`);
  return { kind: 'feed_add', url: googleNewsSearchUrl(words), name: googleNewsFeedName(words) };
}

/** A Google News feed add as a test of that feed instead. */
export function asTest(command: Command | CommandParseError): Command | CommandParseError {
  return command.kind === 'feed_add' ? { kind: 'feed_test', url: command.url } : command;
}

/** The feed add with the admin's own name for the feed, when they gave one. */
export function withName(command: Command | CommandParseError, name: string | null | undefined): Command | CommandParseError {
  return command.kind === 'feed_add' && name ? { ...command, name } : command;
}

function parseRoute(rest: string[]): Command | CommandParseError {
  const [action = '', ...args] = rest;
  switch (action.toLowerCase()) {
    case 'add':
      return parseRouteAdd(args);
    case 'remove':
      return args[0] ? { kind: 'route_remove', routeId: args[0] } : fail(`Which route? See /breach route list. ${usage('route remove')}`);
    case 'list':
      return { kind: 'route_list' };
    default:
      return fail(`Route commands: ${['route add', 'route remove', 'route list'].map((k) => USAGE[k]).join(' · ')}`);
  }
}

function parseRouteAdd(args: string[]): Command | CommandParseError {
  let channel = '';
  const filters: RouteFiltersInput = {};
  for (const word of args) {
    const [key = '', value = ''] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, ''];
    if (value === '') {
      const ref = parseChannelRef(word);
      if (ref === null || channel !== '') return fail(`"${word}" is not a channel or a filter. ${usage('route add')}`);
      channel = ref;
      continue;
    }
    switch (key.toLowerCase()) {
      case 'sector':
      case 'sectors': {
        const sectors = value.toLowerCase().split(',').filter(Boolean);
        const bad = sectors.find((s) => !isSector(s));
        if (bad) return fail(`"${bad}" is not a sector (${SECTORS.join(', ')}).`);
        filters.sectors = sectors as Sector[];
        break;
      }
      case 'region':
      case 'regions':
        filters.regions = value.split(',').map((r) => r.trim()).filter(Boolean);
        break;
      case 'min':
      case 'minaffected':
        if (!/^\d+$/.test(value)) return fail(`min= takes a whole number of people, e.g. min=1000.`);
        filters.minAffected = Number(value);
        break;
      case 'score':
      case 'minscore':
        if (!/^(?:0(?:\.\d+)?|1(?:\.0+)?)$/.test(value)) return fail(`score= takes the lowest classifier score from 0 to 1, e.g. score=0.8.`);
        filters.minScore = Number(value);
        break;
      case 'keyword':
      case 'keywords':
        filters.keywords = value.split(',').map((k) => k.trim()).filter(Boolean);
        break;
      default:
        return fail(`"${key}" is not a filter I know (sector=, region=, min=, score=, keyword=). ${usage('route add')}`);
    }
  }
  return { kind: 'route_add', channel, filters };
}

function parseIncident(rest: string[]): Command | CommandParseError {
  const [action = '', first, second] = rest;
  switch (action.toLowerCase()) {
    case 'merge':
      return first && second ? { kind: 'incident_merge', intoId: first, fromId: second } : fail(usage('incident merge'));
    case 'split':
      return first && second ? { kind: 'incident_split', incidentId: first, article: unwrapLink(second) } : fail(usage('incident split'));
    case 'not-breach':
    case 'notbreach':
      return first ? { kind: 'incident_not_breach', incidentId: first, notBreach: true } : fail(usage('incident not-breach'));
    case 'reopen':
      return first ? { kind: 'incident_not_breach', incidentId: first, notBreach: false } : fail(usage('incident reopen'));
    default:
      return fail(`Incident corrections: ${['incident merge', 'incident split', 'incident not-breach', 'incident reopen'].map((k) => USAGE[k]).join(' · ')}`);
  }
}
