// Google News article links shaped as the real ones, built by us: an id that is base64url protobuf
// (field 4, length-prefixed, holding the article URL; an optional field 26 with its AMP URL), or an
// opaque token that only Google's redirect resolves.

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
