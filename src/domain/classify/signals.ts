// Per-sentence evidence: breach words, exposure words, and the negative cues of labelling.md.
import {
  INVESTIGATION,
  NO_DATA,
  NO_DATA_HEDGE,
  NON_UK,
  NOT_BREACH_TOPIC,
  OUTAGE,
  POLICY,
  PRIVATE,
  PUBLIC_GENERIC,
  SCAM,
  WARN,
} from './lexicon.ts';
import { mayMatch } from './dispatch.ts';
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
} from './knowledge.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseSet } from './phrases.ts';

/** A breach or exposure phrase found in the story: its words and the knowledge entry that fired. */
export interface Term {
  readonly words: string;
  readonly id: string;
  /** The entry counts only near a data word (config/knowledge: `weak`). */
  readonly weak: boolean;
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
  scam: string | null;
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
  /** The headline or lead says an attack took a website down (negatives.yaml: website-outage). */
  websiteOutage: string | null;
}


function isFocus(s: Sentence): boolean {
  return s.zone !== 'body' && !s.background;
}

/**
 * A cue of labelling.md's negative rules: its regex, the word check that can skip it in a sentence, where it
 * is looked for (the title and lead, or the title alone) and its place in a story's cache of answers.
 */
interface Cue {
  re: RegExp;
  may: (tokens: readonly Token[]) => boolean;
  inTitleOnly: boolean;
  slot: number;
  /** Which incidental phrases (config/knowledge/incidental.yaml) can defuse a match. */
  name: CueName | null;
  /** The same pattern with the g flag, to read every match of a sentence when one is defused. */
  every: RegExp;
}

let cues = 0;
function cue(re: RegExp, inTitleOnly = false, name: CueName | null = null): Cue {
  return { re, may: mayMatch(re), inTitleOnly, slot: cues++, name, every: new RegExp(re.source, `${re.flags.replace('g', '')}g`) };
}

/** The first match of a cue in the sentences that no incidental phrase holds ("bank details" is no bank). */
function firstIn(cue: Cue, sentences: Sentence[], incidental: PhraseSet<IncidentalEntry> | undefined): string | null {
  for (const s of sentences) {
    if (!cue.may(s.tokens)) continue;
    const m = cue.re.exec(s.text);
    if (!m) continue;
    const spans = incidental?.findAll(s.tokens) ?? [];
    if (spans.length === 0) return m[0];
    const defused = (at: number, end: number): boolean =>
      spans.some((p) => {
        const span = matchSpan(s.tokens, p);
        return span.start <= at && span.end >= end;
      });
    for (const hit of s.text.matchAll(cue.every)) {
      const at = s.start + hit.index;
      if (!defused(at, at + hit[0].length)) return hit[0];
    }
  }
  return null;
}

const CUES = {
  scam: cue(SCAM),
  warn: cue(WARN),
  investigation: cue(INVESTIGATION, false, 'investigation'),
  privateCue: cue(PRIVATE, false, 'private'),
  policy: cue(POLICY, false, 'policy'),
  titlePolicy: cue(POLICY, true, 'policy'),
  outage: cue(OUTAGE),
  nonUk: cue(NON_UK),
  publicGeneric: cue(PUBLIC_GENERIC),
  notBreachTopic: cue(NOT_BREACH_TOPIC),
};

/**
 * Matches of breach or exposure phrases in the story sentences (background is never evidence) that count as
 * evidence: with data words where the entry is weak, not negated, and not about documents ("leaked memo").
 */
function evidenceHits(
  evidence: Evidence,
  knowledge: CompiledKnowledge,
  doc: Doc,
  each: (sentence: Sentence, term: Term) => void,
): void {
  for (const s of doc.sentences) {
    if (s.background) continue;
    let dataContext: boolean | undefined;
    for (const m of evidence.find(s.tokens, doc.text)) {
      const entry: EvidenceEntry = m.value;
      if (entry.weak && !(dataContext ??= knowledge.dataContext.test(s.tokens))) continue;
      const { start, end } = matchSpan(s.tokens, m);
      if (negatedAt(s, start - s.start)) continue;
      if (notPersonalAfter(knowledge.notPersonal, doc.text, s.tokens, m.to)) continue;
      each(s, { words: doc.text.slice(start, end).toLowerCase(), id: entry.id, weak: entry.weak });
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

export function collectSignals(doc: Doc, knowledge: CompiledKnowledge): Signals {
  const facts: SentenceFacts[] = doc.sentences.map((s) => ({ breach: 0, exposure: 0, background: s.background }));
  const breachTerms: Term[] = [];
  const leadExposure: Term[] = [];
  const fresh = (terms: readonly Term[], term: Term): boolean =>
    terms.length < 6 && !terms.some((t) => t.words === term.words && t.id === term.id);
  evidenceHits(knowledge.breachTerms, knowledge, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.breach++;
    if (fresh(breachTerms, term)) breachTerms.push(term);
  });
  evidenceHits(knowledge.exposure, knowledge, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.exposure++;
    if (isFocus(s) && fresh(leadExposure, term)) leadExposure.push(term);
  });
  const focus = doc.sentences.filter(isFocus);
  const story = doc.sentences.filter((s) => !s.background);
  const title = doc.sentences.slice(0, 1);
  let noData: string | null = null;
  for (const s of story) {
    // Every no-data phrasing carries a denial word (denials.yaml): skip the patterns when there is none.
    if (s.denials.length === 0) continue;
    for (const re of NO_DATA) {
      const m = re.exec(s.text);
      if (m && !NO_DATA_HEDGE.test(s.text.slice(0, m.index + m[0].length))) {
        noData = m[0];
        break;
      }
    }
    if (noData) break;
  }
  const hasBreach = story.some((s) => {
    const f = facts[s.index];
    return f !== undefined && f.breach + f.exposure > 0;
  });
  const titleWords = doc.sentences[0]?.tokens ?? [];
  const headline = (says: HeadlineClaim): boolean => knowledge.headlines.get(says)?.test(titleWords) ?? false;
  const titleAssertsBreach = headline('exposure') && !headline('denial');
  const titleScam = SCAM.test(doc.title) && WARN.test(doc.title) && (facts[0]?.exposure ?? 0) + (facts[0]?.breach ?? 0) === 0;
  const titleStatistics = firstPhrase(knowledge.negatives.get('statistics'), doc, title);
  const websiteOutage = firstPhrase(knowledge.negatives.get('website-outage'), doc, focus);
  const found = { facts, breachTerms, leadExposure, hasBreach, noData, titleAssertsBreach, titleScam, titleStatistics, websiteOutage };
  return new StorySignals(found, focus, title, knowledge.incidental);
}

type Found = Pick<
  Signals,
  'facts' | 'breachTerms' | 'leadExposure' | 'hasBreach' | 'noData' | 'titleAssertsBreach' | 'titleScam' | 'titleStatistics' | 'websiteOutage'
>;

/** The first match of a knowledge file's phrases in these sentences, as "words [entry id]". */
function firstPhrase(phrases: PhraseSet<KnowledgeEntry> | undefined, doc: Doc, sentences: readonly Sentence[]): string | null {
  for (const s of sentences) {
    const m = phrases?.findAll(s.tokens)[0];
    if (!m) continue;
    const { start, end } = matchSpan(s.tokens, m);
    return `${doc.text.slice(start, end)} [${m.value.id}]`;
  }
  return null;
}

/**
 * The signals of one article. The cue words of labelling.md's negative rules are looked for when a rule
 * first asks for them (most articles need only a few), in the title and lead (focus) or the title alone.
 */
class StorySignals implements Signals {
  readonly facts: SentenceFacts[];
  readonly breachTerms: Term[];
  readonly leadExposure: Term[];
  readonly hasBreach: boolean;
  readonly noData: string | null;
  readonly titleAssertsBreach: boolean;
  readonly titleScam: boolean;
  readonly titleStatistics: string | null;
  readonly websiteOutage: string | null;
  readonly #focus: Sentence[];
  readonly #title: Sentence[];
  readonly #incidental: CompiledKnowledge['incidental'];
  /** Each cue's first match once looked for (undefined: not yet), by its slot. */
  readonly #cues: (string | null | undefined)[] = [];

  constructor(found: Found, focus: Sentence[], title: Sentence[], incidental: CompiledKnowledge['incidental']) {
    this.facts = found.facts;
    this.breachTerms = found.breachTerms;
    this.leadExposure = found.leadExposure;
    this.hasBreach = found.hasBreach;
    this.noData = found.noData;
    this.titleAssertsBreach = found.titleAssertsBreach;
    this.titleScam = found.titleScam;
    this.titleStatistics = found.titleStatistics;
    this.websiteOutage = found.websiteOutage;
    this.#focus = focus;
    this.#title = title;
    this.#incidental = incidental;
  }

  #cue(cue: Cue): string | null {
    let hit = this.#cues[cue.slot];
    if (hit === undefined) {
      const incidental = cue.name === null ? undefined : this.#incidental.get(cue.name);
      this.#cues[cue.slot] = hit = firstIn(cue, cue.inTitleOnly ? this.#title : this.#focus, incidental);
    }
    return hit;
  }

  get scam(): string | null {
    return this.#cue(CUES.scam);
  }
  get warn(): string | null {
    return this.#cue(CUES.warn);
  }
  get investigation(): string | null {
    return this.#cue(CUES.investigation);
  }
  get privateCue(): string | null {
    return this.#cue(CUES.privateCue);
  }
  get policy(): string | null {
    return this.#cue(CUES.policy);
  }
  get titlePolicy(): string | null {
    return this.#cue(CUES.titlePolicy);
  }
  get outage(): string | null {
    return this.#cue(CUES.outage);
  }
  get nonUk(): string | null {
    return this.#cue(CUES.nonUk);
  }
  get publicGeneric(): string | null {
    return this.#cue(CUES.publicGeneric);
  }
  get notBreachTopic(): string | null {
    return this.#cue(CUES.notBreachTopic);
  }
}
