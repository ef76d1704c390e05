// Safe text for Slack. Feed text is hostile: it must never ping anyone, link anywhere we did not
// check, or break Slack's length limits. Every string that reaches a Slack payload goes through here.

/** Slack's Block Kit limits (characters), as the API enforces them. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElementText: 2000,
  contextElements: 10,
  blocks: 50,
  messageText: 40_000,
  /** Our own cap on a fallback `text`: notifications show a line or two, not a page. */
  fallbackText: 1000,
} as const;

const ELLIPSIS = '…';

/** C0/C1 controls (except newline), bidi overrides and isolates, zero-width joiners used to spoof. */
const UNSAFE_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Half a surrogate pair: not a character at all, and invalid in the JSON Slack receives. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Drops control and bidi-override characters and lone surrogates, so feed text cannot reorder or hide what it shows. */
export function clean(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(UNSAFE_CHARS, '');
}

/** Collapses whitespace runs (newlines included) to one space: for one-line values. */
export function oneLine(text: string): string {
  return clean(text).replace(/\s+/g, ' ').trim();
}

const MRKDWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeChar = (ch: string): string => MRKDWN_ESCAPES[ch] ?? ch;

/**
 * Plain text as mrkdwn: `&`, `<` and `>` escaped, so `<!channel>`, `<@U…>`, `<#C…>`,
 * `<!subteam^…>` and `<url|label>` in feed text show as text and do nothing.
 */
export function escapeMrkdwn(text: string): string {
  return clean(text).replace(/[&<>]/g, escapeChar);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Fits `text` into `max` UTF-16 units (the strictest way to count Slack's "characters"). When it is
 * too long it is cut at a grapheme boundary (never inside an emoji, a flag or a surrogate pair) and
 * ends in "…". `encode` maps each piece to what is sent (e.g. escaping), so an escape such as `&amp;`
 * is never cut in half and the limit holds for the encoded text.
 */
export function fit(text: string, max: number, encode: (piece: string) => string = (piece) => piece): string {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    const piece = encode(segment);
    if (out.length + piece.length > budget) {
      // One huge grapheme (a base letter with thousands of combining marks): cut it by code point.
      if (out.length === 0) out = cutByCodePoint(piece, budget);
      break;
    }
    out += piece;
  }
  return out + ELLIPSIS;
}

function cutByCodePoint(text: string, budget: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > budget) break;
    out += ch;
  }
  return out;
}

/** Escaped mrkdwn that fits in `max`. */
export function mrkdwn(text: string, max: number): string {
  return fit(clean(text), max, (piece) => piece.replace(/[&<>]/g, escapeChar));
}

/**
 * Text for a `plain_text` object (headers, replies' titles). Slack does not parse mentions there,
 * but angle brackets are swapped for look-alikes anyway so no payload ever carries `<!channel>`.
 */
export function plainText(text: string, max: number): string {
  return fit(oneLine(text).replace(/</g, '‹').replace(/>/g, '›'), max);
}

const MAX_URL_LENGTH = 2000;

/**
 * A URL that is safe inside `<url|label>`: http(s) only, no user:password, at most 2,000 characters,
 * with `|`, `<`, `>` percent-encoded and `&` escaped. Null for anything else (javascript:, data:, junk).
 */
export function safeLinkUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(clean(raw).trim());
  } catch (error) {
    if (error instanceof TypeError) return null; // not a URL at all: shown as text, not linked
    throw error;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/ /g, '%20');
  if (href.length > MAX_URL_LENGTH) return null;
  return href.replace(/&/g, '&amp;');
}

/** A link label: escaped, one line, `|` replaced (Slack has no escape for it inside a link). */
export function linkLabel(text: string, max: number): string {
  return fit(oneLine(text).replace(/\|/g, '¦'), max, (piece) => piece.replace(/[&<>]/g, escapeChar));
}

/**
 * `<url|label>` when the URL passes `safeLinkUrl`, else just the escaped label: the only place a
 * Slack link is ever built.
 */
export function link(url: string | null | undefined, label: string, maxLabel = 200): string {
  const safe = safeLinkUrl(url);
  const text = linkLabel(label, maxLabel);
  return safe ? `<${safe}|${text}>` : text;
}
