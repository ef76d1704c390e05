// Phrases from the knowledge files (config/knowledge/*.yaml), compiled once into a word trie and matched
// against a sentence's words. The phrase language is small on purpose, so that a domain expert can write it:
//
//   sent to the wrong {address|person|people}   one of the words or word groups in braces
//   [local|borough] council                      optional words in brackets
//   hack*                                        any word that starts with "hack"
//   details ~3 leaked                            up to three other words in between
//   multi-academy trust                          a hyphen splits words, as in the text ("multi academy")
//
// Words are compared normalised (lower case, no apostrophes or accents). Matching reads each word of the
// sentence once per start and never more than the longest phrase ahead: linear in the sentence.

/** A word of the text, as the tokeniser gives it. */
export interface PhraseToken {
  readonly norm: string;
  /** The word without a possessive "'s" ("council's" → "council"), when it has one. */
  readonly stem?: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** One step of a phrase: a word, a word prefix, or a gap of up to `gap` words. */
type Step = { word: string } | { prefix: string } | { gap: number };

interface Node<T> {
  words: Map<string, Node<T>>;
  prefixes: Array<{ prefix: string; next: Node<T> }>;
  gaps: Array<{ gap: number; next: Node<T> }>;
  /** Values whose phrase ends here. */
  ends: T[];
}

export interface PhraseMatch<T> {
  value: T;
  /** Token indexes: [from, to). */
  from: number;
  to: number;
}

export interface PhraseSet<T> {
  /** Every match at every start, shortest first at each start. */
  findAll(tokens: readonly PhraseToken[]): Array<PhraseMatch<T>>;
  /** Whether any phrase matches. */
  test(tokens: readonly PhraseToken[]): boolean;
  readonly size: number;
}

/** Where a match lies in the text its tokens index: [start, end). */
export function matchSpan(tokens: readonly PhraseToken[], m: PhraseMatch<unknown>): { start: number; end: number } {
  return { start: (tokens[m.from] as PhraseToken).start, end: (tokens[m.to - 1] as PhraseToken).end };
}

/** A phrase that cannot be read: says which phrase and why, for the knowledge file's loader to report. */
export class PhraseSyntaxError extends Error {}

const MAX_EXPANSIONS = 20_000;
const MAX_GAP = 12;

/** Lower case, no apostrophes, no accents: the same as the tokeniser's normalised word. */
export function normaliseWord(raw: string): string {
  return raw.toLowerCase().replace(/['’]/g, '').normalize('NFD').replace(/\p{M}/gu, '');
}

/** Reads one phrase into every sequence of steps it stands for. */
export function expandPhrase(phrase: string): Step[][] {
  const tokens = phrase.match(/[{}[\]|]|[^\s{}[\]|]+/g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new PhraseSyntaxError(`phrase "${phrase}": ${why}`);
  };
  // seq := item*; item := word | '{' alts '}' | '[' alts ']'; alts := seq ('|' seq)*
  const readSeq = (): Step[][] => {
    let out: Step[][] = [[]];
    while (at < tokens.length) {
      const t = tokens[at] as string;
      if (t === '|' || t === '}' || t === ']') break;
      at++;
      let options: Step[][];
      if (t === '{' || t === '[') {
        options = readAlts(t === '{' ? '}' : ']');
        if (t === '[') options = [[], ...options];
      } else options = [t.startsWith('~') ? [stepOf(t, fail)] : t.split('-').filter((w) => w !== '').map((w) => stepOf(w, fail))];
      const next: Step[][] = [];
      for (const head of out) for (const tail of options) next.push([...head, ...tail]);
      if (next.length > MAX_EXPANSIONS) fail(`more than ${MAX_EXPANSIONS} forms: split it into several phrases`);
      out = next;
    }
    return out;
  };
  const readAlts = (close: string): Step[][] => {
    const options = [...readSeq()];
    while (tokens[at] === '|') {
      at++;
      options.push(...readSeq());
    }
    if (tokens[at] !== close) fail(`missing "${close}"`);
    at++;
    return options;
  };
  const forms = readSeq();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  for (const form of forms) {
    if (!form.some((s) => !('gap' in s))) fail('it has no word');
    if ('gap' in (form[0] as Step) || 'gap' in (form.at(-1) as Step)) fail('a gap (~N) must sit between words');
  }
  return forms;
}

function stepOf(token: string, fail: (why: string) => never): Step {
  const gap = /^~(\d+)$/.exec(token);
  if (gap) {
    const n = Number(gap[1]);
    if (n < 1 || n > MAX_GAP) fail(`a gap is ~1 to ~${MAX_GAP}`);
    return { gap: n };
  }
  if (token.startsWith('~')) fail(`"${token}" is not a gap: write ~ and a number, e.g. ~3`);
  if (token.endsWith('*')) {
    const prefix = normaliseWord(token.slice(0, -1));
    if (prefix.length < 3) fail(`"${token}": a prefix needs at least three letters`);
    return { prefix };
  }
  return { word: normaliseWord(token) };
}

function emptyNode<T>(): Node<T> {
  return { words: new Map(), prefixes: [], gaps: [], ends: [] };
}

/** Compiles phrases (each with the value it stands for) into one word trie. */
export function compilePhrases<T>(entries: ReadonlyArray<{ phrase: string; value: T }>): PhraseSet<T> {
  const root = emptyNode<T>();
  let size = 0;
  for (const { phrase, value } of entries) {
    for (const form of expandPhrase(phrase)) {
      let node = root;
      for (const step of form) node = child(node, step);
      if (!node.ends.includes(value)) node.ends.push(value);
      size++;
    }
  }
  const walk = (tokens: readonly PhraseToken[], node: Node<T>, i: number, from: number, out: Array<PhraseMatch<T>>): void => {
    for (const value of node.ends) out.push({ value, from, to: i });
    for (const { gap, next } of node.gaps) {
      // Up to `gap` words skipped (none is fine), then the next step must match.
      for (let j = i; j <= Math.min(tokens.length - 1, i + gap); j++) step(tokens, next, j, from, out);
    }
    step(tokens, node, i, from, out);
  };
  const step = (tokens: readonly PhraseToken[], node: Node<T>, i: number, from: number, out: Array<PhraseMatch<T>>): void => {
    const token = tokens[i];
    if (token === undefined) return;
    const exact = node.words.get(token.norm) ?? (token.stem === undefined ? undefined : node.words.get(token.stem));
    if (exact) walk(tokens, exact, i + 1, from, out);
    for (const p of node.prefixes) if (token.norm.startsWith(p.prefix)) walk(tokens, p.next, i + 1, from, out);
  };
  const findAll = (tokens: readonly PhraseToken[]): Array<PhraseMatch<T>> => {
    const out: Array<PhraseMatch<T>> = [];
    for (let i = 0; i < tokens.length; i++) step(tokens, root, i, i, out);
    return out;
  };
  return { findAll, test: (tokens) => findAll(tokens).length > 0, size };
}

/** Follows or makes the trie edge for one step (gaps and words fold into the same edges when equal). */
function child<T>(node: Node<T>, step: Step): Node<T> {
  if ('word' in step) {
    let next = node.words.get(step.word);
    if (!next) node.words.set(step.word, (next = emptyNode<T>()));
    return next;
  }
  if ('prefix' in step) {
    let edge = node.prefixes.find((p) => p.prefix === step.prefix);
    if (!edge) node.prefixes.push((edge = { prefix: step.prefix, next: emptyNode<T>() }));
    return edge.next;
  }
  let edge = node.gaps.find((g) => g.gap === step.gap);
  if (!edge) node.gaps.push((edge = { gap: step.gap, next: emptyNode<T>() }));
  return edge.next;
}
