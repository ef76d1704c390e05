// Feed text is hostile. Everything we put in a Discord message goes through here: spoofing characters
// are dropped, mentions and masked links defused, markdown escaped, and lengths cut by code point.

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  embedsPerMessage: 10,
  content: 2000,
  choiceName: 100,
  choiceValue: 100,
} as const;

const ELLIPSIS = '…';
const ZWSP = '\u200b';

/**
 * Control characters (except newline and tab), zero-width characters, bidi overrides and isolates,
 * the BOM, soft hyphen and other invisible formatting characters that are used to spoof text.
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/gu;
const TAG_CHARS = /[\u{e0000}-\u{e0fff}]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Drops invisible and spoofing characters and lone surrogates; keeps newlines. */
export function stripInvisible(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE, '').replace(TAG_CHARS, '').replace(/\r\n?/g, '\n');
}

/**
 * Defuses mentions and masked links by putting a zero-width space where Discord's parser would
 * match them. Applied to every string we send, even where Discord would not render markdown.
 */
export function defuse(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<([@#])/g, `<$1${ZWSP}`)
    .replace(/<\/(?=[\w-])/g, `</${ZWSP}`)
    .replace(/\]\(/g, `]${ZWSP}(`)
    .replace(/\]\s+\(/g, (m) => `]${ZWSP}${m.slice(1)}`);
}

/** Characters that mean something in Discord markdown; a backslash makes each one literal. */
const MARKDOWN = /[\\`*_~|[\]()<>#:-]/;

/** Splits text into units that must not be cut apart: code points, with an escape kept on its character. */
function escapedUnits(text: string): string[] {
  const units: string[] = [];
  for (const char of text) units.push(MARKDOWN.test(char) ? `\\${char}` : char);
  return units;
}

/** Joins units up to `max` UTF-16 units (never more than Discord counts), adding "…" when cut. */
function takeUnits(units: readonly string[], max: number): string {
  let length = 0;
  for (const unit of units) length += unit.length;
  if (length <= max) return units.join('');
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const unit of units) {
    if (out.length + unit.length > budget) break;
    out += unit;
  }
  return `${out.replace(/\s+$/u, '')}${ELLIPSIS}`;
}

/** Cuts plain text to `max` (UTF-16 units, so also within any code point count), never inside a code point. */
export function truncate(text: string, max: number): string {
  return takeUnits(Array.from(text), max);
}

/** For places where Discord renders markdown (titles, descriptions, field names and values, content). */
export function markdownText(raw: string, max: number): string {
  const clean = defuse(collapse(stripInvisible(raw)));
  return takeUnits(escapedUnits(clean), max);
}

/** For places where Discord renders no markdown (footer, author, autocomplete names): no backslashes. */
export function plainText(raw: string, max: number): string {
  return truncate(defuse(collapse(stripInvisible(raw))), max);
}

/** Runs of blank lines and spaces shrink, so feed text cannot push a message into a wall of space. */
function collapse(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * A URL we may link to: http(s), no user:password, and the characters that would end a markdown
 * link percent-encoded. Anything else gives null and the text is shown unlinked.
 */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  const href = stripInvisible(url.href).replace(/[()<>[\]*_~|`\\\s"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= 2000 ? href : null;
}

/** A masked link whose label is the URL's own host name, so the label can never lie about the target. */
export function hostLink(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  return `[${markdownText(host, 100)}](${url})`;
}

/** Length of a string as Discord limits count it (we count UTF-16 units: never less than code points). */
export const discordLength = (text: string | undefined | null): number => (text ? text.length : 0);
