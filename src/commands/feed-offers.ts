// `feed add <web page>` (and `feed test`): the reply that offers the site's feeds (sources/discover-feeds.ts)
// with the exact command to add (or test) each. Nothing is added: the admin picks one.
import { userMessage } from '../domain/errors.ts';
import { COMMON_FEED_PATHS, type Discovery } from '../sources/discover-feeds.ts';
import { errorReply, type CommandDeps } from './deps.ts';
import type { CommandReply } from './types.ts';

const DISCOVERY_TIMEOUT_MS = 30_000;

/** What the offered commands do: add the feed, or test it. */
export type OfferAction = 'add' | 'test';

/** Looks for the feeds of the site at `url` (a web page, not a feed) and offers them; adds nothing. */
export async function offerSiteFeeds(
  url: string,
  deps: CommandDeps,
  watched: ReadonlyArray<{ id: string; url: string }>,
  action: OfferAction = 'add',
): Promise<CommandReply | null> {
  if (!deps.discoverFeeds) return null;
  let discovery: Discovery;
  try {
    discovery = await deps.discoverFeeds(url, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS));
  } catch (error) {
    return errorReply(`That address is not a feed, and I couldn't read it as a web page to look for its feeds: ${userMessage(error)}`);
  }
  return feedOffers(discovery, watched, action);
}

/** The reply for a discovery: what was found, each with its command, and what was refused. */
export function feedOffers(discovery: Discovery, watched: ReadonlyArray<{ id: string; url: string }>, action: OfferAction = 'add'): CommandReply {
  const host = new URL(discovery.page).hostname;
  const refused =
    discovery.refused.length > 0
      ? [{ kind: 'text' as const, text: `Skipped ${discovery.refused.length} link(s) to addresses breachwatch may not fetch (private or local networks).` }]
      : [];
  if (discovery.feeds.length === 0) {
    const text =
      `${discovery.page} is a web page, not a feed, and I found no feed on ${host}, in the page's feed links or at ` +
      `${COMMON_FEED_PATHS.join(', ')}. Find the site's RSS or Atom link and add that, or search Google News ` +
      'for its stories: /breach feed add google "<search words>".';
    return { ...errorReply(text), blocks: [{ kind: 'text', text }, ...refused] };
  }
  const lines = discovery.feeds.map((feed) => {
    const known = watched.find((w) => w.url === feed.url);
    const what = `"${feed.title ?? feed.url}" <${feed.url}> (${feed.items} item(s))`;
    return known && action === 'add' ? `${what}: already watched as "${known.id}"` : `${what}: /breach feed ${action} ${feed.url}`;
  });
  const one = discovery.feeds.length === 1;
  const verb = action === 'add' ? 'watch' : 'test';
  const page = `${discovery.page} is a web page, not a feed${action === 'add' ? ", so I haven't added anything" : ''}.`;
  return {
    visibility: 'ephemeral',
    title: one ? `Found 1 feed on ${host}` : `Found ${discovery.feeds.length} feeds on ${host}`,
    blocks: [
      {
        kind: 'text',
        text: `${page} The site has ${one ? `one feed; to ${verb} it` : `these feeds; to ${verb} one`}, run the command after it:`,
      },
      { kind: 'list', items: lines },
      ...refused,
    ],
  };
}
