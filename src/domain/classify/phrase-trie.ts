// The compiled form of a phrase set (phrases.ts): a word trie kept in a few typed arrays, not an object and a
// Map per node. The knowledge files expand to ~100,000 phrase forms; as objects their trie held about 30 MB of
// heap and took most of the recogniser's start-up to build (ADR 022). Here a node is a number and its word edges
// a sorted run of (word number, next node); the rare other edges (prefix, ending, number, sum, gap) hang off the
// few nodes that have them. The build fills a hash table of word edges, then lays the edges out by node and
// shares the branches that end the same way (trie-dag.ts, ADR 027): ~400,000 nodes become ~18,000.
import { shareEqualBranches } from './trie-dag.ts';

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

/** A node's edges other than words, as the build collects them (few nodes have any), in the order first added. */
interface ExtraBuilder {
  prefixes: Array<{ prefix: string; next: number }>;
  suffixes: Array<{ suffix: string; next: number }>;
  /** The next node after a number ("#"), and after a sum in pounds ("£#"); -1: none. */
  number: number;
  pounds: number;
  gaps: Array<{ gap: number; kind: GapKind; next: number }>;
}

/** The gap kinds by their number in `Trie.extras`. */
export const GAP_KINDS: readonly GapKind[] = ['any', 'plain'];

/**
 * A compiled trie: a few typed arrays and arrays of strings, the same in memory as in the compiled-recogniser cache
 * (trie-source.ts), where they are views of the file's bytes. Node 0 is the root. A node's word edges are a
 * sorted run of (word number, next node): 6 bytes an edge; a hash table of them at most half full took 24-48.
 */
export interface Trie<T> {
  /** Every word of the phrases, by number. */
  readonly vocab: ReadonlyMap<string, number>;
  /** By node: its word edges are edgeWord[wordFrom[node] .. wordFrom[node + 1]), by word number, and edgeNext. */
  readonly wordFrom: Int32Array;
  /** Uint16 while the trie has at most 65,536 words (all of the knowledge's tries and the gazetteer's do). */
  readonly edgeWord: Uint16Array | Int32Array;
  readonly edgeNext: Int32Array;
  /**
   * By node: the first letters of its words, one bit each (letterBit), and OTHER_STEP when a prefix, ending,
   * number or sum leads on from it: 0 when no step from it is worth trying.
   */
  readonly letters: Int32Array;
  /** By node: where its other edges start in `extras`, or -1. */
  readonly extraOf: Int32Array;
  /**
   * Each node's other edges in turn: counts of prefixes, endings and gaps, the number's and the sum's next node
   * (-1: none), then (text, next) by prefix and by ending (the text's place in extraTexts), (gap, kind, next) by
   * gap (kind: its place in GAP_KINDS).
   */
  readonly extras: Int32Array;
  readonly extraTexts: readonly string[];
  /** By node: its values (those whose phrase ends there) are values[ends[endFrom[node] .. endFrom[node + 1])]. */
  readonly endFrom: Int32Array;
  readonly ends: Int32Array;
  readonly values: readonly T[];
  /** The root's words (for where a match can start). */
  readonly rootWords: readonly string[];
  /** Phrase forms put in, counting repeats. */
  readonly size: number;
}

/** The bit of `Trie.letters` for a node with a prefix, ending, number or sum edge (letterBit uses bits 0-26). */
export const OTHER_STEP = 1 << 27;

/** A word's first letter as one bit of 32: a to z, or bit 26 for anything else (a digit, an accent). */
export function letterBit(word: string): number {
  const c = word.charCodeAt(0) - 97;
  return c >= 0 && c < 26 ? 1 << c : 1 << 26;
}

/** The hash table slot to start probing at for (node, word): the build's table of word edges. */
function slotOf(node: number, word: number, mask: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 1, 0x85ebca6b);
  h ^= h >>> 16;
  return h & mask;
}

/** The build's word edge from `node` by the word numbered `word`, or -1: three ints a slot (node + 1, word, next). */
function hashedEdge(edges: Int32Array, mask: number, node: number, word: number): number {
  for (let s = slotOf(node, word, mask); ; s = (s + 1) & mask) {
    const k = edges[3 * s] as number;
    if (k === 0) return -1;
    if (k === node + 1 && edges[3 * s + 1] === word) return edges[3 * s + 2] as number;
  }
}

/** The node after `node` by the word numbered `word`, or -1 (a binary search of the node's sorted word edges). */
export function wordEdge(wordFrom: Int32Array, edgeWord: Uint16Array | Int32Array, edgeNext: Int32Array, node: number, word: number): number {
  let lo = wordFrom[node] as number;
  let hi = wordFrom[node + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const w = edgeWord[mid] as number;
    if (w === word) return edgeNext[mid] as number;
    if (w < word) lo = mid + 1;
    else hi = mid;
  }
  return -1;
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
    const found = hashedEdge(edges, mask, node, number);
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
  const ends = new Int32Array(endCount);
  let at = 0;
  for (let n = 0; n < nodes; n++) {
    endFrom[n] = at;
    for (let e = endFirst[n] as number; e >= 0; e = endNext[e] as number) ends[at++] = endValue[e] as number;
  }
  endFrom[nodes] = at;
  const flat = flattenExtras(extras, extraOf.subarray(0, nodes), letters.subarray(0, nodes));
  return shareEqualBranches({
    vocab,
    ...sortedEdges(edges, mask, edgeCount, nodes, vocab.size),
    // Exact lengths: the build's spare room goes back to the heap.
    letters: letters.slice(0, nodes),
    extraOf: flat.extraOf,
    extras: flat.extras,
    extraTexts: flat.texts,
    endFrom,
    ends,
    values,
    rootWords,
    size,
  });
}

/** The build's hash table of word edges as each node's run of edges, sorted by word number. */
function sortedEdges(
  edges: Int32Array,
  mask: number,
  edgeCount: number,
  nodes: number,
  words: number,
): Pick<Trie<unknown>, 'wordFrom' | 'edgeWord' | 'edgeNext'> {
  const wordFrom = new Int32Array(nodes + 1);
  for (let s = 0; s <= mask; s++) {
    const k = edges[3 * s] as number;
    if (k !== 0) wordFrom[k] = (wordFrom[k] as number) + 1;
  }
  for (let n = 0; n < nodes; n++) wordFrom[n + 1] = (wordFrom[n + 1] as number) + (wordFrom[n] as number);
  const edgeWord = words <= 0x10000 ? new Uint16Array(edgeCount) : new Int32Array(edgeCount);
  const edgeNext = new Int32Array(edgeCount);
  const filled = wordFrom.slice(0, nodes);
  for (let s = 0; s <= mask; s++) {
    const k = edges[3 * s] as number;
    if (k === 0) continue;
    const e = filled[k - 1] as number;
    filled[k - 1] = e + 1;
    edgeWord[e] = edges[3 * s + 1] as number;
    edgeNext[e] = edges[3 * s + 2] as number;
  }
  // Most nodes have one word edge; the few with more are sorted by word number.
  for (let n = 0; n < nodes; n++) {
    const from = wordFrom[n] as number;
    const to = wordFrom[n + 1] as number;
    if (to - from < 2) continue;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => (edgeWord[a] as number) - (edgeWord[b] as number));
    const sortedWords = order.map((e) => edgeWord[e] as number);
    const sortedNext = order.map((e) => edgeNext[e] as number);
    edgeWord.set(sortedWords, from);
    edgeNext.set(sortedNext, from);
  }
  return { wordFrom, edgeWord, edgeNext };
}

/** The build's other edges as one Int32Array (Trie.extras); marks OTHER_STEP in `letters` where a step may follow. */
function flattenExtras(
  extras: readonly ExtraBuilder[],
  extraOf: Int32Array,
  letters: Int32Array,
): { extraOf: Int32Array; extras: Int32Array; texts: string[] } {
  const ints: number[] = [];
  // Each text once: nodes whose edges read the same texts are found equal (trie-dag.ts).
  const texts: string[] = [];
  const textNumbers = new Map<string, number>();
  const textOf = (text: string): number => {
    let n = textNumbers.get(text);
    if (n === undefined) textNumbers.set(text, (n = texts.push(text) - 1));
    return n;
  };
  const offsets = extras.map((x) => {
    const offset = ints.length;
    ints.push(x.prefixes.length, x.suffixes.length, x.gaps.length, x.number, x.pounds);
    for (const p of x.prefixes) ints.push(textOf(p.prefix), p.next);
    for (const p of x.suffixes) ints.push(textOf(p.suffix), p.next);
    for (const g of x.gaps) ints.push(g.gap, GAP_KINDS.indexOf(g.kind), g.next);
    return offset;
  });
  const out = new Int32Array(extraOf.length);
  for (let n = 0; n < extraOf.length; n++) {
    const x = extraOf[n] as number;
    out[n] = x < 0 ? -1 : (offsets[x] as number);
    const extra = x < 0 ? null : (extras[x] as ExtraBuilder);
    if (extra !== null && (extra.prefixes.length > 0 || extra.suffixes.length > 0 || extra.number >= 0 || extra.pounds >= 0)) {
      letters[n] = (letters[n] as number) | OTHER_STEP;
    }
  }
  return { extraOf: out, extras: Int32Array.from(ints), texts };
}
