// Per-sentence evidence: breach words and exposure words (config/knowledge/breach-terms.yaml, exposure.yaml),
// and the negative cues of labelling.md (config/knowledge/negatives.yaml and places.yaml, found by cues.ts).
import type { Evidence } from './evidence.ts';
import type { SentenceFacts } from './organisations.ts';
import type { Doc, Sentence } from './text.ts';
import { negatedAt } from './text.ts';
import type { Token } from './tokens.ts';
import type {
  CompiledKnowledge,
  CueName,
  EvidenceEntry,
  HeadlineClaim,
  IncidentalEntry,
  KnowledgeEntry,
  NegativeCue,
  NegativeEntry,
} from './knowledge.ts';
import { cueHits, firstOf, keptHits, placeHits } from './cues.ts';
import type { Hit } from './cues.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseMatch, PhraseSet } from './phrases.ts';

/** A breach or exposure phrase found in the story: its words and the knowledge entry that fired. */
export interface Term {
  readonly words: string;
  readonly id: string;
  /** The entry counts only near a data word (config/knowledge: `weak`). */
  readonly weak: boolean;
  /** The entry says records were made unavailable (config/knowledge: `unavailable`). */
  readonly unavailable?: boolean;
}

/** A term as the reasons quote it: its words and the entry id ("sent in error [exposure.in-error]"). */
export function termText(term: Term): string {
  return `${term.words} [${term.id}]`;
}

export interface Signals {
  facts: SentenceFacts[];
  /** Breach words found in the story (not background), for the reasons. */
  breachTerms: Term[];
  /** Exposure words in the title or lead. */
  leadExposure: Term[];
  hasBreach: boolean;
  /** The first scam word ("fraudsters [negative.fraud]"); each cue below likewise names its entry. */
  scam: string | null;
  /** That scam word makes a scam warning on its own ("scam", "phishing": negatives.yaml `alone`). */
  scamAlone: boolean;
  warn: string | null;
  investigation: string | null;
  privateCue: string | null;
  policy: string | null;
  titlePolicy: string | null;
  noData: string | null;
  outage: string | null;
  nonUk: string | null;
  publicGeneric: string | null;
  titleAssertsBreach: boolean;
  /** An ICO action about access requests or FOI deadlines, not a breach. */
  notBreachTopic: string | null;
  /** The headline warns of a scam and reports no exposure itself ("Police warn of fraudsters posing as officers"). */
  titleScam: boolean;
  /** The headline counts breaches over time or across bodies (config/knowledge/negatives.yaml: statistics). */
  titleStatistics: string | null;
  /** The headline or lead says its numbers are statistics (negatives.yaml: figures): "figures obtained under FOI". */
  leadStatistics: string | null;
  /** The headline or lead says an attack took a website down (negatives.yaml: website-outage). */
  websiteOutage: string | null;
}

function isFocus(s: Sentence): boolean {
  return s.zone !== 'body' && !s.background;
}

/**
 * A cue of labelling.md's negative rules: the cue of negatives.yaml it reads, where it is looked for (the
 * title and lead, or the title alone) and which incidental phrases (incidental.yaml) can defuse a match.
 */
interface Cue {
  cue: NegativeCue;
  inTitleOnly: boolean;
  incidental: CueName | null;
}

function cue(name: NegativeCue, inTitleOnly = false, incidental: CueName | null = null): Cue {
  return { cue: name, inTitleOnly, incidental };
}

const CUES = {
  scam: cue('scam'),
  warn: cue('warning'),
  investigation: cue('investigation', false, 'investigation'),
  privateCue: cue('private', false, 'private'),
  policy: cue('policy', false, 'policy'),
  titlePolicy: cue('policy', true, 'policy'),
  outage: cue('outage'),
  publicGeneric: cue('public-body'),
  notBreachTopic: cue('not-breach-topic'),
} as const;
type CueKey = keyof typeof CUES;
type NegativeHit = Hit<NegativeEntry> | null;

/**
 * Matches of breach or exposure phrases in the story sentences (background is never evidence) that count as
 * evidence: with data words where the entry is weak, not negated, and not about documents ("leaked memo").
 */
function evidenceHits(
  evidence: Evidence,
  knowledge: CompiledKnowledge,
  doc: Doc,
  each: (sentence: Sentence, term: Term) => void,
  titleNames: TitleNames = 'none',
): void {
  for (const s of doc.sentences) {
    if (s.background) continue;
    let dataContext: boolean | undefined;
    for (const m of evidence.find(s.tokens, doc.text)) {
      const entry: EvidenceEntry = m.value;
      // A weak term needs a data word beside it, except in a headline that names a public body ("Hackney
      // Council hacked", "PSNI data leaked"): there the body is what the term is about. A headline that
      // names one only by its role lets an `aloneInHeadline` term stand ("Council hacked"), not every
      // weak one ("School roof exposed").
      const standsAlone =
        s.zone === 'title' && (titleNames === 'name' || (titleNames === 'role' && entry.aloneInHeadline));
      if (entry.weak && !standsAlone && !(dataContext ??= knowledge.dataContext.test(s.tokens))) continue;
      const { start, end } = matchSpan(s.tokens, m);
      if (negatedAt(s, start - s.start)) continue;
      if (notPersonalAfter(knowledge.notPersonal, doc.text, s.tokens, m.to)) continue;
      const words = doc.text.slice(start, end).toLowerCase();
      // A weak term that stands alone in the headline ("Council hit by hack") is as strong as any there.
      each(s, { words, id: entry.id, weak: entry.weak && !standsAlone, unavailable: entry.unavailable });
    }
  }
}

/** Words that may stand between a leak term and what leaked: a name ("leaked Home Office memo"). */
const MAX_NAME_WORDS = 4;
/** How far after the term the words of not-personal.yaml are looked for. */
const NOT_PERSONAL_CHARS = 40;
const SPACES = /^\s+$/;

/**
 * Right after the term (spaces only between), up to four capitalised words and then words of
 * not-personal.yaml, all within 40 characters: "leaked memo", "breach of contract". The capitalised-word
 * gap is read here, not in the phrase language: it is how a name is written, not a word to list.
 */
function notPersonalAfter(
  phrases: PhraseSet<KnowledgeEntry>,
  text: string,
  tokens: readonly Token[],
  next: number,
): boolean {
  const limit = (tokens[next - 1] as Token).end + NOT_PERSONAL_CHARS;
  for (let i = next; i < tokens.length && i <= next + MAX_NAME_WORDS; i++) {
    const t = tokens[i] as Token;
    if (t.end > limit || !SPACES.test(text.slice((tokens[i - 1] as Token).end, t.start))) return false;
    if (phrases.startingAt(tokens, i, text).some((m) => (tokens[m.to - 1] as Token).end <= limit)) return true;
    const c = t.raw.charCodeAt(0);
    if (c < 65 || c > 90) return false;
  }
  return false;
}

/**
 * How a headline names a public body: by a gazetteer name (not a bare place), only by a role or as a
 * supplier to one, or not at all.
 */
export type TitleNames = 'name' | 'role' | 'none';

export function collectSignals(doc: Doc, knowledge: CompiledKnowledge, titleNames: TitleNames = 'none'): Signals {
  const facts: SentenceFacts[] = doc.sentences.map((s) => ({ breach: 0, exposure: 0, background: s.background }));
  const breachTerms: Term[] = [];
  const leadExposure: Term[] = [];
  const fresh = (terms: readonly Term[], term: Term): boolean =>
    terms.length < 6 && !terms.some((t) => t.words === term.words && t.id === term.id);
  evidenceHits(knowledge.breachTerms, knowledge, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.breach++;
    if (fresh(breachTerms, term)) breachTerms.push(term);
  }, titleNames);
  evidenceHits(knowledge.exposure, knowledge, doc, (s, term) => {
    // Records out of reach say a breach only in a story of an attack (breach terms come first), not of an outage.
    if (term.unavailable === true && breachTerms.length === 0) return;
    const f = facts[s.index];
    if (f) f.exposure++;
    if (isFocus(s) && fresh(leadExposure, term)) leadExposure.push(term);
  });
  const focus = doc.sentences.filter(isFocus);
  const story = doc.sentences.filter((s) => !s.background);
  const title = doc.sentences.slice(0, 1);
  const hasBreach = story.some((s) => {
    const f = facts[s.index];
    return f !== undefined && f.breach + f.exposure > 0;
  });
  const titleWords = doc.sentences[0]?.tokens ?? [];
  const headline = (says: HeadlineClaim): boolean => knowledge.headlines.get(says)?.test(titleWords) ?? false;
  const titleAssertsBreach = headline('exposure') && !headline('denial');
  const found = { facts, breachTerms, leadExposure, hasBreach, titleAssertsBreach };
  return new StorySignals(found, { focus, title, story }, knowledge);
}

/**
 * The first statement that no personal data was taken (negatives.yaml, cue no-data) in the story, unless
 * a hedge before it makes it a question ("to establish whether any data was taken": no-data-hedge).
 */
function firstNoData(knowledge: CompiledKnowledge, story: readonly Sentence[]): string | null {
  const hedges = knowledge.negatives.get('no-data-hedge');
  for (const s of story) {
    const hits = cueHits(knowledge.negatives.get('no-data'), knowledge.unless, s);
    if (hits.length === 0) continue;
    // A hedge counts when it ends before the statement does ("to confirm whether no data was taken").
    const hedged = cueHits(hedges, knowledge.unless, s);
    const hit = hits.find((h) => !hedged.some((x) => x.end <= h.end));
    if (hit) return hit.said;
  }
  return null;
}

type Found = Pick<Signals, 'facts' | 'breachTerms' | 'leadExposure' | 'hasBreach' | 'titleAssertsBreach'>;

/**
 * The signals of one article. The cue words of labelling.md's negative rules are looked for when a rule
 * first asks for them (most articles need only a few), in the title and lead (focus) or the title alone.
 */
class StorySignals implements Signals {
  readonly facts: SentenceFacts[];
  readonly breachTerms: Term[];
  readonly leadExposure: Term[];
  readonly hasBreach: boolean;
  readonly titleAssertsBreach: boolean;
  readonly #focus: Sentence[];
  readonly #title: Sentence[];
  readonly #story: Sentence[];
  readonly #knowledge: CompiledKnowledge;
  /** Each cue's first match once looked for (absent: not yet), by its key in CUES. */
  readonly #cues = new Map<CueKey | 'nonUk', Hit | null>();
  #noData: string | null | undefined;
  /** Each focus sentence's negative cue matches, found in one pass when a cue first asks. */
  readonly #found = new Map<Sentence, Array<PhraseMatch<NegativeEntry>>>();

  constructor(found: Found, where: Record<'focus' | 'title' | 'story', Sentence[]>, knowledge: CompiledKnowledge) {
    this.facts = found.facts;
    this.breachTerms = found.breachTerms;
    this.leadExposure = found.leadExposure;
    this.hasBreach = found.hasBreach;
    this.titleAssertsBreach = found.titleAssertsBreach;
    this.#focus = where.focus;
    this.#title = where.title;
    this.#story = where.story;
    this.#knowledge = knowledge;
  }

  #hit(key: CueKey): Hit<NegativeEntry> | null {
    let hit = this.#cues.get(key);
    if (hit === undefined) {
      const c = CUES[key];
      const incidental = c.incidental === null ? undefined : this.#knowledge.incidental.get(c.incidental);
      hit = this.#first(c.cue, c.inTitleOnly ? this.#title : this.#focus, incidental);
      this.#cues.set(key, hit);
    }
    return hit as Hit<NegativeEntry> | null;
  }
  /** The first hit of a negative cue in these sentences (title or focus; see keptHits), or null. */
  #first(cue: NegativeCue, sentences: readonly Sentence[], incidental?: PhraseSet<IncidentalEntry>): NegativeHit {
    const k = this.#knowledge;
    for (const s of sentences) {
      let found = this.#found.get(s);
      if (!found) this.#found.set(s, (found = k.everyNegative.findAll(s.tokens)));
      const hit = firstOf(keptHits(found.filter((m) => m.value.cue === cue), k.unless, s, incidental));
      if (hit) return hit;
    }
    return null;
  }
  get titleStatistics(): string | null {
    return this.#first('statistics', this.#title)?.said ?? null;
  }
  get leadStatistics(): string | null {
    return this.#first('figures', this.#focus)?.said ?? null;
  }
  get websiteOutage(): string | null {
    return this.#first('website-outage', this.#focus)?.said ?? null;
  }
  /** Looked for in every story sentence, so only when a rule asks. */
  get noData(): string | null {
    if (this.#noData === undefined) this.#noData = firstNoData(this.#knowledge, this.#story);
    return this.#noData;
  }
  /** The headline warns of a scam and reports no exposure itself. */
  get titleScam(): boolean {
    const f = this.facts[0];
    if ((f?.exposure ?? 0) + (f?.breach ?? 0) > 0) return false;
    return this.#first('scam', this.#title) !== null && this.#first('warning', this.#title) !== null;
  }
  #cue(key: CueKey): string | null {
    return this.#hit(key)?.said ?? null;
  }

  get scam(): string | null {
    return this.#cue('scam');
  }
  get scamAlone(): boolean {
    return this.#hit('scam')?.entry.alone ?? false;
  }
  get warn(): string | null {
    return this.#cue('warn');
  }
  get investigation(): string | null {
    return this.#cue('investigation');
  }
  get privateCue(): string | null {
    return this.#cue('privateCue');
  }
  get policy(): string | null {
    return this.#cue('policy');
  }
  get titlePolicy(): string | null {
    return this.#cue('titlePolicy');
  }
  get outage(): string | null {
    return this.#cue('outage');
  }
  get nonUk(): string | null {
    let hit = this.#cues.get('nonUk');
    if (hit === undefined) {
      hit = null;
      for (const s of this.#focus) if ((hit = firstOf(placeHits(this.#knowledge.places, s)))) break;
      this.#cues.set('nonUk', hit);
    }
    return hit?.said ?? null;
  }
  get publicGeneric(): string | null {
    return this.#cue('publicGeneric');
  }
  get notBreachTopic(): string | null {
    return this.#cue('notBreachTopic');
  }
}
