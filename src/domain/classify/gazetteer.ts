// Finds mentions of UK public bodies in text: a token trie over normalised names and aliases (kept compact, in
// phrase-trie.ts's typed arrays: a node is a number, not an object and a Map).
// Pure: entries are passed in (config/gazetteer.json is read by src/config/load-gazetteer.ts).
import type { Sector } from '../types.ts';
import { buildTrie, wordEdge } from './phrase-trie.ts';
import type { Step, Trie } from './phrase-trie.ts';
import { APOSTROPHES, tokenise } from './tokens.ts';
import type { Token } from './tokens.ts';

export { normaliseToken, tokenise } from './tokens.ts';
export type { Token } from './tokens.ts';

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
  /** A bare place name ("Ealing", "Cumbria"): every council/police body of that place; the caller picks one by context. */
  places?: GazetteerEntry[];
  /** Taken for its place's only public body by a headline alone ("Hackney data breach"): weaker than a name. */
  byPlaceAlone?: boolean;
}

export interface Gazetteer {
  readonly size: number;
  /** All mentions, left to right, longest match first at each position, no overlaps. */
  find(text: string, tokens?: Token[]): OrgMention[];
  byName(name: string): GazetteerEntry | undefined;
}

/** How strictly the letter case of a matched alias is checked. */
export type CaseRule = 'exact' | 'capital' | 'any';

/** What a name or place of the tries stands for: plain data (the compiled-recogniser cache keeps it). */
export interface NameHit {
  entry: GazetteerEntry;
  alias: string;
  viaName: boolean;
  rule: CaseRule;
  /** Raw alias tokens (for the exact rule). */
  raw: string[];
}

/** A name as the trie is built from it: its words (normalised), and the hit at its end. */
interface NameForm {
  steps: Step[];
  value: NameHit;
}

/** Aliases that are also ordinary words and need context to count ("Met" vs "met with"). */
const GUARDED = new Set(['met']);
const GUARD_FOLLOWERS = new Set([
  'with', 'by', 'up', 'at', 'in', 'on', 'the', 'a', 'an', 'to', 'for', 'his', 'her', 'their', 'them', 'him',
  'me', 'us', 'our', 'my', 'its', 'expectations', 'demand', 'criteria', 'resistance', 'opposition', 'and', 'or',
]);
/** Words after a sentence-initial "Met" that make it the force ("Met commissioner says"), not the verb. */
const GUARD_ALLOW = new Set([
  'police', 'commissioner', 'officer', 'officers', 'spokesperson', 'spokesman', 'spokeswoman', 'detective', 'detectives',
  'chief', 'data', 'supplier', 'staff', 'worker', 'workers', 'employee', 'email', 'emails', 'sorry', 'blunder', 'error',
  'breach', 'leak', 'leaks', 'leaked', 'hack', 'apologises', 'apologised', 'apologizes', 'admits', 'admitted',
  'investigates', 'investigating', 'probes', 'fined', 'reprimanded', 'says', 'said', 'confirms', 'confirmed',
  'accidentally', 'mistakenly', 'wrongly', 'loses', 'lost', 'shares', 'shared', 'publishes', 'published', 'reveals',
  'exposes', 'exposed', 'sends', 'sent', 'warns', 'warned', 'penalised', 'handed', 'tells', 'told',
]);
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

/** An acronym as written, without its possessive or apostrophes ("PSNI's" is "PSNI", "MoD’s" is "MoD"). */
function exactForm(raw: string): string {
  return raw.replace(/['’]s$/u, '').replace(APOSTROPHES, '');
}

function passesCase(hit: NameHit, tokens: Token[], i: number, text: string): boolean {
  const first = tokens[i];
  if (!first) return false;
  if (hit.rule === 'exact') {
    for (let k = 0; k < hit.raw.length; k++) {
      const tok = tokens[i + k];
      if (!tok || exactForm(tok.raw) !== exactForm(hit.raw[k] ?? '')) return false;
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

/**
 * Adds an alias's words and hit to `forms` (the trie is built from them at the end, phrase-trie.ts), once per
 * body and case rule at the same words: `added` holds what is in already.
 */
function addAlias(
  forms: NameForm[],
  added: Set<string>,
  entry: GazetteerEntry,
  id: number,
  alias: string,
  viaName: boolean,
): void {
  const cleaned = alias.trim().replace(LEADING_THE, '');
  const toks = tokenise(cleaned);
  if (toks.length === 0) return;
  const raw = toks.map((t) => t.raw);
  const rule = caseRuleFor(raw);
  const key = `${toks.map((t) => t.norm).join(' ')}\u0000${id}\u0000${rule}`;
  if (added.has(key)) return;
  added.add(key);
  forms.push({ steps: toks.map((t) => ({ word: t.norm })), value: { entry, alias, viaName, rule, raw } });
}

/** The hits of a node, in the order they were added. */
function hitsAt(trie: Trie<NameHit>, node: number): NameHit[] {
  const hits: NameHit[] = [];
  for (let e = trie.endFrom[node] as number, last = trie.endFrom[node + 1] as number; e < last; e++) {
    hits.push(trie.values[trie.ends[e] as number] as NameHit);
  }
  return hits;
}

/** The node after `node` by a word, or -1. */
function childOf(trie: Trie<NameHit>, node: number, word: string | undefined): number {
  const w = word === undefined ? undefined : trie.vocab.get(word);
  return w === undefined ? -1 : wordEdge(trie.wordFrom, trie.edgeWord, trie.edgeNext, node, w);
}

function hasBreak(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true; // . ! ? newline
  }
  return false;
}

/** Words that make a council's or police force's name out of its place ("Ealing" + "Council"). */
const COUNCIL_PLACE =
  /^(?:(?:The )?(?:London Borough|Royal Borough|City|County|Borough|Metropolitan Borough|District) of )?(.+?)(?: (?:London Borough|Metropolitan Borough|Metropolitan District|Royal Borough|Borough|County Borough|County|District|City|Town))? Council$|^(?:London Borough|Royal Borough) of (.+)$/;
const POLICE_PLACE = /^(.+?) (?:Police|Constabulary|Constabularies|Police Service)$/;
/** Derived short forms of NHS trusts: "Alder Hey Children's NHS Foundation Trust" → "Alder Hey". */
const NHS_SHORT = /^(.+?)(?: Children['’]s)? (?:University )?NHS (?:Foundation )?Trust$/;
/** A short form that is only a place ("East London", "North Bristol") names a place, not the trust. */
const ONLY_A_PLACE = /^(?:North|South|East|West|Central|Greater|Mid|Inner|Outer) \p{Lu}[\p{L}'’-]+$/u;
const PLACE_STOP = new Set([
  ...['city', 'county', 'borough', 'district', 'greater', 'the', 'new', 'royal', 'british', 'national'],
  ...['north', 'south', 'east', 'west', 'central', 'northern', 'southern', 'eastern', 'western'],
]);

function placeOf(entry: GazetteerEntry): string | null {
  let m: RegExpExecArray | null = null;
  if (entry.sector === 'council' || / Council$/.test(entry.name)) m = COUNCIL_PLACE.exec(entry.name);
  else if (entry.sector === 'police') m = POLICE_PLACE.exec(entry.name);
  const place = m?.[1] ?? m?.[2];
  if (!place || !/^\p{Lu}/u.test(place) || place.length < 4 || PLACE_STOP.has(place.toLowerCase())) return null;
  return place;
}

/** The gazetteer's compiled tries: its names and aliases, and its bare places. Plain data (the cache keeps them). */
export interface GazetteerTries {
  readonly names: Trie<NameHit>;
  readonly places: Trie<NameHit>;
}

/** Builds the tries of the bodies' names, aliases and places. */
export function gazetteerTries(entries: readonly GazetteerEntry[]): GazetteerTries {
  // The names and aliases, and the bare places, as trie forms: the tries are built once all are in.
  const nameForms: NameForm[] = [];
  const placeForms: NameForm[] = [];
  const added = new Set<string>();
  // A body by number, for telling its aliases apart from another body's with the same words.
  const ids = new Map<GazetteerEntry, number>();
  for (const entry of entries) if (!ids.has(entry)) ids.set(entry, ids.size);
  const idOf = (entry: GazetteerEntry): number => ids.get(entry) as number;
  const known = new Set<string>();
  for (const entry of entries) {
    const id = idOf(entry);
    addAlias(nameForms, added, entry, id, entry.name, true);
    known.add(entry.name.toLowerCase());
    for (const alias of entry.aliases) {
      addAlias(nameForms, added, entry, id, alias, false);
      known.add(alias.toLowerCase());
    }
  }
  const places = new Map<string, GazetteerEntry[]>();
  for (const entry of entries) {
    const id = idOf(entry);
    const short = NHS_SHORT.exec(entry.name)?.[1];
    // Two or more words, and not some other body's name: "Alder Hey", "Royal Cornwall Hospitals".
    if (short && short.includes(' ') && !ONLY_A_PLACE.test(short) && !known.has(short.toLowerCase())) {
      addAlias(nameForms, added, entry, id, short, false);
    }
    // "... University Hospitals" is also written "... University Hospital"; "X Ambulance Service" is "X Ambulance".
    for (const other of [short?.replace(/ Hospitals$/, ' Hospital'), short?.replace(/ Ambulance Service$/, ' Ambulance')]) {
      if (other && other !== short && other.includes(' ') && !known.has(other.toLowerCase())) {
        addAlias(nameForms, added, entry, id, other, false);
      }
    }
    const place = placeOf(entry);
    if (!place) continue;
    // "Southend-on-Sea", "Stockton-on-Tees" are mostly written "Southend", "Stockton".
    const bare = place.replace(/-(?:on|upon)-[\p{L}-]+$/u, '');
    for (const name of bare !== place && bare.length >= 4 && !known.has(bare.toLowerCase()) ? [place, bare] : [place]) {
      const list = places.get(name) ?? [];
      if (list.length === 0) places.set(name, list);
      list.push(entry);
    }
  }
  const addedPlaces = new Set<string>();
  for (const [place, list] of places) {
    for (const entry of list) addAlias(placeForms, addedPlaces, entry, idOf(entry), place, false);
  }
  return { names: buildTrie(nameForms), places: buildTrie(placeForms) };
}

/**
 * The matcher over the bodies; `tries` are gazetteerTries(entries), built here unless given (from the cache:
 * their hits name these very entries).
 */
export function createGazetteer(entries: readonly GazetteerEntry[], tries = gazetteerTries(entries)): Gazetteer {
  const nameTrie = tries.names;
  const placeTrie = tries.places;
  const names = new Map<string, GazetteerEntry>();
  for (const entry of entries) names.set(entry.name.toLowerCase(), entry);

  /** first: the trie's child for the first token's word, when known (see firstNodes). */
  type Found = { hit: NameHit; len: number; node: number };
  function walk(trie: Trie<NameHit>, tokens: Token[], i: number, text: string, first?: number): Found | null {
    let node = 0;
    let best: Found | null = null;
    for (let k = i; k < tokens.length && node >= 0; k++) {
      const tok = tokens[k];
      if (!tok) break;
      // A mention never spans a sentence or paragraph break.
      if (k > i && hasBreak(text, tokens[k - 1]?.end ?? 0, tok.start)) break;
      const parent = node;
      node = k === i && first !== undefined ? first : childOf(trie, parent, tok.norm);
      let last = false;
      if (node < 0 && tok.stem !== undefined) {
        // "the Department for Education's database": a possessive ends the name.
        node = childOf(trie, parent, tok.stem);
        last = true;
      }
      if (node < 0) break;
      for (let h = trie.endFrom[node] as number, end = trie.endFrom[node + 1] as number; h < end; h++) {
        const hit = trie.values[trie.ends[h] as number] as NameHit;
        if (passesCase(hit, tokens, i, text)) {
          best = { hit, len: k - i + 1, node };
          break;
        }
      }
      if (last) break;
    }
    return best;
  }

  // The nodes of the names and places each word starts, in one map: most words start none, and are passed
  // over with one lookup.
  const NO_NODES = { name: undefined, place: undefined };
  const firstNodes = new Map<string, { name: number | undefined; place: number | undefined }>();
  const node = (n: number): number | undefined => (n < 0 ? undefined : n);
  for (const norm of [...nameTrie.rootWords, ...placeTrie.rootWords]) {
    firstNodes.set(norm, { name: node(childOf(nameTrie, 0, norm)), place: node(childOf(placeTrie, 0, norm)) });
  }

  function find(text: string, given?: Token[]): OrgMention[] {
    const tokens = given ?? tokenise(text);
    const out: OrgMention[] = [];
    let i = 0;
    while (i < tokens.length) {
      const tok = tokens[i];
      const starts = (tok && firstNodes.get(tok.norm)) ?? NO_NODES;
      const stem = tok?.stem;
      const startsByStem = stem !== undefined && (childOf(nameTrie, 0, stem) >= 0 || childOf(placeTrie, 0, stem) >= 0);
      if (tok && starts === NO_NODES && !startsByStem) {
        i++;
        continue;
      }
      // A word that starts no name itself may still, as "Education's", end one: then the maps are looked up.
      const best = walk(nameTrie, tokens, i, text, starts.name);
      const place = best || !tok || starts.place === undefined ? null : walk(placeTrie, tokens, i, text, starts.place);
      const found = best ?? place;
      if (found) {
        const start = tokens[i]?.start ?? 0;
        const end = tokens[i + found.len - 1]?.end ?? start;
        const mention: OrgMention = { entry: found.hit.entry, alias: found.hit.alias, viaName: found.hit.viaName, start, end, text: text.slice(start, end) };
        if (place) {
          mention.places = hitsAt(placeTrie, place.node).filter((h) => passesCase(h, tokens, i, text)).map((h) => h.entry);
        }
        out.push(mention);
        i += found.len;
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
