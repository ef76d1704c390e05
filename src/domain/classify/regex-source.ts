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
    let piece: Omit<Piece, 'required'>;
    let next: number;
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      if (e === 'b' || e === 'B') {
        out.push({ letter: null, required: true, zeroWidth: true });
        i += 2;
        continue;
      }
      next = i + 2;
      if ((e === 'p' || e === 'P' || e === 'u') && src[next] === '{') next = src.indexOf('}', next) + 1;
      else if (e === 'u') next += 4;
      else if (e === 'x') next += 2;
      piece = { letter: null, zeroWidth: false };
    } else if (c === '[') {
      next = closingClass(src, i);
      piece = { letter: null, zeroWidth: false };
    } else if (c === '(') {
      next = closing(src, i);
      const inner = src.slice(i + 1, next - 1);
      if (/^\?<?[=!]/.test(inner)) {
        out.push({ letter: null, required: true, zeroWidth: true });
        i = quantifierAt(src, next).end;
        continue;
      }
      piece = { letter: null, zeroWidth: false, group: inner.replace(/^\?(?::|<[A-Za-z]\w*>)/, '') };
    } else if (c === '^' || c === '$') {
      out.push({ letter: null, required: true, zeroWidth: true });
      i++;
      continue;
    } else {
      next = i + 1;
      piece = { letter: /[A-Za-z]/.test(c) ? c.toLowerCase() : null, zeroWidth: false };
    }
    const q = quantifierAt(src, next);
    out.push({ ...piece, required: q.min > 0 });
    i = q.end;
  }
  return out;
}

/**
 * The stems a match of this source can begin with: the letters of its first word up to the first
 * optional or non-letter piece ("(?:home )?addresses" gives "home", "addresses"), or null when it can
 * begin with something else (a class, a digit, an optional letter) or be empty.
 */
export function firstStems(src: string): Set<string> | null {
  const r = firstOf(pieces(src), 0);
  return r && !r.nullable ? r.stems : null;
}

function firstOf(ps: readonly Piece[], k: number): { stems: Set<string>; nullable: boolean } | null {
  let i = k;
  while (i < ps.length && ps[i]?.zeroWidth) i++;
  const p = ps[i];
  if (!p) return { stems: new Set(), nullable: true };
  if (p.letter !== null) {
    if (!p.required) return null;
    let run = '';
    for (let j = i; j < ps.length && ps[j]?.letter && ps[j]?.required; j++) run += ps[j]?.letter ?? '';
    return { stems: new Set([run]), nullable: false };
  }
  if (p.group === undefined) return null;
  const stems = new Set<string>();
  let nullable = !p.required;
  for (const alt of alternatives(p.group)) {
    const r = firstOf(pieces(alt), 0);
    if (!r) return null;
    for (const s of r.stems) stems.add(s);
    if (r.nullable) nullable = true;
  }
  if (!nullable) return { stems, nullable: false };
  const rest = firstOf(ps, i + 1);
  if (!rest) return null;
  for (const s of rest.stems) stems.add(s);
  return { stems, nullable: rest.nullable };
}
