// Reading a lexicon pattern's source: its top-level alternatives, and the letters a match can begin
// with. Enough of the regex grammar for our lexicons (literals, classes, groups, lookarounds,
// quantifiers, escapes); anything it cannot read is treated as "can begin with anything".

interface Piece {
  /** One literal letter (lower case), or null for anything else. */
  letter: string | null;
  /** Matches at least once. */
  required: boolean;
  /** Zero-width (\b, lookaround): consumes nothing. */
  zeroWidth: boolean;
  /** For a group: its source without the parentheses and the "?:" or "?<name>". */
  group?: string;
  /** Has no quantifier (matches exactly once). */
  exact: boolean;
  /** Matches only characters that are not regex word characters (\s, \W, a space, punctuation), or is \b. */
  breaksWord: boolean;
  /** A space or \s: white space, which ends a word in every tokeniser (an apostrophe or hyphen may not). */
  space?: boolean;
}

function quantifierAt(src: string, i: number): { min: number; end: number } {
  const c = src[i];
  let min = 1;
  let end = i;
  if (c === '?' || c === '*') {
    min = 0;
    end = i + 1;
  } else if (c === '+') {
    end = i + 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
    if (m) {
      min = Number(m[1]);
      end = i + m[0].length;
    }
  }
  if (end > i && src[end] === '?') end++;
  return { min, end };
}

/** Index just after the character class that starts at i. */
function closingClass(src: string, i: number): number {
  for (let p = i + 1; p < src.length; p++) {
    if (src[p] === '\\') p++;
    else if (src[p] === ']') return p + 1;
  }
  throw new Error(`unbalanced class at ${i}`);
}

/** Index just after the group that starts at i. */
export function closing(src: string, i: number): number {
  let depth = 0;
  for (let p = i; p < src.length; p++) {
    const c = src[p];
    if (c === '\\') p++;
    else if (c === '[') p = closingClass(src, p) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return p + 1;
  }
  throw new Error(`unbalanced group at ${i}`);
}

/** The top-level alternatives of a source ("a|(b|c)d" gives "a", "(b|c)d"). */
export function alternatives(src: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let p = 0; p < src.length; p++) {
    const c = src[p];
    if (c === '\\') p++;
    else if (c === '[') p = closingClass(src, p) - 1;
    else if (c === '(') p = closing(src, p) - 1;
    else if (c === '|') {
      out.push(src.slice(start, p));
      start = p + 1;
    }
  }
  out.push(src.slice(start));
  return out;
}

function pieces(src: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    let piece: Omit<Piece, 'required' | 'exact'>;
    let next: number;
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      if (e === 'b' || e === 'B') {
        out.push({ letter: null, required: true, zeroWidth: true, exact: true, breaksWord: e === 'b' });
        i += 2;
        continue;
      }
      next = i + 2;
      if ((e === 'p' || e === 'P' || e === 'u') && src[next] === '{') next = src.indexOf('}', next) + 1;
      else if (e === 'u') next += 4;
      else if (e === 'x') next += 2;
      piece = { letter: null, zeroWidth: false, breaksWord: e === 's' || e === 'W' || /^[^\w.]$/.test(e), space: e === 's' };
    } else if (c === '[') {
      next = closingClass(src, i);
      piece = { letter: null, zeroWidth: false, breaksWord: false };
    } else if (c === '(') {
      next = closing(src, i);
      const inner = src.slice(i + 1, next - 1);
      if (/^\?<?[=!]/.test(inner)) {
        out.push({ letter: null, required: true, zeroWidth: true, exact: true, breaksWord: false });
        i = quantifierAt(src, next).end;
        continue;
      }
      piece = { letter: null, zeroWidth: false, group: inner.replace(/^\?(?::|<[A-Za-z]\w*>)/, ''), breaksWord: false };
    } else if (c === '^' || c === '$') {
      out.push({ letter: null, required: true, zeroWidth: true, exact: true, breaksWord: false });
      i++;
      continue;
    } else {
      next = i + 1;
      piece = { letter: /[A-Za-z]/.test(c) ? c.toLowerCase() : null, zeroWidth: false, breaksWord: /^[^\w.]$/.test(c), space: c === ' ' };
    }
    const q = quantifierAt(src, next);
    out.push({ ...piece, required: q.min > 0, exact: q.end === next });
    i = q.end;
  }
  return out;
}

/**
 * The stems a match of this source can begin with: the letters of its first word up to the first
 * optional or non-letter piece ("(?:home )?addresses" gives "home ", "addresses"), or null when it can
 * begin with something else (a class, a digit, an optional letter) or be empty. A stem that white space
 * must follow is a whole word and ends in a space ("home "): only that word can start a match (see
 * stemFits).
 */
export function firstStems(src: string): Set<string> | null {
  const r = firstOf(pieces(src), 0, false);
  return r && !r.nullable ? r.stems : null;
}

/** The word can begin a match that begins with the stem: it starts with it, or is it when it is whole. */
export function stemFits(word: string, stem: string): boolean {
  return stem.endsWith(' ') ? word.length === stem.length - 1 && stem.startsWith(word) : word.startsWith(stem);
}

/** Piece k is white space that must be there, or (past the end) what follows must start with it. */
function spaceAt(ps: readonly Piece[], k: number, spaceAfter: boolean): boolean {
  const p = ps[k];
  return p === undefined ? spaceAfter : p.space === true && p.required;
}

/** spaceAfter: what follows these pieces (outside the group they are in) starts with white space. */
function firstOf(ps: readonly Piece[], k: number, spaceAfter: boolean): { stems: Set<string>; nullable: boolean } | null {
  let i = k;
  while (i < ps.length && ps[i]?.zeroWidth) i++;
  const p = ps[i];
  if (!p) return { stems: new Set(), nullable: true };
  if (p.letter !== null) {
    if (!p.required) return null;
    let run = '';
    let exact = true;
    let j = i;
    for (; j < ps.length && ps[j]?.letter && ps[j]?.required; j++) {
      run += ps[j]?.letter ?? '';
      exact &&= ps[j]?.exact === true;
    }
    return { stems: new Set([exact && spaceAt(ps, j, spaceAfter) ? `${run} ` : run]), nullable: false };
  }
  if (p.group === undefined) return null;
  const stems = new Set<string>();
  let nullable = !p.required;
  // A repeated group may be followed by itself, not by what comes after it.
  const spaceAfterGroup = p.exact && spaceAt(ps, i + 1, spaceAfter);
  for (const alt of alternatives(p.group)) {
    const r = firstOf(pieces(alt), 0, spaceAfterGroup);
    if (!r) return null;
    for (const s of r.stems) stems.add(s);
    if (r.nullable) nullable = true;
  }
  if (!nullable) return { stems, nullable: false };
  const rest = firstOf(ps, i + 1, spaceAfter);
  if (!rest) return null;
  for (const s of rest.stems) stems.add(s);
  return { stems, nullable: rest.nullable };
}

/** Letters every match holds: at the start of a word (after a word break), or anywhere in a word. */
export interface Need {
  letters: string;
  wordStart: boolean;
}

/**
 * Letters that every match of the source contains, one of the returned runs at least ("(?:lost|stolen)
 * (?:a )?laptop" gives "laptop", the longest run that no match can lack), or null when no such runs are
 * found. A run of letters in a text lies inside one word, so a text none of whose words holds one of the
 * runs cannot match: a quick test before a slow regex. Lookarounds are skipped (what they see need not
 * be in the match); a run counts as a word start only after \b, a space or punctuation.
 */
export function requiredLetters(src: string): Need[] | null {
  const out: Need[] = [];
  for (const alt of alternatives(src)) {
    const needs = requiredIn(pieces(alt), false);
    if (!needs) return null;
    out.push(...needs);
  }
  return out;
}

/** How selective a choice of runs is: its weakest run's length, a word start counting for two more letters. */
function strength(needs: readonly Need[]): number {
  return Math.min(...needs.map((n) => n.letters.length + (n.wordStart ? 2 : 0)));
}

function requiredIn(ps: readonly Piece[], startsWord: boolean): Need[] | null {
  let best: Need[] | null = null;
  const consider = (needs: Need[] | null): void => {
    if (!needs || needs.length === 0 || strength(needs) < 3) return;
    // The stronger choice, or as strong with fewer runs.
    if (!best || strength(needs) > strength(best) || (strength(needs) === strength(best) && needs.length < best.length)) best = needs;
  };
  let run = '';
  let runStartsWord = false;
  // Whether the piece before the current one guarantees a word break.
  let broken = startsWord;
  for (const p of ps) {
    if (p.letter !== null && p.required && p.exact) {
      if (run === '') runStartsWord = broken;
      run += p.letter;
      broken = false;
      continue;
    }
    if (run !== '') consider([{ letters: run, wordStart: runStartsWord }]);
    run = '';
    if (p.group !== undefined && p.required) {
      const inner: Need[] = [];
      let complete = true;
      for (const alt of alternatives(p.group)) {
        const needs = requiredIn(pieces(alt), broken && p.exact);
        if (!needs) complete = false;
        else inner.push(...needs);
      }
      if (complete) consider(inner);
    }
    // Lookarounds leave the break as it was; an optional group may leave it too, or end in one of its own.
    if (p.zeroWidth && !p.breaksWord) continue;
    // "\s*" keeps a break (skipped, the break before it stays; taken, it is one).
    if (p.breaksWord) broken = p.required || broken;
    else broken = p.group !== undefined && !p.required ? broken && alternatives(p.group).every(endsWithBreak) : false;
  }
  if (run !== '') consider([{ letters: run, wordStart: runStartsWord }]);
  return best;
}

function endsWithBreak(alt: string): boolean {
  const ps = pieces(alt);
  const last = ps[ps.length - 1];
  return last !== undefined && last.breaksWord && last.required;
}
