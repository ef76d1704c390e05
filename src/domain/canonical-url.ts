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

/** A link's two canonical forms (canonicalUrl), made from one parse, and whether it is a Google News redirect link. */
export interface CanonicalLink {
  /** As shown to people: the scheme kept. */
  shown: string;
  /** As identity: https. */
  identity: string;
  /** isGoogleNewsLink of `shown`. */
  googleNews: boolean;
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
  const link = canonicalLink(raw, base);
  return link === null ? null : options.keepScheme ? link.shown : link.identity;
}

/**
 * Both canonical forms of a link (canonicalUrl) from ONE parse of it, or null when it is not a usable http(s)
 * URL. A part is set only when it has something to remove (each setter serialises the URL again); the https
 * form is the shown one with its scheme changed, which is what setting the scheme does once the port is gone.
 */
export function canonicalLink(raw: string | null | undefined, base?: string | null): CanonicalLink | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text === '') return null;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return null;
  }
  const { protocol, port } = url;
  if (protocol !== 'http:' && protocol !== 'https:') return null;
  if (port === '80' || port === '443') url.port = '';
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
  }
  if (url.href.includes('#')) url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = withoutTrailing(url.hostname, '.');
  if (url.href.includes('?')) {
    const kept = new URLSearchParams();
    for (const [name, value] of url.searchParams) {
      if (!isTrackingParam(name, url.hostname)) kept.append(name, value);
    }
    kept.sort();
    const query = kept.toString();
    url.search = query === '' ? '' : `?${query}`;
  }
  const shown = url.href;
  const googleNews = isGoogleNewsHost(url.hostname) && /^\/(?:rss\/)?articles\//.test(url.pathname);
  return { shown, identity: protocol === 'http:' ? `https:${shown.slice('http:'.length)}` : shown, googleNews };
}
