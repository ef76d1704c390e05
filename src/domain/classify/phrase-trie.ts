// The compiled form of a phrase set (phrases.ts): a word trie kept in a few typed arrays, not an object and a
// Map per node. The knowledge files expand to ~100,000 phrase forms and ~150,000 trie nodes; as objects they
// held about 30 MB of heap and took most of the recogniser's start-up to build (ADR 022). Here a node is a
// number, its word edges are slots of one hash table keyed by (node, word number), and the rare other edges
// (prefix, ending, number, sum, gap) hang off the few nodes that have them.

/** What a gap may skip: any words, or words that are no denial (~N!). */
export type GapKind = 'any' | 'plain';

/**
 * One step of a phrase: a word, a word prefix or ending, a number (`pounds`: written after "£"), or a gap of up
 * to `gap` words.
 */
export type Step =
  | { word: string }
  | { prefix: string }
  | { suffix: string }
  | { number: true; pounds: boolean }
  | { gap: number; kind: GapKind };

/** A node's edges other than words: few nodes have any. Edges keep the order they were first added in. */
export interface Extra {
  readonly prefixes: ReadonlyArray<{ readonly prefix: string; readonly next: number }>;
  readonly suffixes: ReadonlyArray<{ readonly suffix: string; readonly next: number }>;
  /** The next node after a number ("#"), and after a sum in pounds ("£#"); -1: none. */
  readonly number: number;
  readonly pounds: number;
  readonly gaps: ReadonlyArray<{ readonly gap: number; readonly kind: GapKind; readonly next: number }>;
}

/** An Extra as the build fills it in. */
interface ExtraBuilder {
  prefixes: Array<{ prefix: string; next: number }>;
  suffixes: Array<{ suffix: string; next: number }>;
  number: number;
  pounds: number;
  gaps: Array<{ gap: number; kind: GapKind; next: number }>;
}

/** A compiled trie. Node 0 is the root. */
export interface Trie<T> {
  /** Every word of the phrases, by number. */
  readonly vocab: ReadonlyMap<string, number>;
  /** Word edges: open addressing, three ints a slot (node + 1, word number, next node); node + 1 = 0 is empty. */
  readonly edges: Int32Array;
  readonly mask: number;
  /** By node: the first letters of its words, one bit each (letterBit); 0 when it has no word edge. */
  readonly letters: Int32Array;
  /** By node: 1 when a word edge or a prefix, ending, number or sum leads on from it (a step is worth trying). */
  readonly steps: Uint8Array;
  /** By node: its entry in `extras`, or -1. */
  readonly extraOf: Int32Array;
  readonly extras: readonly Extra[];
  /** By node: its values (those whose phrase ends there) are ends[endFrom[node] .. endFrom[node + 1]). */
  readonly endFrom: Int32Array;
  readonly ends: readonly T[];
  /** The root's words (for where a match can start). */
  readonly rootWords: readonly string[];
  /** Phrase forms put in, counting repeats. */
  readonly size: number;
}

/** A word's first letter as one bit of 32: a to z, or bit 26 for anything else (a digit, an accent). */
export function letterBit(word: string): number {
  const c = word.charCodeAt(0) - 97;
  return c >= 0 && c < 26 ? 1 << c : 1 << 26;
}

/** The hash table slot to start probing at for (node, word). */
function slotOf(node: number, word: number, mask: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 1, 0x85ebca6b);
  h ^= h >>> 16;
  return h & mask;
}

/** The node after `node` by the word numbered `word`, or -1. */
export function wordEdge(edges: Int32Array, mask: number, node: number, word: number): number {
  for (let s = slotOf(node, word, mask); ; s = (s + 1) & mask) {
    const k = edges[3 * s] as number;
    if (k === 0) return -1;
    if (k === node + 1 && edges[3 * s + 1] === word) return edges[3 * s + 2] as number;
  }
}

/** An Int32Array that doubles when full (build time only). */
function grown(array: Int32Array<ArrayBuffer>, length: number, fill: number): Int32Array<ArrayBuffer> {
  if (length <= array.length) return array;
  const next = new Int32Array(Math.max(length, array.length * 2)).fill(fill);
  next.set(array);
  return next;
}

/** Builds the trie of phrase forms, each form a sequence of steps with its value, in order. */
export function buildTrie<T>(forms: Iterable<{ steps: readonly Step[]; value: T }>): Trie<T> {
  const vocab = new Map<string, number>();
  let edges = new Int32Array(3 * 1024);
  let mask = 1023;
  let edgeCount = 0;
  let nodes = 1;
  let letters = new Int32Array(1024);
  let extraOf = new Int32Array(1024).fill(-1);
  const extras: ExtraBuilder[] = [];
  // Each node's values as a linked list (first, last; then by entry: next, value number), in order put in.
  let endFirst = new Int32Array(1024).fill(-1);
  let endLast = new Int32Array(1024).fill(-1);
  let endNext = new Int32Array(1024).fill(-1);
  let endValue = new Int32Array(1024);
  let endCount = 0;
  const values: T[] = [];
  const valueNumbers = new Map<T, number>();
  const rootWords: string[] = [];
  let size = 0;

  const newNode = (): number => {
    const n = nodes++;
    letters = grown(letters, nodes, 0);
    extraOf = grown(extraOf, nodes, -1);
    endFirst = grown(endFirst, nodes, -1);
    endLast = grown(endLast, nodes, -1);
    return n;
  };
  const insertEdge = (table: Int32Array, tableMask: number, node: number, word: number, next: number): void => {
    let s = slotOf(node, word, tableMask);
    while (table[3 * s] !== 0) s = (s + 1) & tableMask;
    table[3 * s] = node + 1;
    table[3 * s + 1] = word;
    table[3 * s + 2] = next;
  };
  const addWordEdge = (node: number, word: string): number => {
    let number = vocab.get(word);
    if (number === undefined) vocab.set(word, (number = vocab.size));
    const found = wordEdge(edges, mask, node, number);
    if (found >= 0) return found;
    const next = newNode();
    // At most half full: a miss stops at an empty slot soon.
    if (2 * (edgeCount + 1) > mask + 1) {
      const bigger = new Int32Array(edges.length * 2);
      const biggerMask = mask * 2 + 1;
      for (let s = 0; s <= mask; s++) {
        const k = edges[3 * s] as number;
        if (k !== 0) insertEdge(bigger, biggerMask, k - 1, edges[3 * s + 1] as number, edges[3 * s + 2] as number);
      }
      edges = bigger;
      mask = biggerMask;
    }
    insertEdge(edges, mask, node, number, next);
    edgeCount++;
    letters[node] = (letters[node] as number) | letterBit(word);
    if (node === 0) rootWords.push(word);
    return next;
  };
  const extraFor = (node: number): ExtraBuilder => {
    let x = extraOf[node] as number;
    if (x < 0) {
      x = extras.length;
      extras.push({ prefixes: [], suffixes: [], number: -1, pounds: -1, gaps: [] });
      extraOf[node] = x;
    }
    return extras[x] as ExtraBuilder;
  };
  // Follows or makes the edge for one step (gaps and words fold into the same edges when equal).
  const child = (node: number, step: Step): number => {
    if ('word' in step) return addWordEdge(node, step.word);
    const extra = extraFor(node);
    if ('prefix' in step) {
      let edge = extra.prefixes.find((p) => p.prefix === step.prefix);
      if (!edge) extra.prefixes.push((edge = { prefix: step.prefix, next: newNode() }));
      return edge.next;
    }
    if ('suffix' in step) {
      let edge = extra.suffixes.find((p) => p.suffix === step.suffix);
      if (!edge) extra.suffixes.push((edge = { suffix: step.suffix, next: newNode() }));
      return edge.next;
    }
    if ('number' in step) {
      if (step.pounds) return extra.pounds >= 0 ? extra.pounds : (extra.pounds = newNode());
      return extra.number >= 0 ? extra.number : (extra.number = newNode());
    }
    let edge = extra.gaps.find((g) => g.gap === step.gap && g.kind === step.kind);
    if (!edge) extra.gaps.push((edge = { gap: step.gap, kind: step.kind, next: newNode() }));
    return edge.next;
  };
  const addEnd = (node: number, value: T): void => {
    let v = valueNumbers.get(value);
    if (v === undefined) {
      valueNumbers.set(value, (v = values.length));
      values.push(value);
    }
    for (let e = endFirst[node] as number; e >= 0; e = endNext[e] as number) if (endValue[e] === v) return;
    const e = endCount++;
    endNext = grown(endNext, endCount, -1);
    endValue = grown(endValue, endCount, 0);
    endValue[e] = v;
    if ((endLast[node] as number) >= 0) endNext[endLast[node] as number] = e;
    else endFirst[node] = e;
    endLast[node] = e;
  };

  for (const { steps, value } of forms) {
    let node = 0;
    for (const step of steps) node = child(node, step);
    addEnd(node, value);
    size++;
  }

  // Each node's values laid out one after another, in the order they were put in.
  const endFrom = new Int32Array(nodes + 1);
  const ends: T[] = new Array<T>(endCount);
  let at = 0;
  for (let n = 0; n < nodes; n++) {
    endFrom[n] = at;
    for (let e = endFirst[n] as number; e >= 0; e = endNext[e] as number) {
      ends[at++] = values[endValue[e] as number] as T;
    }
  }
  endFrom[nodes] = at;
  const steps = new Uint8Array(nodes);
  for (let n = 0; n < nodes; n++) {
    const x = extraOf[n] as number;
    const extra = x >= 0 ? (extras[x] as Extra) : null;
    const other =
      extra !== null && (extra.prefixes.length > 0 || extra.suffixes.length > 0 || extra.number >= 0 || extra.pounds >= 0);
    steps[n] = letters[n] !== 0 || other ? 1 : 0;
  }
  return {
    vocab,
    edges,
    mask,
    // Exact lengths: the build's spare room goes back to the heap.
    letters: letters.slice(0, nodes),
    steps,
    extraOf: extraOf.slice(0, nodes),
    extras,
    endFrom,
    ends,
    rootWords,
    size,
  };
}
