// Per-sentence evidence: breach words, exposure words, and the negative cues of labelling.md.
import {
  NOT_PERSONAL_AFTER,
  BREACH_TERM,
  EXPOSURE,
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
import { mayMatch, wordLexicon } from './dispatch.ts';
import type { WordLexicon } from './dispatch.ts';
import type { SentenceFacts } from './organisations.ts';
import type { Doc, Sentence } from './text.ts';
import { mayNegate, negatedAt } from './text.ts';
import type { Token } from './tokens.ts';
import type { CompiledKnowledge, CueName, IncidentalEntry, KnowledgeEntry } from './knowledge.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseSet } from './phrases.ts';

/** Breach words that count only near a data word ("leaks" of a game, "hacked" off): weak evidence alone. */
export const NEEDS_DATA_CONTEXT = new RegExp(
  String.raw`^(fine[sd]? .*|burgl(?:ed|ary|aries)|breach(es|ed)?|leak(s|ed|ing)?|exposed|exposing|compromised|stolen|` +
    String.raw`hack(s|ed|ing)?|in error|by mistake|by accident|accidentally|mistakenly|inadvertently)$`,
  'i',
);
const DATA_CONTEXT =
  /\b(data|personal|information|details|records|security|privacy|cyber|footage|files?|names|addresses|emails?|spreadsheet|documents?|systems?|networks?|servers?|accounts?|database|intelligence|statements?|letters?|list|report|laptop|notebook|tablet|memory stick|USB|photos?|passports?|results|plans?|bills|identities|cameras|CCTV|recordings|salary|salaries|pay|payroll|earnings|register|gateway|database|discs?|CDs?|videos?|interviews|scans|licen[cs]es)\b/i;
/** The title itself says personal data went somewhere (not just "hit by hackers"). */
const TITLE_DATA_EXPOSURE = /\b(data breach|leak(s|ed)?|exposed|exposing|exposes|stolen|published|posted|wrong|in error|by mistake|revealed?|reveals|visible|open online|left open|[\d,.]+ (?:million )?(?:people )?affected|fined|reprimand(ed|s)?|(?:email|data|privacy|GDPR|FOI|mailing|spreadsheet) (?:blunder|mix-up|gaffe|slip-up|slip)|(?:publish(?:es|ed|ing)?|post(?:s|ed)?|reveal(?:s|ed)?|leak(?:s|ed)?) (?:the )?(?:home )?(?:addresses|names|details|phone numbers|email addresses))\b/i;
/** The title says the opposite ("no data breach found", "no data taken"). */
const TITLE_DENIES = /\bno (?:personal )?(?:data|details|information) (?:breach|loss|taken|stolen|accessed|lost)|\bno (?:evidence|sign) of (?:a )?(?:data )?breach/i;

export interface Signals {
  facts: SentenceFacts[];
  /** Breach words found in the story (not background), for the reasons. */
  breachTerms: string[];
  /** Exposure words in the title or lead. */
  leadExposure: string[];
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

const HAS_NEGATION = /\b(?:no|not|without|didn't|doesn't|don't)\b/i;
/** Sentences whose words cannot hold HAS_NEGATION (read from the pattern, so the two cannot drift apart). */
const MAY_NEGATE = mayMatch(HAS_NEGATION);

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

const BREACH_WORDS = wordLexicon([BREACH_TERM]);
const EXPOSURE_WORDS = wordLexicon([EXPOSURE]);

/**
 * Hits of a lexicon in the story sentences (background is never evidence) that count as evidence: with
 * data words where the term needs them, not negated, and not about documents ("leaked memo").
 */
function evidenceHits(lexicon: WordLexicon, doc: Doc, each: (sentence: Sentence, term: string) => void): void {
  for (const s of doc.sentences) {
    if (s.background) continue;
    let dataContext: boolean | undefined;
    let negations: boolean | undefined;
    for (const hit of lexicon.scan(s.text, s.tokens, s.start)) {
      if (NEEDS_DATA_CONTEXT.test(hit.text) && !(dataContext ??= DATA_CONTEXT.test(s.text))) continue;
      if ((negations ??= mayNegate(s.tokens)) && negatedAt(s.text, hit.index)) continue;
      const end = s.start + hit.index + hit.text.length;
      if (NOT_PERSONAL_AFTER.test(doc.text.slice(end, end + 40))) continue;
      each(s, hit.text.toLowerCase());
    }
  }
}

/** Matches of a knowledge file's phrases in the story (never background, never right after a denial). */
function knowledgeHits(phrases: PhraseSet<KnowledgeEntry>, doc: Doc, each: (sentence: Sentence, term: string) => void): void {
  for (const s of doc.sentences) {
    if (s.background) continue;
    let negations: boolean | undefined;
    for (const m of phrases.findAll(s.tokens)) {
      const { start, end } = matchSpan(s.tokens, m);
      if ((negations ??= mayNegate(s.tokens)) && negatedAt(s.text, start - s.start)) continue;
      const words = doc.text.slice(start, end).toLowerCase();
      each(s, `${words} [${m.value.id}]`);
    }
  }
}

export function collectSignals(doc: Doc, knowledge: CompiledKnowledge): Signals {
  const facts: SentenceFacts[] = doc.sentences.map((s) => ({ breach: 0, exposure: 0, background: s.background }));
  const breachTerms: string[] = [];
  const leadExposure: string[] = [];
  evidenceHits(BREACH_WORDS, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.breach++;
    if (!breachTerms.includes(term) && breachTerms.length < 6) breachTerms.push(term);
  });
  evidenceHits(EXPOSURE_WORDS, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.exposure++;
    if (isFocus(s) && !leadExposure.includes(term) && leadExposure.length < 6) leadExposure.push(term);
  });
  knowledgeHits(knowledge.exposure, doc, (s, term) => {
    const f = facts[s.index];
    if (f) f.exposure++;
    if (isFocus(s) && !leadExposure.includes(term) && leadExposure.length < 6) leadExposure.push(term);
  });
  const focus = doc.sentences.filter(isFocus);
  const story = doc.sentences.filter((s) => !s.background);
  const title = doc.sentences.slice(0, 1);
  let noData: string | null = null;
  for (const s of story) {
    // Every no-data phrasing carries a negation word: skip the patterns when there is none.
    if (!MAY_NEGATE(s.tokens) || !HAS_NEGATION.test(s.text)) continue;
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
  const titleAssertsBreach = TITLE_DATA_EXPOSURE.test(doc.title) && !TITLE_DENIES.test(doc.title);
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
  readonly breachTerms: string[];
  readonly leadExposure: string[];
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
