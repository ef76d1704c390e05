// Finds mentions of UK public bodies in text: a token trie over normalised names and aliases.
// Pure: entries are passed in (config/gazetteer.json is read by src/config/load-gazetteer.ts).
import type { Sector } from '../types.ts';

export interface GazetteerEntry {
  /** Canonical name, e.g. "Metropolitan Police Service". */
  name: string;
  sector: Sector;
  /** Other names newsrooms use, e.g. "the Met", "Met Police", "MPS". */
  aliases: string[];
  region?: string;
}

export interface OrgMention {
  entry: GazetteerEntry;
  /** The name or alias that matched, as written in the gazetteer. */
  alias: string;
  /** True when the canonical name matched rather than an alias. */
  viaName: boolean;
  /** Character offsets of the mention in the searched text. */
  start: number;
  end: number;
  /** The text as it appears in the article. */
  text: string;
}

export interface Gazetteer {
  readonly size: number;
  /** All mentions, left to right, longest match first at each position, no overlaps. */
  find(text: string): OrgMention[];
  byName(name: string): GazetteerEntry | undefined;
}

/** How strictly the letter case of a matched alias is checked. */
type CaseRule = 'exact' | 'capital' | 'any';

interface Hit {
  entry: GazetteerEntry;
  alias: string;
  viaName: boolean;
  rule: CaseRule;
  /** Raw alias tokens (for the exact rule). */
  raw: string[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  hits: Hit[];
}

export interface Token {
  norm: string;
  raw: string;
  start: number;
  end: number;
}

const APOSTROPHES = /['’]/g;
const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /\p{M}/gu;

export function normaliseToken(raw: string): string {
  if (raw === '&') return 'and';
  let t = raw.toLowerCase();
  if (t.includes("'") || t.includes('’')) t = t.replace(APOSTROPHES, '');
  if (NON_ASCII.test(t)) t = t.normalize('NFD').replace(MARKS, '');
  return t;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Letters and digits; non-ASCII characters are checked with a Unicode test (rare in English news). */
function isWordChar(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c === 0x2019) return false;
  return WORD_CHAR.test(text[p] ?? '');
}

/** Words (letters/digits, with inner apostrophes: "Mayor's") and "&", with offsets. Hand-written: a
 * Unicode regex over the whole text is several times slower. */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let p = 0;
  while (p < n) {
    if (!isWordChar(text, p)) {
      if (text.charCodeAt(p) === 38) out.push({ norm: 'and', raw: '&', start: p, end: p + 1 });
      p++;
      continue;
    }
    const start = p;
    p++;
    for (;;) {
      if (p < n && isWordChar(text, p)) p++;
      else if (p + 1 < n && (text.charCodeAt(p) === 39 || text.charCodeAt(p) === 0x2019) && isWordChar(text, p + 1)) p += 2;
      else break;
    }
    const raw = text.slice(start, p);
    out.push({ norm: normaliseToken(raw), raw, start, end: p });
  }
  return out;
}

/** Aliases that are also ordinary words and need context to count ("Met" vs "met with"). */
const GUARDED = new Set(['met']);
const GUARD_FOLLOWERS = new Set([
  'with', 'by', 'up', 'at', 'in', 'on', 'the', 'a', 'an', 'to', 'for', 'his', 'her', 'their', 'them', 'him',
  'me', 'us', 'our', 'my', 'its', 'expectations', 'demand', 'criteria', 'resistance', 'opposition', 'and', 'or',
]);
/** Words after a sentence-initial "Met" that make it the force ("Met commissioner says"), not the verb. */
const GUARD_ALLOW = new Set(['police', 'commissioner', 'officer', 'officers', 'spokesperson', 'spokesman', 'spokeswoman', 'detective', 'detectives', 'chief', 'data', 'supplier']);
const LEADING_THE = /^the\s+/i;

function caseRuleFor(tokens: string[]): CaseRule {
  if (tokens.length === 1) {
    const t = tokens[0] ?? '';
    const upper = (t.match(/\p{Lu}/gu) ?? []).length;
    // Acronyms (DWP, MPS, PSNI) and mixed-case short forms (MoJ, DfE) must match exactly.
    if (upper >= 2 || (upper >= 1 && /\p{N}/u.test(t))) return 'exact';
    return 'capital';
  }
  const first = tokens[0] ?? '';
  return /^\p{Lu}/u.test(first) ? 'capital' : 'any';
}

function isSentenceStart(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '"' || c === '“' || c === '‘' || c === "'" || c === '\t') continue;
    return c === '.' || c === '!' || c === '?' || c === '\n' || c === ':' || c === '•';
  }
  return true;
}

function passesCase(hit: Hit, tokens: Token[], i: number, text: string): boolean {
  const first = tokens[i];
  if (!first) return false;
  if (hit.rule === 'exact') {
    for (let k = 0; k < hit.raw.length; k++) {
      const tok = tokens[i + k];
      if (!tok || tok.raw.replace(APOSTROPHES, '') !== (hit.raw[k] ?? '').replace(APOSTROPHES, '')) return false;
    }
    return true;
  }
  if (hit.rule === 'capital' && !/^\p{Lu}/u.test(first.raw)) return false;
  if (hit.raw.length === 1 && GUARDED.has(first.norm)) {
    const next = tokens[i + 1];
    if (next && GUARD_FOLLOWERS.has(next.norm)) return false;
    if (isSentenceStart(text, first.start) && next && /^\p{Ll}/u.test(next.raw) && !GUARD_ALLOW.has(next.norm)) return false;
  }
  return true;
}

function addAlias(root: TrieNode, entry: GazetteerEntry, alias: string, viaName: boolean): void {
  const cleaned = alias.trim().replace(LEADING_THE, '');
  const toks = tokenise(cleaned);
  if (toks.length === 0) return;
  let node = root;
  for (const t of toks) {
    let child = node.next.get(t.norm);
    if (!child) {
      child = { next: new Map(), hits: [] };
      node.next.set(t.norm, child);
    }
    node = child;
  }
  if (node.hits.some((h) => h.entry === entry && h.rule === caseRuleFor(toks.map((t) => t.raw)))) return;
  node.hits.push({ entry, alias, viaName, rule: caseRuleFor(toks.map((t) => t.raw)), raw: toks.map((t) => t.raw) });
}

function hasBreak(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true; // . ! ? newline
  }
  return false;
}

export function createGazetteer(entries: readonly GazetteerEntry[]): Gazetteer {
  const root: TrieNode = { next: new Map(), hits: [] };
  const names = new Map<string, GazetteerEntry>();
  for (const entry of entries) {
    names.set(entry.name.toLowerCase(), entry);
    addAlias(root, entry, entry.name, true);
    for (const alias of entry.aliases) addAlias(root, entry, alias, false);
  }

  function find(text: string): OrgMention[] {
    const tokens = tokenise(text);
    const out: OrgMention[] = [];
    let i = 0;
    while (i < tokens.length) {
      let node: TrieNode | undefined = root;
      let best: { hit: Hit; len: number } | null = null;
      for (let k = i; k < tokens.length && node; k++) {
        const tok = tokens[k];
        if (!tok) break;
        // A mention never spans a sentence or paragraph break.
        if (k > i && hasBreak(text, tokens[k - 1]?.end ?? 0, tok.start)) break;
        node = node.next.get(tok.norm);
        if (!node) break;
        for (const hit of node.hits) {
          if (passesCase(hit, tokens, i, text)) {
            best = { hit, len: k - i + 1 };
            break;
          }
        }
      }
      if (best) {
        const start = tokens[i]?.start ?? 0;
        const end = tokens[i + best.len - 1]?.end ?? start;
        out.push({ entry: best.hit.entry, alias: best.hit.alias, viaName: best.hit.viaName, start, end, text: text.slice(start, end) });
        i += best.len;
      } else {
        i++;
      }
    }
    return out;
  }

  return {
    size: entries.length,
    find,
    byName: (name: string) => names.get(name.toLowerCase()),
  };
}
