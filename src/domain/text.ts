// Small text helpers shared by the domain: tokens, stopwords and a stable short hash.
import { compareText } from './text-order.ts';

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just me more most my no nor not ' +
    'now of off on once only or other our ours out over own same she should so some such than that the their ' +
    'theirs them then there these they this those through to too under until up very was we were what when ' +
    'where which while who whom why will with would you your said says say told according after amid new news ' +
    'latest week year years month months day days today yesterday one two three first last since still would ' +
    'could might must may many much people person staff public uk british britain'
  ).split(/\s+/),
);

/** Lowercase word tokens (letters and digits), without stopwords and very short words. */
export function tokens(text: string, minLength = 3): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const word = withoutTrailing(match[0].replace(/['’]s$/u, ''), "-'’");
    if (word.length >= minLength && !STOPWORDS.has(word)) out.push(word);
  }
  return out;
}

/** The most frequent tokens of a weighted set of texts, most frequent first. */
export function topTerms(parts: ReadonlyArray<{ text: string; weight: number }>, limit: number, exclude: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const { text, weight } of parts) {
    for (const word of tokens(text, 4)) {
      if (exclude.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + weight);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, limit)
    .map(([word]) => word);
}

/** |A ∩ B| / min(|A|, |B|): 1 when the smaller set is inside the larger one. */
export function overlapCoefficient(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const item of new Set(b)) if (set.has(item)) shared += 1;
  return shared / Math.min(set.size, new Set(b).size);
}

/**
 * `text` without the run of `chars` at its end. A loop, because /[-.]+$/ retries from every character
 * of a run that is not at the end, which is quadratic in the run's length.
 */
export function withoutTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** A stable, short, URL-safe id from a string (FNV-1a, 2 × 32 bits, base 36). */
export function shortHash(input: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ input.length;
  for (let i = 0; i < input.length; i += 1) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(36).padStart(7, '0') + h2.toString(36).padStart(7, '0')).slice(0, 10);
}
