// classify(): is this article about a personal-data breach at a UK public body (labelling.md)?
// Rules only, no I/O: the gazetteer is built by the caller and passed in.
import type { ArticleText, Category, Classification } from '../types.ts';
import { extractAll } from './extract.ts';
import type { Gazetteer, OrgMention } from './gazetteer.ts';
import { describeMention, pickOrganisations, scoreOrganisations } from './organisations.ts';
import type { OrgCandidate } from './organisations.ts';
import { cueHits, firstOf, placeHits } from './cues.ts';
import type { Hit } from './cues.ts';
import { collectSignals, termText } from './signals.ts';
import { compileVeto, vetoScore } from './veto.ts';
import type { TitleNames } from './signals.ts';
import type { CompiledVeto, VetoModel } from './veto.ts';
import type { Signals } from './signals.ts';
import { buildDoc, sentenceAt } from './text.ts';
import { afterName } from './name-context.ts';
import { matchSpan } from './phrases.ts';
import type { CompiledKnowledge } from './knowledge.ts';
import { findUnlistedVictim } from './unnamed.ts';
import type { Victim } from './unnamed.ts';
import type { Doc, Sentence } from './text.ts';
import type { Token } from './tokens.ts';
import { formatCount } from '../text-order.ts';

const ATTACK = /cyber|hack|ransom|attack|incident|malware|compromised|breach/i;
/** The breach terms name an attack (not a leak or a lost file). */
const termsNameAttack = (signals: Signals): boolean => ATTACK.test(signals.breachTerms.map((t) => t.words).join(' '));
/** Exposure entries that are only a regulator's action ("reprimands", "fined £…"): config/knowledge/exposure.yaml. */
const REGULATOR_ENTRY = 'exposure.regulator-';
export const DATA_WORDS = /\b(data|details|information|records|footage|names)\b/i;
/** Some word may be one of DATA_WORDS (or has an apostrophe or accent inside, where \b can fall). */
const DATA_WORD_SET: ReadonlySet<string> = new Set(['data', 'details', 'information', 'records', 'footage', 'names']);
export function mayNameData(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.mixed || DATA_WORD_SET.has(t.norm)) return true;
  return false;
}

/** "a firm that prints warrant cards for the Met": the firm is a supplier of a named body. */
const SUPPLIER_TO =
  /\b(?:(?:suppliers?|contractors?|providers?|vendors?) (?:to|for|of) (?:the )?[A-Z]|(?:firm|company) (?:that|which) [^.;]{0,60}?\bfor (?:the )?[A-Z]|(?:used by|working for|contracted by|on behalf of|hired by) (?:the )?[A-Z])/;
/** "sent to taxi firms": the firm received the data, it was not breached. */
const RECIPIENT_BEFORE = /\b(?:to|with|from|at|on)\s+(?:[\w'’-]+\s+)?$/i;

/**
 * The headline names the breached party and it is not a UK public body: a private firm ("Car hire firm
 * exposed...") or a foreign public body ("Dutch police say...") with no UK body or public-sector word
 * in the title, and no supplier relation to a named body in the opening.
 */
function headlineParty(
  doc: Doc,
  mentions: readonly OrgMention[],
  parts: RecogniserParts,
  signals: Signals,
  victim: Victim,
): { category: Category; rule: string } | null {
  if (!victim.candidate || signals.leadExposure.length === 0) return null;
  // A body the headline names as acting ("Met Police arrest two over nursery chain hack") is not its victim.
  let title = doc.title;
  const named: Array<[number, number]> = [];
  for (const m of mentions) {
    if (m.end > doc.title.length) continue;
    // A bare place ("Walsall teenager arrested...") says where, not who.
    if (!m.places && !afterName(parts.knowledge, sentenceAt(doc, m.start).tokens, m, doc.text)('acts')) return null;
    title = title.slice(0, m.start) + ' '.repeat(m.end - m.start) + title.slice(m.end);
    named.push([m.start, m.end]);
  }
  // The cue words of the headline outside the bodies it names.
  const words = doc.sentences[0] as Sentence;
  const free = (h: { start: number; end: number }): boolean => !named.some(([a, b]) => h.start < b && h.end > a);
  const outside = (hits: readonly Hit[]): Hit | null => firstOf(hits.filter(free));
  const { knowledge } = parts;
  const foreign = outside(placeHits(knowledge.places, words));
  // A public word of the headline outside the bodies it names (institutions.yaml, public-word).
  const publicWords = knowledge.institutions.publicWords.findAll(words.tokens);
  const publicWord = publicWords.some((m) => free(matchSpan(words.tokens, m)));
  if (foreign && publicWord && !victim.candidate.leadBreach) {
    const rule = `the headline's breached body is not British ('${foreign.said}')`;
    return { category: 'non_uk_public_breach', rule };
  }
  if (publicWord) return null;
  // Incidental words are no cue here either ("academy chain" is no shop chain: incidental.yaml).
  const cue = outside(cueHits(knowledge.negatives.get('private'), knowledge.unless, words, knowledge.incidental.get('private')));
  if (!cue || RECIPIENT_BEFORE.test(title.slice(0, cue.start))) return null;
  const lead = doc.sentences.filter((s) => s.zone === 'lead').map((s) => s.text).join(' ');
  if (SUPPLIER_TO.test(lead)) return null;
  // "Teenager arrested over hack of fashion retailer": the headline says whose breach it was.
  const charged = outside(
    cueHits(knowledge.negatives.get('investigation'), knowledge.unless, words, knowledge.incidental.get('investigation')),
  );
  if (charged) {
    const rule = `the headline reports an investigation ('${charged.said}') of a breach at a private firm ('${cue.said}')`;
    return { category: 'investigation', rule };
  }
  // Otherwise a body named as breached in the opening paragraphs outweighs the headline.
  if (victim.candidate.leadBreach) return null;
  const rule = `the headline's breached party is a private firm ('${cue.said}') and names no public body`;
  return { category: 'private_breach', rule };
}

function quote(terms: (string | null)[]): string {
  return terms.filter((t): t is string => Boolean(t)).map((t) => `'${t.toLowerCase()}'`).join(', ');
}

function decide(signals: Signals, victim: Victim | null): { category: Category; rule: string | null } {
  const ownIncident = signals.leadExposure.length > 0;
  // labelling.md: data "made unavailable by an attack" is a breach, even where none is said to be taken.
  const unavailable = signals.leadExposure.some((t) => t.unavailable === true);
  if (signals.scam && (signals.warn || signals.scamAlone) && (!(ownIncident && victim) || signals.titleScam)) {
    return { category: 'scam_warning', rule: `scam warning (${quote([signals.warn, signals.scam])}) with no exposure at a named public body` };
  }
  if (!signals.hasBreach) {
    if (signals.policy) return { category: 'policy', rule: `policy or general piece (${quote([signals.policy])}) with no breach reported` };
    return { category: 'not_breach', rule: 'no breach or exposure terms in the story' };
  }
  if (signals.titleStatistics) {
    return { category: 'policy', rule: `the headline counts breaches over time or across bodies (${quote([signals.titleStatistics])})` };
  }
  // A headline that reports no exposure itself, over a lead that counts breaches: a statistics piece.
  if (!signals.titleAssertsBreach && signals.leadStatistics) {
    return { category: 'policy', rule: `the lead counts breaches over time or across bodies (${quote([signals.leadStatistics])})` };
  }
  if (signals.websiteOutage && signals.leadExposure.length === 0) {
    return { category: 'no_data_exposed', rule: `an attack took a website down (${quote([signals.websiteOutage])}) and no data is said to be exposed` };
  }
  // A body found only by its role or as a supplier is weaker evidence than a name: the cues that a story
  // is about a private firm or is a policy piece still decide ("bank details", "private information" and
  // other incidental words do not count: config/knowledge/incidental.yaml).
  if (victim?.unlisted === 'loose' || victim?.unlisted === 'supplier') {
    if (victim.unlisted === 'loose' && signals.privateCue && !victim.publicData) {
      return { category: 'private_breach', rule: `breach at a private firm (${quote([signals.privateCue])}); the public body is named only by its role` };
    }
    if (signals.policy) return { category: 'policy', rule: `policy, statistics or guidance (${quote([signals.policy])}) without a specific incident at a named body` };
    if (signals.noData && !unavailable) {
      const attack = signals.outage || termsNameAttack(signals);
      return { category: attack ? 'no_data_exposed' : 'not_breach', rule: `the story says no personal data was exposed (${quote([signals.noData])})` };
    }
  }
  if (!victim) {
    if (signals.investigation) return { category: 'investigation', rule: `investigation or arrest (${quote([signals.investigation])}) of a breach at a body that is not a UK public body` };
    if (signals.nonUk && signals.publicGeneric) return { category: 'non_uk_public_breach', rule: `non-UK public body (${quote([signals.nonUk, signals.publicGeneric])})` };
    if (signals.privateCue) return { category: 'private_breach', rule: `breach at a private firm (${quote([signals.privateCue])}) with no public body's data named` };
    if (signals.policy) return { category: 'policy', rule: `policy, statistics or guidance (${quote([signals.policy])}) without a specific incident at a named body` };
    return { category: 'not_breach', rule: 'breach terms but no UK public body named as breached' };
  }
  const onlyRegulator = signals.leadExposure.every((t) => t.id.startsWith(REGULATOR_ENTRY));
  if (signals.notBreachTopic && signals.breachTerms.length === 0 && onlyRegulator) {
    return { category: 'not_breach', rule: `a regulator's action on ${quote([signals.notBreachTopic])}, not a personal-data breach` };
  }
  // labelling.md: "outages or cyber attacks where the story says no personal data was exposed". Files
  // left where anyone could take them are exposed even when nobody is known to have taken them.
  // (noData last: it reads every sentence of the story.)
  if (!signals.titleAssertsBreach && !unavailable && (signals.outage || termsNameAttack(signals)) && signals.noData) {
    return { category: 'no_data_exposed', rule: `the story says no personal data was exposed (${quote([signals.noData])})` };
  }
  if (signals.titlePolicy && !signals.titleAssertsBreach) {
    return { category: 'policy', rule: `policy or general piece (${quote([signals.titlePolicy])}) without a specific new incident` };
  }
  return { category: 'public_sector_breach', rule: null };
}

/** Sentences about this incident: not background, and not about some other public body only. */
function storySentences(doc: Doc, candidates: OrgCandidate[], kept: OrgCandidate[]): Sentence[] {
  const keptSentences = new Set<number>();
  const otherSentences = new Set<number>();
  for (const c of candidates) {
    const own = kept.includes(c);
    for (const m of c.mentions) {
      if (own) keptSentences.add(m.sentence.index);
      else if (m.role === 'victim') otherSentences.add(m.sentence.index);
    }
  }
  return doc.sentences.filter((s) => !s.background && (keptSentences.has(s.index) || !otherSentences.has(s.index)));
}

/** A sentence dated before publication ("the 2023 attack on ...") is background unless it names a body of the title. */
function markDatedBackground(doc: Doc, mentions: readonly OrgMention[]): void {
  let titleBodies: Set<string> | null = null;
  for (const s of doc.sentences) {
    if (!s.dated || s.background) continue;
    titleBodies ??= new Set(mentions.filter((m) => m.end <= doc.title.length).map((m) => m.entry.name));
    const own = mentions.some((m) => m.start >= s.start && m.end <= s.end && titleBodies?.has(m.entry.name));
    if (!own) s.background = true;
  }
}

/** Rules score from which an alert is not put to the veto. */
const CONFIDENT = 0.9;
/** The text model judges texts of at least this many words: whole articles, not a headline and its lead. */
const VETO_MIN_WORDS = 80;

/** The most likely "not an alert" category when the veto withdraws an alert. */
function vetoedCategory(signals: Signals): Category {
  if (signals.scam) return 'scam_warning';
  if (signals.investigation) return 'investigation';
  if (signals.nonUk) return 'non_uk_public_breach';
  if (signals.privateCue) return 'private_breach';
  if (signals.noData) return 'no_data_exposed';
  if (signals.policy) return 'policy';
  return 'not_breach';
}

/** What a recogniser is made of: the gazetteer, the compiled knowledge files, and the text model (optional). */
export interface RecogniserParts {
  readonly gazetteer: Gazetteer;
  readonly knowledge: CompiledKnowledge;
  /** The text model of veto.ts (config/veto-model.json); without it the rules alone decide. */
  readonly veto?: VetoModel | undefined;
}

export interface Recogniser {
  classify(text: ArticleText): Classification;
  readonly gazetteer: Gazetteer;
}

/** A classifier over its parts, built once and shared: everything it knows comes in through `parts`. */
export function createRecogniser(parts: RecogniserParts): Recogniser {
  // The compiled model only: the file's map of features is not kept.
  return recogniserOf({ gazetteer: parts.gazetteer, knowledge: parts.knowledge }, parts.veto ? compileVeto(parts.veto) : undefined);
}

/** A classifier over compiled parts (the compiled-recogniser cache gives the text model compiled already). */
export function recogniserOf(parts: Omit<RecogniserParts, 'veto'>, veto: CompiledVeto | undefined): Recogniser {
  const kept: RecogniserParts = { gazetteer: parts.gazetteer, knowledge: parts.knowledge };
  return { gazetteer: parts.gazetteer, classify: (text) => classifyWith(text, kept, veto) };
}

/** One classification without a recogniser (tests): the text model is compiled for this call only. */
export function classify(text: ArticleText, parts: RecogniserParts): Classification {
  return classifyWith(text, parts, parts.veto ? compileVeto(parts.veto) : undefined);
}

function classifyWith(text: ArticleText, parts: RecogniserParts, veto: CompiledVeto | undefined): Classification {
  const { gazetteer, knowledge } = parts;
  const doc = buildDoc(text, knowledge);
  const mentions = gazetteer.find(doc.text, doc.tokens);
  markDatedBackground(doc, mentions);
  // How the headline names a public body: by its gazetteer name ("Hackney Council hacked"), or only by its
  // role or as a supplier to one ("Council hacked", "NHS supplier hacked").
  const titleWords = doc.sentences[0]?.zone === 'title' ? doc.sentences[0].tokens : [];
  const titleNames: TitleNames = mentions.some((m) => m.end <= doc.title.length && !m.places)
    ? 'name'
    : knowledge.allRoles.test(titleWords, doc.text) || knowledge.suppliers.test(titleWords, doc.text)
      ? 'role'
      : 'none';
  const signals = collectSignals(doc, knowledge, titleNames);
  const { candidates } = scoreOrganisations(doc, mentions, signals.facts, knowledge);
  const { primary, others } = pickOrganisations(candidates, signals.facts, signals.leadExposure.length > 0, knowledge);
  // A body taken from a bare place in the headline ("Leeds cyber attack") is weighed as a role is: the cues
  // of a private firm or a policy piece still decide.
  const victim: Victim | null = primary
    ? {
        name: primary.entry.name,
        sector: primary.entry.sector,
        reason: `Organisation: ${describeMention(primary.best)}.`,
        candidate: primary,
        ...(primary.mentions.every((s) => s.mention.byPlaceAlone) ? { unlisted: 'loose' as const } : {}),
      }
    : findUnlistedVictim(doc, signals, knowledge);

  const headline = victim ? headlineParty(doc, mentions, parts, signals, victim) : null;
  let { category, rule } = headline ?? decide(signals, victim);
  const inTitle = primary?.mentions.some((m) => m.sentence.zone === 'title' && m.role === 'victim') ?? false;
  const score =
    0.55 +
    (inTitle ? 0.15 : 0) +
    Math.min(signals.leadExposure.length, 3) * 0.06 +
    (primary ? 0.05 : 0) +
    (signals.titleAssertsBreach ? 0.05 : 0);
  // The veto is a second opinion on the rules' less certain alerts: a headline that names the body as
  // breached, with exposure words in the opening, is not overruled by word statistics.
  // A bare headline (a news search feed's item) gives the word model too little to overrule the rules with.
  // So is a feed item's headline and lead: cross-validated on the real-derived tune split, the model withdrew
  // more true alerts than false ones in texts this short (docs/adr/011). It reads whole articles.
  const feedItem = doc.tokens.length < VETO_MIN_WORDS;
  if (category === 'public_sector_breach' && veto && score < CONFIDENT && !feedItem) {
    const { logOdds, against } = vetoScore(veto, doc, mentions);
    if (logOdds < 0) {
      category = vetoedCategory(signals);
      const words = against.length > 0 ? `the words that weighed most: ${quote(against.slice(0, 3))}` : 'no one word stood out';
      rule = `the rules found a breach, but the text model (docs/adr/011) finds the wording closer to stories that are not alerts (${words})`;
    }
  }
  const alert = category === 'public_sector_breach';
  const reasons: string[] = [];
  if (victim) reasons.push(victim.reason);
  else reasons.push('Organisation: no UK public body found as the breached organisation.');
  if (others.length > 0 && alert) reasons.push(`Also breached: ${others.map((o) => describeMention(o.best)).join('; ')}.`);
  if (signals.breachTerms.length > 0) reasons.push(`Breach terms: ${quote(signals.breachTerms.map(termText))}.`);
  if (signals.leadExposure.length > 0) {
    reasons.push(`Exposure in the title or opening: ${quote(signals.leadExposure.map(termText))}.`);
  }
  const background = candidates.filter((c) => c !== primary && !others.includes(c) && c.mentions.every((m) => m.sentence.background || m.role !== 'victim'));
  if (background.length > 0) {
    reasons.push(`Not the breached body (background, regulator or investigator mentions): ${background.slice(0, 5).map((c) => c.entry.name).join(', ')}.`);
  }
  if (rule) reasons.push(`Negative rule: ${rule}.`);

  const base: Classification = {
    alert,
    score: 0,
    category,
    reasons,
    organisation: null,
    otherOrganisations: [],
    supplier: null,
    sector: null,
    affected: null,
    dataTypes: [],
    cause: null,
    regulatorAction: null,
  };
  if (!alert || !victim) {
    const evidence = (victim ? 0.15 : 0) + (signals.hasBreach ? 0.15 : 0) + Math.min(signals.leadExposure.length, 2) * 0.05;
    return { ...base, score: round(Math.min(0.45, 0.05 + evidence)), organisation: victim?.name ?? null, sector: victim?.sector ?? null };
  }

  const story = storySentences(doc, candidates, primary ? [primary, ...others] : []);
  const kept = new Set([primary, ...others].flatMap((c) => c?.mentions.map((m) => m.sentence.index) ?? []));
  const focused = story.filter((s) => {
    const f = signals.facts[s.index];
    if (s.zone !== 'body' || kept.has(s.index) || (f !== undefined && f.breach + f.exposure > 0)) return true;
    return mayNameData(s.tokens) && DATA_WORDS.test(s.text);
  });
  const facts = extractAll(knowledge, story, focused);
  if (facts.affected !== null) {
    reasons.push(`Affected: ${formatCount(facts.affected)} (from '${facts.affectedText}' [${facts.affectedId}]).`);
  }
  if (facts.cause) reasons.push(`Cause: ${facts.cause.replace('_', ' ')} (${quote(facts.causeTerms)}).`);
  if (facts.supplier) reasons.push(`Supplier: ${facts.supplier}.`);
  if (facts.dataTypes.length > 0) reasons.push(`Data: ${facts.dataTypes.join(', ')} (${facts.dataTypeIds.join(', ')}).`);
  if (facts.regulatorAction) reasons.push(`Regulator: ${facts.regulatorAction} [${facts.regulatorId}].`);

  return {
    ...base,
    score: round(Math.min(0.99, score)),
    organisation: victim.name,
    otherOrganisations: others.map((o) => o.entry.name),
    supplier: facts.supplier ?? victim.supplier ?? null,
    sector: victim.sector,
    affected: facts.affected,
    dataTypes: facts.dataTypes,
    cause: facts.cause,
    regulatorAction: facts.regulatorAction,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
