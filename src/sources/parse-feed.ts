// Feed text → raw items: sniffed first (what is not a feed: HTML, JSON, empty), then read by our own
// linear XML reader (xml-tree.ts, on sax) and mapped as rss-parser did (feed-items.ts). Fetching is
// http-get.ts's job. See docs/adr/012-feed-reader-and-hostile-bodies.md for why rss-parser is no longer called.
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { RawItem } from '../domain/normalise.ts';
import { feedContent, type FeedContent } from './feed-items.ts';
import { readXmlTree } from './xml-tree.ts';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface ParsedFeed {
  format: FeedFormat;
  /** The feed's own title (plain string as written, may contain entities/HTML), or null. */
  title: string | null;
  /** The feed's home page link, or null. */
  link: string | null;
  items: RawItem[];
}

const MAX_SNIPPET = 80;

function snippet(body: string): string {
  const flat = body.slice(0, MAX_SNIPPET * 4).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat;
}

const MAX_PROLOG_PARTS = 64;

/** The name of the document's root element, skipping the XML declaration, comments and DOCTYPE. */
export function rootElementName(body: string): string | null {
  let rest = body.replace(/^\uFEFF/, '').trimStart();
  for (let seen = 0; ; seen++) {
    // A real prolog has a declaration, a DOCTYPE and a comment or two; thousands mean it is not a feed.
    if (seen > MAX_PROLOG_PARTS) return null;
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return null;
      rest = rest.slice(end + 2).trimStart();
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return null;
      rest = rest.slice(end + 3).trimStart();
    } else if (/^<!doctype/i.test(rest)) {
      const end = rest.indexOf('>');
      if (end < 0) return null;
      // A DOCTYPE with an internal subset ends at "]>". (Look for "[" only before the ">": searching
      // the whole rest on every DOCTYPE made a body of repeated DOCTYPEs quadratic.)
      const close = rest.lastIndexOf('[', end) >= 0 ? rest.indexOf(']>') + 1 : end;
      if (close <= 0) return null;
      rest = rest.slice(close + 1).trimStart();
    } else {
      break;
    }
  }
  const match = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  return match?.[1] ?? null;
}

/** The text without a leading byte order mark (a slice: a regex replace copied the whole body). */
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Classifies a body before parsing: which feed format it is, or why it is not a feed. */
export function sniffFeed(body: string, where = 'the feed'): FeedFormat {
  // Only its start is read: trimmed at the start (a slice, not a copy of the body).
  const trimmed = withoutBom(body).trimStart();
  if (trimmed === '') {
    throw new BreachwatchError(ErrorCode.FeedEmpty, `${where} returned an empty body; the publisher's feed may be broken. It will be retried.`);
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    throw new BreachwatchError(
      ErrorCode.FeedNotAFeed,
      `${where} returned JSON, not RSS or Atom ("${snippet(trimmed)}"); JSON Feed and APIs are not supported: find the site's RSS/Atom URL.`,
    );
  }
  const root = rootElementName(trimmed);
  const lowerRoot = root?.toLowerCase() ?? null;
  if (lowerRoot === 'html' || /^<!doctype\s+html/i.test(trimmed) || (lowerRoot === null && /<html[\s>]/i.test(trimmed.slice(0, 2048)))) {
    throw new BreachwatchError(
      ErrorCode.FeedNotAFeed,
      `${where} returned an HTML page, not a feed; the URL is probably the site's web page or an error/consent page: use the RSS/Atom link instead.`,
    );
  }
  if (lowerRoot === 'rss') return 'rss';
  if (lowerRoot === 'feed') return 'atom';
  if (lowerRoot !== null && /(^|:)rdf$/.test(lowerRoot)) return 'rdf';
  if (root === null) {
    throw new BreachwatchError(
      ErrorCode.FeedNotAFeed,
      `${where} did not return XML ("${snippet(trimmed)}"); check that the URL is an RSS or Atom feed.`,
    );
  }
  throw new BreachwatchError(
    ErrorCode.FeedNotAFeed,
    `${where} returned XML with a <${root}> root, which is neither RSS nor Atom; check that the URL is the feed itself.`,
  );
}

/** Parses feed text (already decoded) into raw items. Throws BreachwatchError for every failure. */
export async function parseFeed(body: string, where = 'the feed'): Promise<ParsedFeed> {
  const format = sniffFeed(body, where);
  const xml = withoutBom(body).trimStart();
  if (format !== 'atom' && !/<(?:[\w-]+:)?channel[\s>/]/.test(xml)) {
    throw new BreachwatchError(
      ErrorCode.FeedParseFailed,
      `${where} is RSS without a <channel> element, so it has no items; the publisher's feed is broken. It will be retried.`,
    );
  }
  let content: FeedContent;
  try {
    content = feedContent(await readXmlTree(xml));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BreachwatchError(
      ErrorCode.FeedParseFailed,
      `${where} is not well-formed ${format === 'atom' ? 'Atom' : 'RSS'} (${reason}); the publisher must fix it. It will be retried.`,
      { cause: error },
    );
  }
  return { format, ...content };
}
