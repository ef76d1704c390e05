// Feed bytes → text. Order: byte-order mark, then the Content-Type charset, then the XML declaration's
// encoding, then UTF-8. Unknown labels never crash: they fall through to the next source.

export type EncodingSource = 'bom' | 'header' | 'xml-declaration' | 'sniff' | 'default';

export interface DecodedText {
  text: string;
  /** The WHATWG encoding name actually used (e.g. "windows-1252", "utf-8", "utf-32le"). */
  encoding: string;
  source: EncodingSource;
}

type Utf32 = 'utf-32le' | 'utf-32be';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'utf-32be', length: 4 };
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'utf-32le', length: 4 };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** XML without a BOM still shows its width in the bytes of "<?" (XML 1.0 appendix F). */
function sniffWidth(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x3c])) return 'utf-32be';
  if (startsWith(bytes, [0x3c, 0x00, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) return 'utf-16be';
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00])) return 'utf-16le';
  return null;
}

/** The charset parameter of a Content-Type header, unquoted, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("([^"]*)"|'([^']*)'|[^;\s]+)/i.exec(contentType);
  if (!match) return null;
  const value = (match[2] ?? match[3] ?? match[1] ?? '').trim();
  return value === '' ? null : value;
}

/** The encoding named by an XML declaration at the start of the (ASCII-compatible) bytes, or null. */
export function encodingFromXmlDeclaration(head: string): string | null {
  const decl = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/i.exec(head);
  const value = decl?.[2]?.trim();
  return value ? value : null;
}

/** Normalises a label to a WHATWG encoding name TextDecoder accepts, or null when unknown. */
export function resolveEncoding(label: string): string | null {
  const lower = label.trim().toLowerCase();
  if (lower === 'utf-32' || lower === 'utf32' || lower === 'ucs-4') return 'utf-32';
  if (lower === 'utf-32le' || lower === 'utf-32be') return lower;
  let encoding: string;
  try {
    encoding = new TextDecoder(lower).encoding;
  } catch {
    return null;
  }
  // "replacement" turns a whole document into one U+FFFD: treat those labels as unknown.
  return encoding === 'replacement' ? null : encoding;
}

function decodeUtf32(bytes: Uint8Array, encoding: Utf32): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = encoding === 'utf-32le';
  const parts: string[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return parts.join('');
}

function decodeWith(bytes: Uint8Array, encoding: string): { text: string; encoding: string } {
  if (encoding === 'utf-32') {
    const width = sniffWidth(bytes);
    encoding = width === 'utf-32be' ? 'utf-32be' : 'utf-32le';
  }
  if (encoding === 'utf-32le' || encoding === 'utf-32be') {
    return { text: decodeUtf32(bytes, encoding), encoding };
  }
  if (encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding };
  // ignoreBOM: true keeps a BOM in the text; we strip BOMs ourselves so the choice is explicit.
  return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding };
}

/** windows-1252 bytes 0x80–0x9F (WHATWG index); the five unassigned bytes map to themselves. */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/**
 * Node 24's TextDecoder decodes "windows-1252" (and the labels that mean it: latin1, iso-8859-1,
 * us-ascii) as ISO-8859-1, leaving smart quotes as C1 control characters. Decode it as browsers do,
 * byte by byte through a table (a regex replace with a callback per character took 0.5 s on 5 MB).
 */
function decodeWindows1252(bytes: Uint8Array): string {
  // Written out as UTF-16LE bytes (not a Uint16Array, whose byte order is the machine's).
  const utf16 = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const unit = byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_C1[byte - 0x80] as number) : byte;
    utf16[2 * i] = unit & 0xff;
    utf16[2 * i + 1] = unit >> 8;
  }
  return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(utf16);
}

/** A 16/32-bit declared encoding is only believable when the bytes are that wide. */
function plausible(bytes: Uint8Array, encoding: string): boolean {
  const wide = encoding.startsWith('utf-16') || encoding.startsWith('utf-32');
  if (!wide) return sniffWidth(bytes) === null;
  const width = sniffWidth(bytes);
  if (width !== null) return width.slice(0, 6) === encoding.slice(0, 6);
  // "<?xml" or "<rss" as single bytes means the document is not really 16/32-bit wide.
  const looksAscii = bytes[0] === 0x3c && bytes[1] !== undefined && bytes[1] !== 0x00;
  return !looksAscii && bytes.length % 2 === 0;
}

const SPACE = /\s/;
const isSpace = (text: string, at: number): boolean => at < text.length && SPACE.test(text.charAt(at));

/**
 * The span to cut from an XML declaration: `\s+encoding\s*=\s*"…"` starting at `encodingAt`, when it
 * is followed by the declaration's "?>". Null when this occurrence does not qualify.
 */
function encodingSpan(text: string, encodingAt: number, earliest: number, firstGt: number): [number, number] | null {
  let start = encodingAt;
  while (start > earliest && isSpace(text, start - 1)) start--;
  if (start === encodingAt) return null;
  let at = encodingAt + 'encoding'.length;
  while (isSpace(text, at)) at++;
  if (text.charAt(at) !== '=') return null;
  at++;
  while (isSpace(text, at)) at++;
  const quote = text.charAt(at);
  if (quote !== '"' && quote !== "'") return null;
  // The value holds no quote of either kind: it ends at the next quote, which must be the same one.
  let close = at + 1;
  while (close < text.length && text.charAt(close) !== '"' && text.charAt(close) !== "'") close++;
  if (text.charAt(close) !== quote) return null;
  const gt = close < firstGt ? firstGt : text.indexOf('>', close + 1);
  return gt > close + 1 && text.charAt(gt - 1) === '?' ? [start, close + 1] : null;
}

/**
 * Rewrites the XML declaration so that it no longer names an encoding: the text is already decoded,
 * and a stale `encoding="windows-1252"` would only mislead a later reader. A hand-written scan (the
 * regex it replaces backtracked quadratically on "<?xml " and spaces without ">"); it cuts exactly what
 * /^(\s*<\?xml\s[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2([^>]*\?>)/i cut.
 */
export function stripDeclaredEncoding(text: string): string {
  let at = 0;
  while (isSpace(text, at)) at++;
  if (text.slice(at, at + 5).toLowerCase() !== '<?xml' || !isSpace(text, at + 5)) return text;
  const earliest = at + 6;
  const firstGt = text.indexOf('>', earliest);
  if (firstGt === -1) return text;
  const word = /encoding/gi;
  word.lastIndex = earliest;
  for (let found = word.exec(text); found !== null && found.index < firstGt; found = word.exec(text)) {
    const span = encodingSpan(text, found.index, earliest, firstGt);
    if (span !== null) return text.slice(0, span[0]) + text.slice(span[1]);
  }
  return text;
}

/** Decodes feed bytes into a string, the way a browser would for an XML document. */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string | null): DecodedText {
  const finishText = (text: string, encoding: string, source: EncodingSource): DecodedText => ({
    text: stripDeclaredEncoding(text.replace(/^\uFEFF/, '')),
    encoding,
    source,
  });

  const bom = bomEncoding(bytes);
  if (bom) {
    const decoded = decodeWith(bytes.subarray(bom.length), bom.encoding);
    return finishText(decoded.text, decoded.encoding, 'bom');
  }

  const headerLabel = charsetFromContentType(contentType);
  if (headerLabel) {
    const encoding = resolveEncoding(headerLabel);
    if (encoding && plausible(bytes, encoding)) {
      const decoded = decodeWith(bytes, encoding);
      return finishText(decoded.text, decoded.encoding, 'header');
    }
  }

  const width = sniffWidth(bytes);
  if (width) {
    const decoded = decodeWith(bytes, width);
    return finishText(decoded.text, decoded.encoding, 'sniff');
  }

  // The declaration is ASCII in every ASCII-compatible encoding, so read the head as latin1 first.
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 512));
  const declared = encodingFromXmlDeclaration(head);
  if (declared) {
    const encoding = resolveEncoding(declared);
    if (encoding && plausible(bytes, encoding)) {
      const decoded = decodeWith(bytes, encoding);
      return finishText(decoded.text, decoded.encoding, 'xml-declaration');
    }
  }

  return finishText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), 'utf-8', 'default');
}
