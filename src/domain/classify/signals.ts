// Per-sentence evidence: breach words, exposure words, and the negative cues of labelling.md
// (config/knowledge/negatives.yaml and places.yaml, found by cues.ts).
import { NOT_PERSONAL_AFTER, BREACH_TERM, EXPOSURE } from './lexicon.ts';
import { wordLexicon } from './dispatch.ts';
import type { WordLexicon } from './dispatch.ts';
import type { SentenceFacts } from './organisations.ts';
import type { Doc, Sentence } from './text.ts';
import { mayNegate, negatedAt } from './text.ts';
import type { CompiledKnowledge, CueName, IncidentalEntry, KnowledgeEntry } from './knowledge.ts';
import type { NegativeCue, NegativeEntry } from './knowledge.ts';
import { cueHits, firstOf, keptHits, placeHits } from './cues.ts';
import type { Hit } from './cues.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseMatch, PhraseSet } from './phrases.ts';

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
  const hasBreach = story.some((s) => {
    const f = facts[s.index];
    return f !== undefined && f.breach + f.exposure > 0;
  });
  const titleAssertsBreach = TITLE_DATA_EXPOSURE.test(doc.title) && !TITLE_DENIES.test(doc.title);
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
  readonly breachTerms: string[];
  readonly leadExposure: string[];
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
