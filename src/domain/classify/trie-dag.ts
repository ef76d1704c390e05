// A phrase trie with its equal branches shared (ADR 027). Phrases with alternatives expand into many forms that
// share their ends ("{a|b|c} {d|e} ~3 {f|g} leaked" is 12 forms that all end in "~3 {f|g} leaked"); the trie
// shares only their starts. Two nodes whose phrases end the same way (the same values end there, the same edges
// lead on, in the same order, to nodes that are themselves the same) match the same words from any point on, so
// one of them can stand for both: matching walks the same steps and finds the same matches in the same order.
// The knowledge's tries go from ~400,000 nodes to ~18,000 this way.
import type { Trie } from './phrase-trie.ts';

/** The trie with every set of equal nodes made one node; node 0 is still the root. */
export function shareEqualBranches<T>(trie: Trie<T>): Trie<T> {
  const { wordFrom, edgeWord, edgeNext, letters, extraOf, extras, endFrom, ends } = trie;
  const nodes = letters.length;
  // Children are made after their parents (higher numbers), so from the last node back every child is known
  // before its parent: each node gets the number of the first node found equal to it (by its signature).
  const same = new Int32Array(nodes);
  const kept: number[] = [];
  const bySignature = new Map<string, number>();
  const parts: number[] = [];
  for (let n = nodes - 1; n >= 0; n--) {
    parts.length = 0;
    for (let e = endFrom[n] as number; e < (endFrom[n + 1] as number); e++) parts.push(ends[e] as number);
    parts.push(-1);
    for (let e = wordFrom[n] as number; e < (wordFrom[n + 1] as number); e++) parts.push(edgeWord[e] as number, same[edgeNext[e] as number] as number);
    parts.push(-1);
    const x = extraOf[n] as number;
    if (x >= 0) forEachExtra(extras, x, (at, isNode) => parts.push(isNode ? nodeOf(same, extras[at] as number) : (extras[at] as number)));
    const signature = parts.join(',');
    let k = bySignature.get(signature);
    if (k === undefined) {
      bySignature.set(signature, (k = kept.length));
      kept.push(n);
    }
    same[n] = k;
  }
  // Numbered again so that the root (found last) is 0 and parents come before their children.
  const count = kept.length;
  const numberOf = (n: number): number => count - 1 - (same[n] as number);
  const originals = kept.reverse();
  const out = {
    wordFrom: new Int32Array(count + 1),
    edgeWord: edgeWord.constructor === Uint16Array ? new Uint16Array(edgesOf(originals, wordFrom)) : new Int32Array(edgesOf(originals, wordFrom)),
    edgeNext: new Int32Array(edgesOf(originals, wordFrom)),
    letters: new Int32Array(count),
    extraOf: new Int32Array(count).fill(-1),
    endFrom: new Int32Array(count + 1),
    ends: new Int32Array(endsOf(originals, endFrom)),
  };
  const extraInts: number[] = [];
  let edge = 0;
  let end = 0;
  originals.forEach((n, id) => {
    out.wordFrom[id] = edge;
    for (let e = wordFrom[n] as number; e < (wordFrom[n + 1] as number); e++, edge++) {
      out.edgeWord[edge] = edgeWord[e] as number;
      out.edgeNext[edge] = numberOf(edgeNext[e] as number);
    }
    out.endFrom[id] = end;
    for (let e = endFrom[n] as number; e < (endFrom[n + 1] as number); e++) out.ends[end++] = ends[e] as number;
    out.letters[id] = letters[n] as number;
    const x = extraOf[n] as number;
    if (x >= 0) {
      out.extraOf[id] = extraInts.length;
      forEachExtra(extras, x, (at, isNode) => {
        const v = extras[at] as number;
        extraInts.push(isNode && v >= 0 ? numberOf(v) : v);
      });
    }
  });
  out.wordFrom[count] = edge;
  out.endFrom[count] = end;
  return { ...trie, ...out, extras: Int32Array.from(extraInts) };
}

/** A next node of an extra as its equal node's number (-1 stays -1: no such edge). */
function nodeOf(same: Int32Array, n: number): number {
  return n < 0 ? -1 : (same[n] as number);
}

/** Calls `each` on every int of the node's other edges (Trie.extras at x), saying whether it names a node. */
function forEachExtra(extras: Int32Array, x: number, each: (at: number, isNode: boolean) => void): void {
  const prefixes = extras[x] as number;
  const suffixes = extras[x + 1] as number;
  const gaps = extras[x + 2] as number;
  for (let k = 0; k < 3; k++) each(x + k, false);
  each(x + 3, true);
  each(x + 4, true);
  let at = x + 5;
  for (let k = 0; k < prefixes + suffixes; k++, at += 2) {
    each(at, false);
    each(at + 1, true);
  }
  for (let k = 0; k < gaps; k++, at += 3) {
    each(at, false);
    each(at + 1, false);
    each(at + 2, true);
  }
}

function edgesOf(originals: readonly number[], wordFrom: Int32Array): number {
  let count = 0;
  for (const n of originals) count += (wordFrom[n + 1] as number) - (wordFrom[n] as number);
  return count;
}

function endsOf(originals: readonly number[], endFrom: Int32Array): number {
  let count = 0;
  for (const n of originals) count += (endFrom[n + 1] as number) - (endFrom[n] as number);
  return count;
}
