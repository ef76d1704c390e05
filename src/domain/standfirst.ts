// An article page's HTML → its standfirst (the lead under the headline), read in this order:
// og:description, <meta name="description">, JSON-LD `description` of an article, else the first
// paragraphs of the body text outside navigation and page furniture. One linear pass over the page with
// hand-written scanners (no regex over the page), capped in every dimension; the text is plain, tags
// stripped and entities decoded. Also the links a page gives to its real address (Google's interstitial).
import { z } from 'zod';
import { collapseWhitespace, htmlToText } from './html-text.ts';
import { tagAttributes } from './html-scan.ts';

export type StandfirstSource = 'og:description' | 'meta description' | 'json-ld' | 'paragraphs';

export interface Standfirst {
  text: string;
  source: StandfirstSource;
}

export interface PageReading {
  standfirst: Standfirst | null;
  /** Addresses the page gives for itself, in order: data-n-au (Google News), og:url, rel=canonical. */
  links: string[];
}

/** Only this much of a page is read. */
export const MAX_PAGE_CHARS = 2_000_000;
/** The longest lead returned (cut at a word). */
export const MAX_LEAD_CHARS = 700;
/** A shorter description is a site's tagline, not a lead. */
const MIN_LEAD_CHARS = 40;
const MAX_JSON_LD_BLOCKS = 8;
const MAX_JSON_LD_CHARS = 200_000;
const MAX_JSON_LD_NODES = 500;
const MAX_PARAGRAPHS = 3;
/** Paragraphs looked at before giving up on finding a lead among them (menus of one-word <p>s). */
const MAX_PARAGRAPHS_SEEN = 500;
const MAX_LINKS = 5;
/** Elements whose content is never the article's text. */
const FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu', 'dialog']);
/** Elements whose content is not markup: skipped to their closing tag. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg']);
/** Tags that end an open paragraph. */
const BLOCKS = new Set([
  ...['p', 'div', 'section', 'article', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'figure', 'body'],
  ...FURNITURE,
]);
/** Paragraphs that are page furniture rather than the story. */
const BOILERPLATE =
  /\b(?:cookies?|javascript|subscribe|sign up|newsletter|advertisement|advertising|log in|sign in|all rights reserved|copyright)\b/i;
const ARTICLE_TYPE = /(?:Article|BlogPosting|Report)$/;

const isNameCode = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || code === 45 || code === 58;
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f';

/** ASCII-only lower case: the same length as the input, so indexes line up (toLowerCase may not). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** Where the tag whose name ends at `from` closes (its ">"), skipping quoted attribute values; -1 if never. */
function tagEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const ch = text.charAt(at);
    if (ch === '>') return at;
    if (ch === '=') {
      at++;
      while (at < text.length && isSpace(text.charAt(at))) at++;
      const quote = text.charAt(at);
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, at + 1);
        if (close === -1) return -1;
        at = close + 1;
      }
      continue;
    }
    at++;
  }
  return -1;
}

/** A tag's attributes (names lower-cased, first one wins), from the text between its name and its ">". */
export function attributes(tag: string): Map<string, string> {
  return new Map(Object.entries(tagAttributes(tag)));
}

/** Plain text of an HTML fragment, cut at a word to `MAX_LEAD_CHARS`. */
export function leadText(html: string): string {
  const text = collapseWhitespace(htmlToText(html.slice(0, MAX_LEAD_CHARS * 20)));
  if (text.length <= MAX_LEAD_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_LEAD_CHARS);
  return `${text.slice(0, cut > MAX_LEAD_CHARS / 2 ? cut : MAX_LEAD_CHARS)}…`;
}

interface Found {
  og: string | null;
  meta: string | null;
  jsonLd: string[];
  paragraphs: string[];
  links: string[];
}

function readMeta(attrs: Map<string, string>, found: Found): void {
  const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
  const content = attrs.get('content');
  if (content === undefined) return;
  if (key === 'og:description') found.og ??= content;
  else if (key === 'description') found.meta ??= content;
  else if (key === 'og:url' && found.links.length < MAX_LINKS) found.links.push(content);
}

/** One pass over the page: every "<" is looked at once, and each tag is read from its "<" to its ">". */
function scan(html: string): Found {
  const text = html.slice(0, MAX_PAGE_CHARS);
  const lower = asciiLower(text);
  const found: Found = { og: null, meta: null, jsonLd: [], paragraphs: [], links: [] };
  let furniture = 0;
  let paragraph = -1;
  let seen = 0;
  const endParagraph = (at: number): void => {
    if (paragraph === -1) return;
    seen += 1;
    const words = leadText(text.slice(paragraph, at));
    const story = words.length >= MIN_LEAD_CHARS && !BOILERPLATE.test(words);
    if (story && found.paragraphs.length < MAX_PARAGRAPHS) found.paragraphs.push(words);
    paragraph = -1;
  };
  let at = lower.indexOf('<');
  while (at !== -1) {
    if (lower.startsWith('<!--', at)) {
      const end = lower.indexOf('-->', at + 4);
      if (end === -1) break;
      at = lower.indexOf('<', end + 3);
      continue;
    }
    const closing = lower.charAt(at + 1) === '/';
    const nameStart = closing ? at + 2 : at + 1;
    let nameEnd = nameStart;
    while (nameEnd < lower.length && isNameCode(lower.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart) {
      at = lower.indexOf('<', at + 1);
      continue;
    }
    const name = lower.slice(nameStart, nameEnd);
    const end = tagEnd(lower, nameEnd);
    if (end === -1) break;
    if (BLOCKS.has(name)) endParagraph(at);
    let next = end + 1;
    if (closing) {
      if (FURNITURE.has(name)) furniture = Math.max(0, furniture - 1);
    } else {
      const tag = text.slice(nameEnd, end);
      if (name === 'meta') readMeta(attributes(tag), found);
      else if (name === 'link') {
        const attrs = attributes(tag);
        const href = attrs.get('href');
        const canonical = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical');
        if (href && canonical && found.links.length < MAX_LINKS) found.links.push(href);
      } else if (FURNITURE.has(name)) furniture++;
      else if (name === 'p' && furniture === 0 && found.paragraphs.length < MAX_PARAGRAPHS && seen < MAX_PARAGRAPHS_SEEN) paragraph = next;
      if (tag.toLowerCase().includes('data-n-au') && found.links.length < MAX_LINKS) {
        const target = attributes(tag).get('data-n-au');
        if (target) found.links.unshift(target);
      }
      if (RAW_TEXT.has(name)) {
        const close = lower.indexOf(`</${name}`, next);
        if (close === -1) break;
        const type = name === 'script' ? (attributes(tag).get('type') ?? '').toLowerCase() : '';
        if (type.includes('ld+json') && found.jsonLd.length < MAX_JSON_LD_BLOCKS && close - next <= MAX_JSON_LD_CHARS) {
          found.jsonLd.push(text.slice(next, close));
        }
        next = close;
      }
    }
    at = lower.indexOf('<', next);
  }
  endParagraph(text.length);
  return found;
}

const JsonLdNode = z.looseObject({
  '@type': z.union([z.string(), z.array(z.unknown())]).optional(),
  description: z.unknown().optional(),
  '@graph': z.array(z.unknown()).optional(),
});

/** The description of the first article object in JSON-LD blocks (arrays and @graph followed), or null. */
export function jsonLdDescription(blocks: readonly string[]): string | null {
  for (const block of blocks) {
    let data: unknown;
    try {
      data = JSON.parse(block);
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    for (let seen = 0; seen < queue.length && seen < MAX_JSON_LD_NODES; seen++) {
      const node = queue[seen];
      if (Array.isArray(node)) {
        queue.push(...node.slice(0, MAX_JSON_LD_NODES));
        continue;
      }
      const parsed = JsonLdNode.safeParse(node);
      if (!parsed.success) continue;
      const types = [parsed.data['@type']].flat().filter((t): t is string => typeof t === 'string');
      const description = parsed.data.description;
      if (types.some((t) => ARTICLE_TYPE.test(t)) && typeof description === 'string') return description;
      if (parsed.data['@graph']) queue.push(...parsed.data['@graph'].slice(0, MAX_JSON_LD_NODES));
    }
  }
  return null;
}

const sameText = (a: string, b: string): boolean => a.toLowerCase().replace(/\W+/g, '') === b.toLowerCase().replace(/\W+/g, '');

/**
 * Reads a page: its standfirst (null when it has none worth reading) and the addresses it gives for
 * itself. A description that only repeats `headline`, or is shorter than a sentence, is passed over.
 */
export function readPage(html: string, headline = ''): PageReading {
  const found = scan(html);
  const usable = (raw: string | null): string | null => {
    if (raw === null) return null;
    const text = leadText(raw);
    return text.length >= MIN_LEAD_CHARS && !sameText(text, headline) ? text : null;
  };
  const candidates: Array<[StandfirstSource, () => string | null]> = [
    ['og:description', () => usable(found.og)],
    ['meta description', () => usable(found.meta)],
    ['json-ld', () => usable(jsonLdDescription(found.jsonLd))],
    ['paragraphs', () => (found.paragraphs.length > 0 ? leadText(found.paragraphs.join(' ')) : null)],
  ];
  for (const [source, read] of candidates) {
    const text = read();
    if (text) return { standfirst: { text, source }, links: found.links };
  }
  return { standfirst: null, links: found.links };
}
