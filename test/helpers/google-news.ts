// Google News article links shaped as the real ones, built by us: an id that is base64url protobuf
// (field 4, length-prefixed, holding the article URL; an optional field 26 with its AMP URL), or an
// opaque token that only Google's redirect resolves. And a search feed of such items.
import { readFileSync } from 'node:fs';
import path from 'node:path';

function varint(n: number): number[] {
  const bytes: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function field(tag: number, text: string): number[] {
  const body = [...Buffer.from(text, 'utf8')];
  return [...varint(tag), ...varint(body.length), ...body];
}

/** The id for `article` (and its AMP URL), e.g. "CBMiQ2h0dHBz…", on `base` (default https://news.google.com). */
export function googleNewsLinkFor(article: string, amp?: string, base = 'https://news.google.com'): string {
  const bytes = [0x08, 0x13, ...field((4 << 3) | 2, article), ...(amp ? field((26 << 3) | 2, amp) : [])];
  return `${base}/rss/articles/${Buffer.from(bytes).toString('base64url')}?oc=5`;
}

/** A newer, opaque id: its only string is a token, not a URL. */
export function opaqueGoogleNewsLink(token: string, base = 'https://news.google.com'): string {
  return `${base}/rss/articles/${Buffer.from([0x08, 0x13, ...field((4 << 3) | 2, token)]).toString('base64url')}?oc=5`;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '../fixtures/leads', name), 'utf8');

/**
 * A Google News search feed (test/fixtures/leads/google-news-search.xml): one old item linking to
 * `oldLink`, then `items`, each with the headline and the outlet in its title, description and <source>.
 */
export function googleNewsSearchFeed(oldLink: string, items: ReadonlyArray<{ title: string; link: string; guid: string }>, outlet = 'Example Gazette'): string {
  const itemXml = items
    .map((i) => fixture('google-news-item.xml').replace(/TITLE/g, escapeXml(i.title)).replace(/LINK/g, escapeXml(i.link)).replace('GUID', i.guid))
    .join('\n');
  return fixture('google-news-search.xml')
    .replace('NEW_ITEMS', itemXml)
    .replace(/OLD_LINK/g, escapeXml(oldLink))
    .replace('OLD_GUID', 'old-1')
    .replace(/OUTLET/g, outlet)
    .replace(/GAZETTE/g, 'https://www.example-gazette.co.uk');
}
