// Canonical links, so that tracking parameters, http→https moves, fragments and parameter order do
// not make an old article look new. Pure: uses only the WHATWG URL global.
import { withoutTrailing } from './text.ts';

/** Exact parameter names (lower-case) that only track the reader. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'igshid', 'li_fat_id',
  'mc_cid', 'mc_eid', 'ocid', 'cmpid', 'cmp', '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'ref', 'ref_src',
  'ref_url', 'referrer', 'spm', 'ito', 'rss_source', 'src_rss', 'cid_rss', 'sr_share',
  'smid', 'trk', 'trkcampaign', 'ncid', 'soc_src', 'soc_trk', 'at_medium', 'at_campaign',
]);
/** Parameter-name prefixes that only track the reader (utm_source, at_custom1, pk_campaign, …). */
const TRACKING_PREFIXES = ['utm_', 'at_', 'pk_', 'mtm_', 'hsa_', 'oly_', 'vero_', '__s'];
/** Google News article links carry `oc=5` and `hl`/`gl`/`ceid` edition parameters that do not change the story. */
const GOOGLE_NEWS_PARAMS = new Set(['oc', 'hl', 'gl', 'ceid']);

export function isTrackingParam(name: string, host = ''): boolean {
  const lower = name.toLowerCase();
  if (TRACKING_PARAMS.has(lower)) return true;
  if (TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix))) return true;
  return isGoogleNewsHost(host) && GOOGLE_NEWS_PARAMS.has(lower);
}

export function isGoogleNewsHost(host: string): boolean {
  return host === 'news.google.com';
}

/** True for Google News redirect links (news.google.com/rss/articles/… or /articles/…). */
export function isGoogleNewsLink(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return isGoogleNewsHost(parsed.hostname) && /^\/(?:rss\/)?articles\//.test(parsed.pathname);
  } catch {
    return false;
  }
}

/**
 * The canonical form of a link, or null when it is not a usable http(s) URL:
 * https scheme (http and https are one identity), lower-case host without a trailing dot, no default
 * port, no credentials, no fragment, tracking parameters removed, the rest sorted by name (stable, so
 * repeated names keep their order). The path is kept as written; the root path is always "/".
 * Relative links are resolved against `base` when given. With `keepScheme` the scheme is left as it
 * was: that form is the link we show people (an http-only site must keep working), while the https
 * form is the item's identity.
 */
export function canonicalUrl(raw: string | null | undefined, base?: string | null, options: { keepScheme?: boolean } = {}): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text === '') return null;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const port = url.port;
  if (!options.keepScheme) url.protocol = 'https:';
  if (port === '80' || port === '443') url.port = '';
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = withoutTrailing(url.hostname, '.');
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (!isTrackingParam(name, url.hostname)) kept.append(name, value);
  }
  kept.sort();
  const query = kept.toString();
  url.search = query === '' ? '' : `?${query}`;
  return url.href;
}
