// A second opinion on alerts: a naive Bayes text model trained by scripts/train-veto.ts on the labelled
// corpus's tune split (config/veto-model.json). The rules decide; when they say "alert" and the words of
// the story are, on the corpus's evidence, more typical of the stories that are not alerts (a firm's
// breach, an arrest, a scam), the alert is withdrawn with the words that weighed most. See ADR 005.
import type { Doc } from './text.ts';
import type { Token } from './tokens.ts';

export interface VetoModel {
  /** Articles the counts come from: [not alerts, alerts]. */
  docs: [number, number];
  /** For each feature, the number of those articles it occurs in: [not alerts, alerts]. */
  features: ReadonlyMap<string, readonly [number, number]>;
  /** What the model was trained on, for the reasons and the ADR. */
  trainedOn: string;
}

/**
 * A model compiled for scoring (compileVeto): the recogniser that owns it owns its scratch marks too. It keeps
 * the prior and the index, not the model's map of feature names (a recogniser holds one or the other, not both).
 */
export interface CompiledVeto {
  /** log P(alert) - log P(not alert), from the model's document counts. */
  readonly prior: number;
  readonly index: VetoIndex;
}

export function compileVeto(model: VetoModel): CompiledVeto {
  return { prior: Math.log(model.docs[1] / model.docs[0]), index: indexVeto(model) };
}

/**
 * The model's features by number, for scoring without building strings: a word of the model's vocabulary
 * has a number, and its own feature, its headline feature and the pairs it starts
 * are found from that number. The weights and the "counted in this story" marks are flat arrays: a story's
 * walk touches a few small arrays, not an object per feature.
 */
interface VetoIndex {
  /** The words of the model's vocabulary by number. */
  vocab: ReadonlyMap<string, number>;
  /** By word number: the feature of the word itself, and of the word in a headline (-1: none). */
  own: Int32Array;
  title: Int32Array;
  /** The features of word pairs, found by pairFeature (first word number × vocabulary size + second). */
  pairs: PairTable;
  size: number;
  /** By feature: its weight (log-likelihood ratio), and the last scoring call that counted it. */
  weights: Float64Array;
  seen: Int32Array;
  /** Increases with every scoring call, so that a feature counts once per story. */
  calls: number;
}

/** Indexes the flat feature names ("word", "title:word", "word word") by number. */
function indexVeto(model: VetoModel): VetoIndex {
  const [n0, n1] = model.docs;
  const numbers = new Map<string, number>();
  const numberOf = (word: string): number => {
    let k = numbers.get(word);
    if (k === undefined) {
      k = numbers.size;
      numbers.set(word, k);
    }
    return k;
  };
  for (const f of model.features.keys()) for (const w of (f.startsWith('title:') ? f.slice(6) : f).split(' ')) numberOf(w);
  const size = numbers.size;
  const own = new Int32Array(size).fill(-1);
  const title = new Int32Array(size).fill(-1);
  const pairs = pairTable([...model.features.keys()].filter((f) => !f.startsWith('title:') && f.includes(' ')).length);
  const weights = new Float64Array(model.features.size);
  let id = 0;
  for (const [f, c] of model.features) {
    weights[id] = Math.log((c[1] + SMOOTHING) / (n1 + 1)) - Math.log((c[0] + SMOOTHING) / (n0 + 1));
    if (f.startsWith('title:')) title[numberOf(f.slice(6))] = id;
    else if (f.includes(' ')) {
      const [a = '', b = ''] = f.split(' ');
      setPair(pairs, numberOf(a) * size + numberOf(b), id);
    } else own[numberOf(f)] = id;
    id++;
  }
  return { vocab: numbers, own, title, pairs, size, weights, seen: new Int32Array(id).fill(-1), calls: 0 };
}

const SMOOTHING = 0.5;

const FUNCTION_WORDS = new Set(
  'a an the of to in on at by for from with and or but as is are was were be been has have had it its this that'.split(' '),
);

/**
 * Word pairs to features: open addressing over one Int32Array, key + 1 (0: empty) then the feature, so a
 * lookup (one per word of a story) reads one cache line, where a Map's hash table reads several.
 */
interface PairTable {
  slots: Int32Array;
  mask: number;
}

function pairTable(entries: number): PairTable {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return { slots: new Int32Array(2 * size), mask: size - 1 };
}

function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 7) & mask;
}

function setPair(table: PairTable, key: number, feature: number): void {
  const { slots, mask } = table;
  let s = slotOf(key, mask);
  while (slots[2 * s] !== 0 && slots[2 * s] !== key + 1) s = (s + 1) & mask;
  slots[2 * s] = key + 1;
  slots[2 * s + 1] = feature;
}

/** The feature of a word pair, or -1. */
function pairFeature(table: PairTable, key: number): number {
  const { slots, mask } = table;
  for (let s = slotOf(key, mask); ; s = (s + 1) & mask) {
    const k = slots[2 * s] as number;
    if (k === key + 1) return slots[2 * s + 1] as number;
    if (k === 0) return -1;
  }
}

/** Character offsets of a name in the story's text (a gazetteer mention: a body or a place). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Is the token starting at an offset inside a name? Names are who a story is about, never what kind of
 * story it is: a model that learnt "derby" or "city council" from a corpus would judge the body, not the
 * event. Tokens are asked about in order and names come left to right, so one pointer walks both.
 */
function nameMask(names: readonly Span[]): (start: number) => boolean {
  let n = 0;
  return (start) => {
    while (n < names.length && (names[n] as Span).end <= start) n++;
    return n < names.length && (names[n] as Span).start <= start;
  };
}

/**
 * The features of a story, as training counts them: its words (background and names left out), each word
 * with the word before it (none at the start and after background or a name), and the headline's words
 * marked as such.
 * walkFeatures scores exactly these (a test checks the two against each other).
 */
export function vetoFeatures(doc: Doc, names: readonly Span[] = []): string[] {
  const out = new Set<string>();
  let previous: string | null = null;
  const named = nameMask(names);
  for (const s of doc.sentences) {
    if (s.background) {
      previous = null;
      continue;
    }
    for (const { norm, start } of s.tokens) {
      if (named(start)) {
        previous = null;
        continue;
      }
      out.add(norm);
      if (s.zone === 'title') out.add(`title:${norm}`);
      if (previous !== null) out.add(`${previous} ${norm}`);
      previous = norm;
    }
  }
  return [...out];
}

export interface VetoScore {
  /** log P(alert | words) - log P(not alert | words); below 0 the words point away from an alert. */
  logOdds: number;
  /** The features that weighed most against an alert. */
  against: string[];
}

/** names: the gazetteer's mentions in the story (its bodies and places), which the model never weighs. */
export function vetoScore(veto: CompiledVeto, doc: Doc, names: readonly Span[] = []): VetoScore {
  const { prior, index } = veto;
  const logOdds = prior + walkFeatures(index, doc, names, null);
  if (logOdds >= 0) return { logOdds, against: [] };
  // Only a withdrawn alert needs its reasons: a second walk collects the features that weighed against it.
  const against: [string, number][] = [];
  walkFeatures(index, doc, names, against);
  // Reasons name words a person can weigh: a feature of function words alone ("of", "on the") says nothing.
  const words = against
    .sort((a, b) => a[1] - b[1])
    .map(([feature]) => feature)
    .filter((feature) => feature.split(' ').some((w) => !FUNCTION_WORDS.has(w)));
  return { logOdds, against: [...new Set(words)].slice(0, 5) };
}

/** A feature's weight the first time it counts in this scoring call, else 0 (none, or counted already). */
function counted(index: VetoIndex, call: number, feature: number | undefined): number {
  if (feature === undefined || feature < 0 || index.seen[feature] === call) return 0;
  index.seen[feature] = call;
  return index.weights[feature] as number;
}

/**
 * Sum of the weights of the story's features, each once: the same features as vetoFeatures (the words of
 * the story, not background, each with the word before it, and the headline's words), in one loop with no
 * call per word to a visitor. With `against`, also lists the negative ones by name.
 */
function walkFeatures(index: VetoIndex, doc: Doc, names: readonly Span[], against: [string, number][] | null): number {
  const { vocab, own, title, pairs, size } = index;
  const call = ++index.calls;
  const named = nameMask(names);
  let sum = 0;
  let previous = '';
  let before = -1;
  for (const s of doc.sentences) {
    if (s.background) {
      previous = '';
      before = -1;
      continue;
    }
    const inTitle = s.zone === 'title';
    const tokens = s.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      if (named(token.start)) {
        previous = '';
        before = -1;
        continue;
      }
      const word = token.norm;
      const k = vocab.get(word) ?? -1;
      if (k >= 0) {
        const w = counted(index, call, own[k]);
        sum += w;
        if (w < 0) against?.push([word, w]);
        if (inTitle) {
          const t = counted(index, call, title[k]);
          sum += t;
          if (t < 0) against?.push([word, t]);
        }
        if (before >= 0) {
          const p = counted(index, call, pairFeature(pairs, before * size + k));
          sum += p;
          if (p < 0) against?.push([`${previous} ${word}`, p]);
        }
      }
      previous = word;
      before = k;
    }
  }
  return sum;
}

/** Counts for a model from labelled documents (the training script and the tests use it). */
/** ignore: words the model must never weigh; a feature holding one (alone or in a pair) is left out. */
/** names: each example's gazetteer mentions, left out as vetoScore leaves them out. */
export function trainVeto(
  examples: readonly { doc: Doc; alert: boolean; names?: readonly Span[] }[],
  trainedOn: string,
  minDocs = 2,
  ignore: ReadonlySet<string> = new Set(),
): VetoModel {
  const counts = new Map<string, [number, number]>();
  const docs: [number, number] = [0, 0];
  for (const { doc, alert, names } of examples) {
    const y = alert ? 1 : 0;
    docs[y]++;
    for (const f of vetoFeatures(doc, names)) {
      const c = counts.get(f) ?? [0, 0];
      c[y]++;
      counts.set(f, c);
    }
  }
  const features = new Map<string, readonly [number, number]>();
  // Numbers ("17", "2024") and the words of config/veto-ignore.yaml are never evidence of a kind of story.
  const ignored = (f: string): boolean => f.replace(/^title:/, '').split(' ').some((w) => ignore.has(w) || /\d/.test(w));
  for (const [f, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c[0] + c[1] >= minDocs && !ignored(f)) features.set(f, c);
  return { docs, features, trainedOn };
}
