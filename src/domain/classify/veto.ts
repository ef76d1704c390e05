// A second opinion on alerts: a naive Bayes text model trained by scripts/train-veto.ts on the labelled
// corpus's tune split (config/veto-model.json). The rules decide; when they say "alert" and the words of
// the story are, on the corpus's evidence, more typical of the stories that are not alerts (a firm's
// breach, an arrest, a scam), the alert is withdrawn with the words that weighed most. See ADR 005.
import type { Doc } from './text.ts';
import { wordMemo } from './tokens.ts';
import type { Token, Word } from './tokens.ts';

export interface VetoModel {
  /** Articles the counts come from: [not alerts, alerts]. */
  docs: [number, number];
  /** For each feature, the number of those articles it occurs in: [not alerts, alerts]. */
  features: ReadonlyMap<string, readonly [number, number]>;
  /** What the model was trained on, for the reasons and the ADR. */
  trainedOn: string;
  /** The same counts indexed for scoring without building strings (made by indexVeto). */
  index?: VetoIndex;
}

/** A feature's weight (log-likelihood ratio) and the last scoring call that counted it. */
interface Weighted {
  w: number;
  seen: number;
}

/** A word's own weight and the weights of the pairs it starts: one lookup per word when scoring. */
interface WordEntry {
  word?: Weighted;
  next?: Map<string, Weighted>;
}

interface VetoIndex {
  /** A word's entry and headline weight, remembered on the word. */
  entry: (word: Word) => WordEntry | null;
  title: (word: Word) => Weighted | null;
  /** Increases with every scoring call, so that a feature counts once per story. */
  calls: number;
}

/** Weights of the flat feature names ("word", "title:word", "word word"), indexed for scoring without building strings. */
function indexVeto(model: VetoModel): VetoIndex {
  const [n0, n1] = model.docs;
  const words = new Map<string, WordEntry>();
  const title = new Map<string, Weighted>();
  const entry = (word: string): WordEntry => {
    let e = words.get(word);
    if (!e) {
      e = {};
      words.set(word, e);
    }
    return e;
  };
  for (const [f, c] of model.features) {
    const weighted: Weighted = { w: Math.log((c[1] + SMOOTHING) / (n1 + 1)) - Math.log((c[0] + SMOOTHING) / (n0 + 1)), seen: -1 };
    if (f.startsWith('title:')) title.set(f.slice(6), weighted);
    else if (f.includes(' ')) {
      const [a = '', b = ''] = f.split(' ');
      const e = entry(a);
      (e.next ??= new Map()).set(b, weighted);
    } else entry(f).word = weighted;
  }
  return { entry: wordMemo((w) => words.get(w) ?? null), title: wordMemo((w) => title.get(w) ?? null), calls: 0 };
}

const SMOOTHING = 0.5;

/**
 * The words of the story in order, background left out: each with the word before it (null at the start
 * and after background) and whether it is in the headline. Training and scoring read features from this one
 * walk; the visitor is a plain function with its state passed in (no closure per story: this runs per word).
 */
function eachWord<S>(doc: Doc, state: S, visit: (state: S, word: Word, previous: Word | null, title: boolean) => void): void {
  let previous: Word | null = null;
  for (const s of doc.sentences) {
    if (s.background) {
      previous = null;
      continue;
    }
    const title = s.zone === 'title';
    const tokens = s.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const word = (tokens[i] as Token).word;
      visit(state, word, previous, title);
      previous = word;
    }
  }
}

function addFeatures(out: Set<string>, { norm }: Word, previous: Word | null, title: boolean): void {
  out.add(norm);
  if (title) out.add(`title:${norm}`);
  if (previous !== null) out.add(`${previous.norm} ${norm}`);
}

/** Words of the story (not background), word pairs, and the headline's words marked as such. */
export function vetoFeatures(doc: Doc): string[] {
  const out = new Set<string>();
  eachWord(doc, out, addFeatures);
  return [...out];
}

export interface VetoScore {
  /** log P(alert | words) - log P(not alert | words); below 0 the words point away from an alert. */
  logOdds: number;
  /** The features that weighed most against an alert. */
  against: string[];
}

export function vetoScore(model: VetoModel, doc: Doc): VetoScore {
  const index = (model.index ??= indexVeto(model));
  const logOdds = Math.log(model.docs[1] / model.docs[0]) + walkFeatures(index, doc, null);
  if (logOdds >= 0) return { logOdds, against: [] };
  // Only a withdrawn alert needs its reasons: a second walk collects the features that weighed against it.
  const against: [string, number][] = [];
  walkFeatures(index, doc, against);
  const names = against.sort((a, b) => a[1] - b[1]).map(([name]) => name);
  return { logOdds, against: [...new Set(names)].slice(0, 5) };
}

/** A scoring walk: the sum so far, the call that marks features counted, and the previous word's pairs. */
interface Walk {
  index: VetoIndex;
  call: number;
  sum: number;
  against: [string, number][] | null;
  pairs: Map<string, Weighted> | undefined;
}

/** True the first time a feature counts in this story (and adds its weight). */
function counts(walk: Walk, feature: Weighted | null | undefined): feature is Weighted {
  if (!feature || feature.seen === walk.call) return false;
  feature.seen = walk.call;
  walk.sum += feature.w;
  return walk.against !== null && feature.w < 0;
}

function scoreWord(walk: Walk, word: Word, previous: Word | null, title: boolean): void {
  const e = walk.index.entry(word);
  const own = e?.word;
  if (counts(walk, own)) walk.against?.push([word.norm, own.w]);
  if (title) {
    const t = walk.index.title(word);
    if (counts(walk, t)) walk.against?.push([word.norm, t.w]);
  }
  // The pairs that start with the previous word, from its entry: one lookup per word.
  if (previous !== null && walk.pairs !== undefined) {
    const pair = walk.pairs.get(word.norm);
    if (counts(walk, pair)) walk.against?.push([`${previous.norm} ${word.norm}`, pair.w]);
  }
  walk.pairs = e?.next;
}

/** Sum of the weights of the story's features, each once; with `against`, also lists the negative ones. */
function walkFeatures(index: VetoIndex, doc: Doc, against: [string, number][] | null): number {
  const walk: Walk = { index, call: ++index.calls, sum: 0, against, pairs: undefined };
  eachWord(doc, walk, scoreWord);
  return walk.sum;
}

/** Counts for a model from labelled documents (the training script and the tests use it). */
export function trainVeto(examples: readonly { doc: Doc; alert: boolean }[], trainedOn: string, minDocs = 2): VetoModel {
  const counts = new Map<string, [number, number]>();
  const docs: [number, number] = [0, 0];
  for (const { doc, alert } of examples) {
    const y = alert ? 1 : 0;
    docs[y]++;
    for (const f of vetoFeatures(doc)) {
      const c = counts.get(f) ?? [0, 0];
      c[y]++;
      counts.set(f, c);
    }
  }
  const features = new Map<string, readonly [number, number]>();
  for (const [f, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c[0] + c[1] >= minDocs) features.set(f, c);
  return { docs, features, trainedOn };
}
