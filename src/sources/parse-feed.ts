// Feed text → raw items, with rss-parser's parseString (never parseURL: fetching is http-get.ts's job).
// Recognises what is not a feed (HTML, JSON, empty) before parsing, and validates every item's shape
// with zod so that odd XML (object GUIDs, attributes on links) becomes null instead of a crash.
import Parser from 'rss-parser';
import { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { RawItem } from '../domain/normalise.ts';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface ParsedFeed {
  format: FeedFormat;
  /** The feed's own title (plain string as written, may contain entities/HTML), or null. */
  title: string | null;
  /** The feed's home page link, or null. */
  link: string | null;
  items: RawItem[];
  /** Items that were not objects at all and were skipped. */
  invalidItems: number;
}

/** Text of an XML value as xml2js gives it: a string, a number, or an element object with `_` text. */
const text = z
  .union([
    z.string(),
    z.number().transform(String),
    z.object({ _: z.string() }).transform((element) => element._),
  ])
  .nullable()
  .catch(null);

const itemSchema = z.looseObject({
  guid: text,
  id: text,
  link: text,
  title: text,
  summary: text,
  content: text,
  contentSnippet: text,
  'content:encoded': text,
  isoDate: text,
  pubDate: text,
  date: text,
  'dc:date': text,
  source: text,
});
type ParsedItem = z.infer<typeof itemSchema>;

const feedSchema = z.looseObject({
  title: text,
  link: text,
  items: z.array(z.unknown()).catch([]),
});

const MAX_SNIPPET = 80;

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat;
}

/** The name of the document's root element, skipping the XML declaration, comments and DOCTYPE. */
export function rootElementName(body: string): string | null {
  let rest = body.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
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
      // A DOCTYPE with an internal subset ends at "]>".
      const subset = rest.indexOf('[');
      const close = subset >= 0 && subset < end ? rest.indexOf(']>') + 1 : end;
      if (close <= 0) return null;
      rest = rest.slice(close + 1).trimStart();
    } else {
      break;
    }
  }
  const match = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  return match?.[1] ?? null;
}

/** Classifies a body before parsing: which feed format it is, or why it is not a feed. */
export function sniffFeed(body: string, where = 'the feed'): FeedFormat {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
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

/**
 * rss-parser turns an Atom <published>/<updated> it cannot read into a thrown RangeError, losing the
 * whole feed for one bad date. Empty those elements instead; the item then simply has no date.
 */
export function blankUnreadableAtomDates(body: string): string {
  return body.replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1\s*>/g, (whole, name: string, attrs: string | undefined, value: string) =>
    Number.isNaN(new Date(value.trim()).getTime()) ? `<${name}${attrs ?? ''}></${name}>` : whole,
  );
}

function toRawItem(item: ParsedItem, format: FeedFormat): RawItem {
  const isAtom = format === 'atom';
  return {
    guid: item.guid ?? item.id ?? null,
    link: item.link ?? null,
    title: item.title ?? null,
    // rss-parser puts an RSS <description> in `content` and content:encoded in its own field.
    summary: isAtom ? (item.summary ?? null) : (item.content ?? item.summary ?? null),
    content: isAtom ? (item.content ?? null) : (item['content:encoded'] ?? null),
    isoDate: item.isoDate ?? null,
    pubDate: item.pubDate ?? item.date ?? item['dc:date'] ?? null,
    source: item.source ?? null,
  };
}

/** Parses feed text (already decoded) into raw items. Throws BreachwatchError for every failure. */
export async function parseFeed(body: string, where = 'the feed'): Promise<ParsedFeed> {
  const format = sniffFeed(body, where);
  const xml = (format === 'atom' ? blankUnreadableAtomDates(body) : body).replace(/^\uFEFF/, '').trimStart();
  if (format !== 'atom' && !/<(?:[\w-]+:)?channel[\s>/]/.test(xml)) {
    throw new BreachwatchError(
      ErrorCode.FeedParseFailed,
      `${where} is RSS without a <channel> element, so it has no items; the publisher's feed is broken. It will be retried.`,
    );
  }
  const parser = new Parser({ defaultRSS: 2, customFields: { item: ['source'] } });
  let output: unknown;
  try {
    output = await parser.parseString(xml);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BreachwatchError(
      ErrorCode.FeedParseFailed,
      `${where} is not well-formed ${format === 'atom' ? 'Atom' : 'RSS'} (${reason}); the publisher must fix it. It will be retried.`,
      { cause: error },
    );
  }
  const feed = feedSchema.safeParse(output);
  if (!feed.success) {
    throw new BreachwatchError(ErrorCode.FeedParseFailed, `${where} parsed, but into an unexpected shape; please report this feed.`, {
      cause: feed.error,
    });
  }
  const items: RawItem[] = [];
  let invalidItems = 0;
  for (const candidate of feed.data.items) {
    const parsed = itemSchema.safeParse(candidate);
    if (parsed.success) items.push(toRawItem(parsed.data, format));
    else invalidItems++;
  }
  return { format, title: feed.data.title, link: feed.data.link, items, invalidItems };
}
