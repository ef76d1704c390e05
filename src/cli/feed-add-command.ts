// `breachwatch feed add <feed URL | site URL | google "words"> [name]`: the checks of chat's /breach feed add,
// from a terminal, where feeds live in config/breachwatch.yaml. A feed is read now and its entry printed
// to paste under `feeds:`; a web page gets the site's feeds offered. Nothing is stored or posted.
import type { CommandDeps } from '../commands/deps.ts';
import { feedIdFor } from '../commands/feed-commands.ts';
import { offerSiteFeeds } from '../commands/feed-offers.ts';
import { parseCommandText } from '../commands/parse-command.ts';
import type { CommandReply } from '../commands/types.ts';
import { ErrorCode, isBreachwatchError, userMessage } from '../domain/errors.ts';
import type { CommandOutput } from './store-commands.ts';

const FETCH_TIMEOUT_MS = 30_000;

export async function runFeedAdd(
  words: readonly string[],
  deps: CommandDeps,
  options: { render: (reply: CommandReply) => string; out: CommandOutput; forTerminal: (text: string) => string },
): Promise<number> {
  const command = parseCommandText(['feed', 'add', ...words.map((w) => (/\s/.test(w) ? `"${w.replace(/"/g, '')}"` : w))].join(' '));
  if (command.kind !== 'feed_add') {
    options.out.stderr(`${options.forTerminal(command.kind === 'parse_error' ? command.message : 'Usage: breachwatch feed add <url> [name]')}\n`);
    return 2;
  }
  const { url, name } = command;
  const check = deps.checkFeedUrl(url);
  if (!check.ok) {
    options.out.stderr(`breachwatch can't fetch that address: ${check.message}\n`);
    return 1;
  }
  const known = deps.configFeeds.find((f) => f.url === url);
  if (known) {
    options.out.stdout(`That feed is already in the config file as "${known.id}".\n`);
    return 0;
  }
  let fetched: Awaited<ReturnType<CommandDeps['fetchArticles']>>;
  try {
    fetched = await deps.fetchArticles(url, AbortSignal.timeout(FETCH_TIMEOUT_MS));
  } catch (error) {
    const offers = isBreachwatchError(error) && error.code === ErrorCode.FeedNotAFeed ? await offerSiteFeeds(url, deps, deps.configFeeds) : null;
    if (offers === null) {
      options.out.stderr(`breachwatch couldn't read that feed: ${userMessage(error)}\n`);
      return 1;
    }
    const text = `${options.forTerminal(options.render(offers))}\n`;
    if (offers.isError) options.out.stderr(text);
    else options.out.stdout(text);
    return offers.isError ? 1 : 0;
  }
  const feedName = name ?? fetched.feedTitle ?? new URL(url).hostname;
  let id = feedIdFor(name ?? fetched.feedTitle, url);
  for (let n = 2; deps.configFeeds.some((f) => f.id === id); n += 1) id = `${feedIdFor(name ?? fetched.feedTitle, url)}-${n}`;
  options.out.stdout(
    `"${feedName}" reads: ${fetched.articles.length} item(s). To watch it, add this under feeds: in config/breachwatch.yaml ` +
      `and restart breachwatch (or add it from chat with /breach feed add):\n\n` +
      `  - id: ${id}\n    name: ${JSON.stringify(feedName)}\n    url: ${JSON.stringify(url)}\n`,
  );
  return 0;
}
