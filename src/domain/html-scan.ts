// A forgiving, linear HTML tokenizer for reading web pages (the ICO's listing, an article's lead, a site's
// feed links): start tags (with attributes), end tags and text, in document order. It never builds a tree
// and never backtracks: every character is visited a bounded number of times, whatever the markup
// (unclosed tags, quotes or comments run to the end).
// Text and attribute values are returned as written (entities not decoded).

export type HtmlEvent =
  | { type: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; text: string };

/** Elements whose content is not markup: skipped (script, style) or returned as one text (title, textarea). */
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math']);
const RAW_TEXT = new Set(['title', 'textarea']);
const MAX_ATTRIBUTES = 32;
const MAX_ATTRIBUTE_VALUE = 4096;

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);
const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Where the end tag `</name` next starts at or after `from` (any case), or the text's length. */
function endTagAt(html: string, from: number, name: string): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name) return at;
  }
  return html.length;
}

/** The end of a run of tag-name characters starting at `from`. */
function nameEnd(html: string, from: number): number {
  let at = from;
  while (at < html.length) {
    const code = html.charCodeAt(at);
    if (isSpace(code) || code === 47 /* / */ || code === 62 /* > */) break;
    at++;
  }
  return at;
}

interface Tag {
  attributes: Record<string, string>;
  selfClosing: boolean;
  /** Just past the tag's ">" (or the text's end when it has none). */
  end: number;
}

/** Reads attributes from `from` (just past the tag name) to the tag's ">". */
function readAttributes(html: string, from: number): Tag {
  const attributes: Record<string, string> = {};
  let count = 0;
  let at = from;
  let selfClosing = false;
  while (at < html.length) {
    const code = html.charCodeAt(at);
    if (code === 62) return { attributes, selfClosing, end: at + 1 };
    if (isSpace(code)) {
      at++;
      continue;
    }
    if (code === 47) {
      selfClosing = html.charCodeAt(at + 1) === 62;
      at++;
      continue;
    }
    let nameStop = at + 1;
    while (nameStop < html.length) {
      const c = html.charCodeAt(nameStop);
      if (isSpace(c) || c === 47 || c === 62 || c === 61 /* = */) break;
      nameStop++;
    }
    const name = html.slice(at, nameStop).toLowerCase();
    at = nameStop;
    while (at < html.length && isSpace(html.charCodeAt(at))) at++;
    let value = '';
    if (html.charCodeAt(at) === 61) {
      at++;
      while (at < html.length && isSpace(html.charCodeAt(at))) at++;
      const quote = html.charCodeAt(at);
      if (quote === 34 || quote === 39) {
        const close = html.indexOf(quote === 34 ? '"' : "'", at + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(at + 1, Math.min(stop, at + 1 + MAX_ATTRIBUTE_VALUE));
        at = stop + 1;
      } else {
        const start = at;
        while (at < html.length && !isSpace(html.charCodeAt(at)) && html.charCodeAt(at) !== 62) at++;
        value = html.slice(start, Math.min(at, start + MAX_ATTRIBUTE_VALUE));
      }
    }
    if (count < MAX_ATTRIBUTES && !(name in attributes)) {
      attributes[name] = value;
      count++;
    }
  }
  return { attributes, selfClosing, end: html.length };
}

/**
 * The attributes of one tag, from the text between its name and its ">" (names lower-cased, the first of a
 * repeated name wins, values as written): the same reading scanHtml gives every tag.
 */
export function tagAttributes(text: string): Record<string, string> {
  return readAttributes(`${text}>`, 0).attributes;
}

/** The page's tags and text, in order. A generator, so that a caller can pause between events. */
export function* scanHtml(html: string): Generator<HtmlEvent> {
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const textEnd = lt < 0 ? html.length : lt;
    if (textEnd > at) yield { type: 'text', text: html.slice(at, textEnd) };
    if (lt < 0) return;
    at = lt;
    const next = html.charCodeAt(at + 1);
    if (html.startsWith('<!--', at)) {
      const close = html.indexOf('-->', at + 4);
      at = close < 0 ? html.length : close + 3;
    } else if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = html.indexOf('>', at + 2);
      at = close < 0 ? html.length : close + 1;
    } else if (next === 47 /* / */ && isLetter(html.charCodeAt(at + 2))) {
      const stop = nameEnd(html, at + 2);
      const name = html.slice(at + 2, stop).toLowerCase();
      const close = html.indexOf('>', stop);
      at = close < 0 ? html.length : close + 1;
      yield { type: 'close', name };
    } else if (isLetter(next)) {
      const stop = nameEnd(html, at + 1);
      const name = html.slice(at + 1, stop).toLowerCase();
      const tag = readAttributes(html, stop);
      at = tag.end;
      yield { type: 'open', name, attributes: tag.attributes, selfClosing: tag.selfClosing };
      if (tag.selfClosing || !(SKIPPED.has(name) || RAW_TEXT.has(name))) continue;
      const end = endTagAt(html, at, name);
      if (RAW_TEXT.has(name) && end > at) yield { type: 'text', text: html.slice(at, end) };
      at = end;
    } else {
      // A "<" that starts no tag ("a < b") is text.
      yield { type: 'text', text: '<' };
      at += 1;
    }
  }
}
