// What the command core needs from the running bot, and the replies every command shares.
import type { Keyv } from 'keyv';
import type { Route } from '../alerts/route.ts';
import type { Article, ArticleText, Classification } from '../domain/types.ts';
import type { Discovery } from '../sources/discover-feeds.ts';
import type { ArticleStore, BacklogStore, IncidentStore, OutboxStore, RegistryStore, StatsStore } from '../store/ports.ts';
import type { CommandReply } from './types.ts';

export interface CommandDeps {
  store: IncidentStore & ArticleStore & RegistryStore & StatsStore & Pick<OutboxStore, 'alertDestinations'> & Partial<Pick<BacklogStore, 'backlogStatus'>>;
  now: () => Date;
  /** Feeds from config/breachwatch.yaml: listed, but managed in the file, not from chat. */
  configFeeds: ReadonlyArray<{ id: string; name: string; url: string }>;
  /** Checks a URL against the fetch policy (scheme, private addresses); a message says why not. */
  checkFeedUrl: (url: string) => { ok: true } | { ok: false; message: string };
  /**
   * Fetches and parses a feed now (for `feed add` and `feed test`); throws a BreachwatchError on failure.
   * `kind`: the source kind it was read as (src/sources/source-kinds.ts), stored with an added feed.
   */
  fetchArticles: (url: string, signal: AbortSignal) => Promise<{ feedTitle: string | null; articles: Article[]; kind?: string }>;
  classify: (text: ArticleText) => Classification;
  /** Looks for a site's feeds when `feed add` is given a web page (sources/discover-feeds.ts); none: no discovery. */
  discoverFeeds?: (pageUrl: string, signal: AbortSignal) => Promise<Discovery>;
  /** Cooldowns for commands that fetch URLs; none when absent. */
  cooldowns?: Keyv<number>;
  /** The live routes: corrections update the alerts already posted there. */
  routes?: () => readonly Route[];
  /** Called after feeds or routes change, so the running bot picks them up. */
  onRegistryChanged?: () => void;
}

export function errorReply(message: string): CommandReply {
  return { visibility: 'ephemeral', title: 'breachwatch', blocks: [{ kind: 'text', text: message }], isError: true };
}

export const REFUSAL =
  'Sorry, only breachwatch admins can manage feeds and routes. Ask an admin: on Slack, someone listed in ' +
  'SLACK_ADMIN_USER_IDS; on Discord, someone with the Manage Server permission.';
