// Ordering, counting and folding text the way the locale-aware built-ins do, without reaching into ICU for the
// strings the bot compares all the time (ADR 027). `localeCompare`, `toLocaleString` and `normalize` load ICU's
// collation, number-format and normalisation data on first use: about 2-3 MiB of the `node` binary's pages that
// then stay resident in an idle bot. For ISO timestamps, words and ids, and ASCII text, the answer is known
// without that data; anything else goes to the built-in as before.

/** A timestamp as Date.prototype.toISOString writes it (with or without milliseconds). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z$/;
/** Lower-case ASCII letters, digits, hyphens and apostrophes: words and ids. */
const PLAIN = /^[-'0-9a-z]*$/;
const NON_ASCII = /[^\u0000-\u007f]/;
const HYPHEN = 45;
const APOSTROPHE = 39;

/**
 * The sign of `a.localeCompare(b)`. Two ISO timestamps of the same length first differ in a digit: compared by
 * code unit. Plain words and ids: the collation orders '-' before "'" before digits before letters, each its own
 * weight, so the first difference decides (a word that is the start of another comes first); code units agree
 * but for '-' and "'". (Under a locale that reorders letters, such as Lithuanian's y, plain words now sort as the
 * image's locale, en-US, sorts them.) Anything else: localeCompare.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === b.length && ISO_TIME.test(a) && ISO_TIME.test(b)) return a < b ? -1 : 1;
  if (!PLAIN.test(a) || !PLAIN.test(b)) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if (x === HYPHEN && y === APOSTROPHE) return -1;
  if (x === APOSTROPHE && y === HYPHEN) return 1;
  return x < y ? -1 : 1;
}

/** `n.toLocaleString('en-GB')`: a safe integer with its thousands grouped by commas ("12,345"); else the built-in. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-GB');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `text.normalize('NFKC')`: ASCII text is its own NFKC form. */
export function nfkc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC') : text;
}
