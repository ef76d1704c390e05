// Admin commands for feeds: add (checked and test-fetched first), remove, list, test.
import { sectorLabel } from '../alerts/describe.ts';
import { ErrorCode, isBreachwatchError, userMessage } from '../domain/errors.ts';
import type { Article, ArticleText, Classification } from '../domain/types.ts';
import { FETCH_COOLDOWN_MS, takeCooldown } from './cooldown.ts';
import { errorReply, type CommandDeps } from './deps.ts';
import { offerSiteFeeds } from './feed-offers.ts';
import type { Command, CommandContext, CommandReply } from './types.ts';

type FeedCommand = Extract<Command, { kind: 'feed_add' | 'feed_remove' | 'feed_list' | 'feed_test' }>;

const FEED_TEST_TIMEOUT_MS = 20_000;
/** `feed test` shows this many of the feed's first items, each with this many reasons. */
const FEED_TEST_ITEMS = 10;
const FEED_TEST_REASONS = 2;

/** "Computer Weekly security" → "computer-weekly-security"; falls back to the host name. */
export function feedIdFor(name: string | null, url: string): string {
  const base = (name ?? new URL(url).hostname.replace(/^www\./, ''))
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return base === '' ? 'feed' : base;
}

export async function feedCommands(command: FeedCommand, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  if ((command.kind === 'feed_add' || command.kind === 'feed_test') && deps.cooldowns) {
    const wait = await takeCooldown(deps.cooldowns, `${ctx.platform}:${ctx.userId}:fetch`, FETCH_COOLDOWN_MS, deps.now().getTime());
    if (wait > 0) return errorReply(`Please wait ${Math.ceil(wait / 1000)} s before asking me to fetch another feed.`);
  }
  switch (command.kind) {
    case 'feed_add':
      return addFeed(command.url, command.name, ctx, deps);
    case 'feed_remove': {
      if (deps.configFeeds.some((f) => f.id === command.feedId)) {
        return errorReply(`"${command.feedId}" is set in config/breachwatch.yaml: remove it there and restart breachwatch.`);
      }
      if (!(await deps.store.removeFeed(command.feedId))) return errorReply(`No feed "${command.feedId}". See /breach feed list.`);
      deps.onRegistryChanged?.();
      return admin(`Removed feed ${command.feedId}`, 'It will not be polled again. Incidents already reported stay.');
    }
    case 'feed_list': {
      const stored = await deps.store.listFeeds();
      const items = [
        ...deps.configFeeds.map((f) => `${f.id}: ${f.name} <${f.url}> (config file)`),
        ...stored.map((f) => `${f.id}: ${f.name} <${f.url}> (added by ${f.addedBy} on ${f.addedAt.slice(0, 10)})`),
      ];
      return { visibility: 'ephemeral', title: `${items.length} feed(s)`, blocks: [{ kind: 'list', items: items.length > 0 ? items : ['No feeds yet: /breach feed add <url> [name]'] }] };
    }
    case 'feed_test':
      return testFeed(command.url, deps);
  }
}

async function addFeed(url: string, name: string | null, ctx: CommandContext, deps: CommandDeps): Promise<CommandReply> {
  const check = deps.checkFeedUrl(url);
  if (!check.ok) return errorReply(`I can't add that feed: ${check.message}`);
  const stored = await deps.store.listFeeds();
  const all = [...deps.configFeeds, ...stored];
  const existing = all.find((f) => f.url === url);
  if (existing) return errorReply(`That feed is already watched as "${existing.id}".`);
  let fetched: Awaited<ReturnType<CommandDeps['fetchArticles']>>;
  try {
    fetched = await deps.fetchArticles(url, AbortSignal.timeout(FEED_TEST_TIMEOUT_MS));
  } catch (error) {
    // A web page, not a feed: offer the site's feeds instead (an HTML page → discovery; a feed → added below).
    const offers = isNotAFeed(error) ? await offerSiteFeeds(url, deps, all) : null;
    return offers ?? errorReply(`I couldn't read that feed, so I haven't added it: ${userMessage(error)}`);
  }
  const feedName = name ?? fetched.feedTitle ?? new URL(url).hostname;
  let id = feedIdFor(name ?? fetched.feedTitle, url);
  for (let n = 2; all.some((f) => f.id === id); n += 1) id = `${feedIdFor(name ?? fetched.feedTitle, url)}-${n}`;
  const kind = fetched.kind ?? null; // as detected from what the URL serves (src/sources/source-kinds.ts)
  const added = await deps.store.addFeed({ id, name: feedName, url, intervalMinutes: null, enabled: true, addedBy: ctx.userId, addedAt: deps.now().toISOString(), kind });
  if (!added) return errorReply('Someone added that feed at the same moment; see /breach feed list.');
  deps.onRegistryChanged?.();
  return admin(
    `Added feed ${id}`,
    `Watching "${feedName}" (${fetched.articles.length} item(s) now). Its current items are recorded without alerting; ` +
      'stories published from now on are alerted when they are public-sector breaches.',
  );
}

async function testFeed(url: string, deps: CommandDeps): Promise<CommandReply> {
  const check = deps.checkFeedUrl(url);
  if (!check.ok) return errorReply(`I can't fetch that feed: ${check.message}`);
  let fetched: Awaited<ReturnType<CommandDeps['fetchArticles']>>;
  try {
    fetched = await deps.fetchArticles(url, AbortSignal.timeout(FEED_TEST_TIMEOUT_MS));
  } catch (error) {
    const offers = isNotAFeed(error) ? await offerSiteFeeds(url, deps, [], 'test') : null;
    return offers ?? errorReply(`The feed test failed: ${userMessage(error)}`);
  }
  const results = fetched.articles.map((article) => ({ article, result: deps.classify(asPolled(article)) }));
  const alerts = results.filter(({ result }) => result.alert).length;
  const shown = results.slice(0, FEED_TEST_ITEMS).map(({ article, result }) => feedTestLine(article.title, result));
  return {
    visibility: 'ephemeral',
    title: `Feed test: ${fetched.feedTitle ?? url}`,
    blocks: [
      {
        kind: 'text',
        text:
          `${fetched.articles.length} item(s) read; ${alerts} would alert if they were new. Nothing was posted.` +
          (results.length > shown.length ? ` The first ${shown.length}:` : ''),
      },
      ...(shown.length > 0 ? [{ kind: 'list' as const, items: shown }] : []),
    ],
  };
}

/** The text the poller classifies (pipeline/process-article.ts articleText), so a test decides as a poll would. */
const asPolled = (a: Article): ArticleText => ({
  title: a.title,
  summary: a.summary,
  content: a.content,
  url: a.url,
  outlet: a.outlet,
  published: a.published,
});

/** One item of a feed test: the decision, the body and sector it names, and the first reasons, short. */
export function feedTestLine(title: string, result: Classification): string {
  const decision = result.alert ? `ALERT (score ${result.score.toFixed(2)})` : `no alert (${result.category.replace(/_/g, ' ')})`;
  const body = result.organisation ? ` → ${result.organisation} (${result.sector ? sectorLabel(result.sector) : 'unknown sector'})` : '';
  const reasons = result.reasons.slice(0, FEED_TEST_REASONS).map((r) => shorten(r, 140));
  return `${decision}: ${shorten(title, 160)}${body}${reasons.length > 0 ? ` — ${reasons.join('; ')}` : ''}`;
}

const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

const isNotAFeed = (error: unknown): boolean => isBreachwatchError(error) && error.code === ErrorCode.FeedNotAFeed;

function admin(title: string, text: string): CommandReply {
  return { visibility: 'ephemeral', title, blocks: [{ kind: 'text', text }] };
}
