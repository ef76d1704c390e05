// HTML from feeds → plain text: scripts and styles dropped with their content, tags removed,
// entities decoded, whitespace collapsed. Pure string work; the result is still untrusted text
// (chat adapters escape it for their own markup).

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  ndash: '\u2013', mdash: '\u2014', minus: '\u2212', hyphen: '\u2010',
  lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e',
  laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a', prime: '\u2032', Prime: '\u2033',
  hellip: '\u2026', bull: '\u2022', middot: '\u00b7', dagger: '\u2020', Dagger: '\u2021', permil: '\u2030',
  pound: '\u00a3', euro: '\u20ac', cent: '\u00a2', yen: '\u00a5', dollar: '$', curren: '\u00a4',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7',
  divide: '\u00f7', frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be', sup2: '\u00b2', sup3: '\u00b3',
  micro: '\u00b5', para: '\u00b6', sect: '\u00a7', iexcl: '\u00a1', iquest: '\u00bf', ordf: '\u00aa', ordm: '\u00ba',
  shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', hairsp: '\u200a',
  larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194',
  hearts: '\u2665', check: '\u2713', star: '\u2606', colon: ':', comma: ',', period: '.', excl: '!',
  quest: '?', num: '#', percnt: '%', lpar: '(', rpar: ')', sol: '/', bsol: '\\', lowbar: '_', grave: '`',
  Agrave: '\u00c0', Aacute: '\u00c1', Acirc: '\u00c2', Atilde: '\u00c3', Auml: '\u00c4', Aring: '\u00c5',
  AElig: '\u00c6', Ccedil: '\u00c7', Egrave: '\u00c8', Eacute: '\u00c9', Ecirc: '\u00ca', Euml: '\u00cb',
  Igrave: '\u00cc', Iacute: '\u00cd', Icirc: '\u00ce', Iuml: '\u00cf', Ntilde: '\u00d1', Ograve: '\u00d2',
  Oacute: '\u00d3', Ocirc: '\u00d4', Otilde: '\u00d5', Ouml: '\u00d6', Oslash: '\u00d8', Ugrave: '\u00d9',
  Uacute: '\u00da', Ucirc: '\u00db', Uuml: '\u00dc', Yacute: '\u00dd', szlig: '\u00df',
  agrave: '\u00e0', aacute: '\u00e1', acirc: '\u00e2', atilde: '\u00e3', auml: '\u00e4', aring: '\u00e5',
  aelig: '\u00e6', ccedil: '\u00e7', egrave: '\u00e8', eacute: '\u00e9', ecirc: '\u00ea', euml: '\u00eb',
  igrave: '\u00ec', iacute: '\u00ed', icirc: '\u00ee', iuml: '\u00ef', ntilde: '\u00f1', ograve: '\u00f2',
  oacute: '\u00f3', ocirc: '\u00f4', otilde: '\u00f5', ouml: '\u00f6', oslash: '\u00f8', ugrave: '\u00f9',
  uacute: '\u00fa', ucirc: '\u00fb', uuml: '\u00fc', yacute: '\u00fd', yuml: '\u00ff',
  OElig: '\u0152', oelig: '\u0153', Scaron: '\u0160', scaron: '\u0161', Yuml: '\u0178', fnof: '\u0192',
};

/** HTML maps &#128;–&#159; to windows-1252 characters (feeds written on Windows rely on it). */
const C1_WINDOWS_1252: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function fromCodePoint(cp: number): string {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  const mapped = C1_WINDOWS_1252[cp];
  return String.fromCodePoint(mapped ?? cp);
}

/** Entities browsers accept without the trailing semicolon. */
const LEGACY_NO_SEMICOLON: Readonly<Record<string, true>> = { amp: true, lt: true, gt: true, quot: true, nbsp: true, copy: true, reg: true };

/** Decodes named (common table), decimal and hex character references. Unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return fromCodePoint(parseInt(body.slice(1), 10));
    const named = NAMED_ENTITIES[body];
    if (named !== undefined && (whole.endsWith(';') || body in LEGACY_NO_SEMICOLON)) return named;
    return whole;
  });
}

/** Elements whose content is never text for a reader. */
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title'];
const BLOCK_TAGS = new Set(
  'p div br hr li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote section article header footer pre figure figcaption dd dt'.split(' '),
);

// The tag passes below are hand-written scanners, not regexes: a pattern such as /<p\b[^>]*>/ retries
// from every "<" of an unclosed run ("<p <p <p …" with no ">") and costs the square of the text's
// length (issue 16 point 1). Each scanner visits every character a bounded number of times.

const isWordCode = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const SPACE = /\s/;

/** The end of the run of ASCII word characters (what regex \w matches) that starts at `from`. */
function wordEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && isWordCode(text.charCodeAt(at))) at++;
  return at;
}

/** Whether `name` (lower-case ASCII letters) is written at `at`, in any case. */
function nameAt(text: string, at: number, name: string): boolean {
  if (at + name.length > text.length) return false;
  for (let i = 0; i < name.length; i++) if ((text.charCodeAt(at + i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** Where the first `</name\s*>` at or after `from` ends, or -1. */
function closingTagEnd(text: string, from: number, name: string): number {
  for (let at = text.indexOf('</', from); at !== -1; at = text.indexOf('</', at + 1)) {
    if (!nameAt(text, at + 2, name)) continue;
    let end = at + 2 + name.length;
    while (end < text.length && SPACE.test(text.charAt(end))) end++;
    if (text.charAt(end) === '>') return end + 1;
  }
  return -1;
}

/**
 * Replaces with `by` every tag that `match` accepts (it returns where the tag's name ends, or null),
 * from its "<" to the first ">" after the name. `extend` may carry a match on past that ">" (an
 * element's content); -1 from it means "to the end". Every match needs a ">", so the scan stops at the
 * first accepted tag with none after it.
 */
function replaceTags(
  text: string,
  match: (at: number) => number | null,
  by: string,
  extend: (afterTag: number) => number = (afterTag) => afterTag,
): string {
  const parts: string[] = [];
  let copied = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    const nameEnd = match(at);
    if (nameEnd === null) continue;
    const gt = text.indexOf('>', nameEnd);
    if (gt === -1) break;
    const end = extend(gt + 1);
    parts.push(text.slice(copied, at), by);
    copied = end === -1 ? text.length : end;
    at = copied - 1;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** `<name …>…</name>` (an unclosed element swallows the rest of the string, as a browser would) → " ". */
function dropElement(text: string, name: string): string {
  const opens = (at: number): number | null => {
    const end = at + 1 + name.length;
    return nameAt(text, at + 1, name) && !isWordCode(text.charCodeAt(end)) ? end : null;
  };
  return replaceTags(text, opens, ' ', (afterTag) => closingTagEnd(text, afterTag, name));
}

/** Opening and closing block-level tags → " ", so that paragraphs do not run together. */
function spaceBlockTags(text: string): string {
  const block = (at: number): number | null => {
    const start = text.charAt(at + 1) === '/' ? at + 2 : at + 1;
    const end = wordEnd(text, start);
    return BLOCK_TAGS.has(text.slice(start, end).toLowerCase()) ? end : null;
  };
  return replaceTags(text, block, ' ');
}

/** `<!…>` and `<?…>` → "". */
function dropDeclarations(text: string): string {
  const declaration = (at: number): number | null => {
    const next = text.charAt(at + 1);
    return next === '!' || next === '?' ? at + 2 : null;
  };
  return replaceTags(text, declaration, '');
}

/** Removes tags and the content of script/style-like elements; decodes entities; collapses whitespace. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  // Plain text (most titles, many summaries) has nothing for the markup passes to do: each starts at a "<" or "&".
  const text = html.includes('<') || html.includes('&') ? withoutMarkup(html) : html;
  return collapseWhitespace(demoronize(text));
}

/** Comments, CDATA markers, dropped elements and tags removed (block tags as spaces), entities decoded. */
export function withoutMarkup(html: string): string {
  let text = html;
  // Linear as they are: each match runs to its end marker or to the end of the string.
  text = text.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  text = text.replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1');
  for (const name of DROPPED_ELEMENTS) text = dropElement(text, name);
  text = spaceBlockTags(text);
  text = text.replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '');
  text = dropDeclarations(text);
  return decodeEntities(text);
}

/**
 * C1 control characters (U+0080–U+009F) in feed text are windows-1252 punctuation that reached us as
 * code points (an XML character reference such as &#146;, or UTF-8 bytes C2 92): map them as browsers
 * and feedparser do ("don\u0092t" → "don’t"); the five unassigned ones are dropped.
 */
export function demoronize(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (ch) => {
    const mapped = C1_WINDOWS_1252[ch.charCodeAt(0)];
    return mapped === undefined ? '' : String.fromCodePoint(mapped);
  });
}

/** Removes control characters and zero-width marks, turns every run of whitespace into one space, trims. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200f\u2060\ufeff]/g, '')
    .replace(/[\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ')
    .trim();
}
