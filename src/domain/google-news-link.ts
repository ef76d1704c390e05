// Google News article links (news.google.com/rss/articles/<id>?oc=5) → the publisher's URL, without the
// network where the id allows it. Older ids are base64url-encoded protobuf whose fields hold the article
// URL as a length-prefixed string; newer ones hold an opaque token ("AU_yqL…") and need a redirect.
// Pure and bounded: the id is capped, every byte is read at most once, and nothing here throws.
import { isGoogleNewsHost } from './canonical-url.ts';

/** Longer ids than this are not decoded (real ones are a few hundred characters). */
export const MAX_ID_CHARS = 4096;
/** Longest URL taken from an id. */
const MAX_URL_CHARS = 2048;
const ARTICLE_PATH = /^\/(?:rss\/)?(?:articles|read)\/([A-Za-z0-9_-]{1,4096})(?:[/?#]|$)/;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url (or base64) text → bytes; stops at the first character outside the alphabet (padding). */
export function decodeBase64Url(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((Math.min(text.length, MAX_ID_CHARS) * 3) / 4));
  let bits = 0;
  let value = 0;
  let length = 0;
  for (let i = 0; i < text.length && i < MAX_ID_CHARS; i++) {
    const ch = text.charAt(i);
    const digit = ch === '+' ? 62 : ch === '/' ? 63 : BASE64URL.indexOf(ch);
    if (digit < 0) break;
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

/** A varint at `at` (at most 5 bytes, enough for any length here), or null when cut short or too long. */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return null;
}

/** The length-delimited fields of a protobuf message, top level only, in order; stops at anything unreadable. */
function lengthDelimitedFields(bytes: Uint8Array): Uint8Array[] {
  const fields: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const key = readVarint(bytes, at);
    if (key === null) break;
    const wire = key.value % 8;
    at = key.next;
    if (wire === 0) {
      const skipped = readVarint(bytes, at);
      if (skipped === null) break;
      at = skipped.next;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = readVarint(bytes, at);
      if (length === null || length.next + length.value > bytes.length) break;
      fields.push(bytes.subarray(length.next, length.next + length.value));
      at = length.next + length.value;
    } else break;
  }
  return fields;
}

/** Bytes that are a printable-ASCII http(s) URL to a site other than Google News, as a string; else null. */
function asArticleUrl(bytes: Uint8Array): string | null {
  if (bytes.length < 10 || bytes.length > MAX_URL_CHARS) return null;
  let text = '';
  for (const byte of bytes) {
    if (byte <= 0x20 || byte >= 0x7f) return null;
    text += String.fromCharCode(byte);
  }
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return isGoogleNewsHost(url.hostname) ? null : url.href;
  } catch {
    return null;
  }
}

/** The id of a Google News article link, or null when `link` is not one. */
export function googleNewsId(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (!isGoogleNewsHost(url.hostname)) return null;
  return ARTICLE_PATH.exec(url.pathname)?.[1] ?? null;
}

/**
 * The publisher's URL inside a Google News article link, or null when the link is not one or its id is
 * opaque (then only Google's redirect can tell). Never throws; linear in the link's length.
 */
export function decodeGoogleNewsLink(link: string): string | null {
  const id = googleNewsId(link);
  if (id === null) return null;
  for (const field of lengthDelimitedFields(decodeBase64Url(id))) {
    const url = asArticleUrl(field);
    if (url !== null) return url;
  }
  return null;
}
