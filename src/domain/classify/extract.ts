// Facts of an alert: people affected, data types, cause, supplier and regulator action.
import type { Cause } from '../types.ts';
import { CAUSE_RULES, DATA_TYPES, NAMED_TYPES, PERSON_DATA, SUPPLIER_CARRIES, SUPPLIER_NOT_CAUSE } from './lexicon.ts';
import { mayMatch, wordLexicon } from './dispatch.ts';
import type { WordLexicon } from './dispatch.ts';
import { scanCounts } from './numbers.ts';
import type { Sentence } from './text.ts';
import { negatedAt, zoneWeight } from './text.ts';
import { tokenPrecheck } from './tokens.ts';
import type { Token } from './tokens.ts';

const negated = (sentence: Sentence, index: number): boolean => negatedAt(sentence, index, false);

export interface Extracted {
  affected: number | null;
  affectedText: string | null;
  dataTypes: string[];
  cause: Cause | null;
  causeTerms: string[];
  supplier: string | null;
  regulatorAction: string | null;
}

/** Nouns that count people less surely than "people" or "patients": records, accounts, letters (one per person, mostly), families (many people). */
const NOUN_WEIGHT: Record<string, number> = { records: 0, accounts: 0, 'email addresses': 0, letters: 0, statements: 0, families: 0.25, households: 0.25 };

const UNKNOWN_COUNT = /\b(?:not|n't)\s+(?:yet\s+)?(?:said|say|know|known|disclosed|confirmed|revealed|clear|been told)\s+how many\b/i;
/** Sentences whose words cannot hold UNKNOWN_COUNT. */
const MAY_ASK_HOW_MANY = tokenPrecheck((w) => w === 'many');

/**
 * The count of people affected: the best-placed figure (title and opening first, exact before approximate, figures
 * before numbers in words), except that a figure the story shows is a population or a count of things (vehicle
 * records) is dropped wherever it recurs, and an approximate figure gives way to an exact one within 10% of it
 * ("almost 19,000" in the title, "18,700" in the body). When the story says it is not known how many were affected,
 * only a figure in the title counts.
 */
export function extractAffected(sentences: Sentence[]): { value: number; text: string } | null {
  const found: { value: number; text: string; score: number; approximate: boolean; title: boolean }[] = [];
  const excluded = new Set<number>();
  for (const s of sentences) {
    const scan = scanCounts(s.text, s.tokens);
    for (const v of scan.excluded) excluded.add(v);
    for (const c of scan.counts) {
      const noun = NOUN_WEIGHT[c.noun] ?? 0.5;
      const score = Math.min(zoneWeight(s), 3) + (c.word ? -0.1 : c.approximate ? 0 : 2) + noun;
      found.push({ value: c.value, text: c.text.trim(), score, approximate: c.approximate, title: s.zone === 'title' });
    }
  }
  // "It has not said how many people were affected": a figure below the title is about something else.
  const unknown = sentences.some((s) => MAY_ASK_HOW_MANY(s.tokens) && UNKNOWN_COUNT.test(s.text));
  let best: (typeof found)[number] | null = null;
  for (const c of found) {
    if (excluded.has(c.value) || (unknown && !c.title)) continue;
    if (!best || c.score > best.score) best = c;
  }
  if (best?.approximate) {
    const near = best.value * 0.1;
    let exact: (typeof found)[number] | null = null;
    for (const c of found) {
      if (c.approximate || excluded.has(c.value) || (unknown && !c.title) || Math.abs(c.value - best.value) > near) continue;
      if (!exact || c.score > exact.score) exact = c;
    }
    if (exact) best = exact;
  }
  return best ? { value: best.value, text: best.text } : null;
}

/** Common words no cause or data-type pattern starts with: no match is tried there. */
const NEVER_FIRST = new Set(['and', 'of', 'is', 'that', 'he', 'she', 'said', 'be', 'from', 'at', 'as', 'which', 'who', 'would', 'will', 'are', 'but', 'or', 'we', 'they', 'you']);

const DATA_WORDS = wordLexicon(DATA_TYPES.map((d) => d.re), NEVER_FIRST);
const CAUSE_WORDS = wordLexicon(CAUSE_RULES.map((r) => r.re), NEVER_FIRST);

/** Non-negated hits of a lexicon: [pattern index, sentence, term], each pattern at most once per sentence. */
function lexiconMatches(lexicon: WordLexicon, sentences: Sentence[]): { index: number; sentence: Sentence; term: string }[] {
  const out: { index: number; sentence: Sentence; term: string }[] = [];
  for (const sentence of sentences) {
    const first = out.length;
    for (const hit of lexicon.scan(sentence.text, sentence.tokens, sentence.start)) {
      // Each pattern once per sentence: the few hits of this sentence so far are checked.
      let seen = false;
      for (let k = first; k < out.length && !seen; k++) seen = out[k]?.index === hit.pattern;
      if (seen || negated(sentence, hit.index)) continue;
      out.push({ index: hit.pattern, sentence, term: hit.text });
    }
  }
  return out;
}

/** A sentence that only wonders whether data was involved. */
const UNSURE = /\b(?:whether|if any|to establish|to determine|not yet|unclear|may have|might have|could have|any (?:personal )?(?:data|information))\b/i;

export function extractDataTypes(sentences: Sentence[]): string[] {
  const found = new Set(lexiconMatches(DATA_WORDS, sentences).map((m) => m.index));
  const types = DATA_TYPES.filter((_, i) => found.has(i)).map((d) => d.type);
  const footage = types.some((t) => t.endsWith('footage'));
  // People's details, records or identities exposed means their names were: the labels count names then.
  if (!types.includes('names') && (types.some((t) => NAMED_TYPES.test(t) && !(t === 'criminal-justice' && footage)) || (types.length === 0 && sentences.some((s) => PERSON_DATA.test(s.text) && !UNSURE.test(s.text))))) {
    types.unshift('names');
  }
  return types;
}

export function extractCause(sentences: Sentence[]): { cause: Cause | null; terms: string[] } {
  const scores = new Map<Cause, number>();
  const terms: string[] = [];
  const matches = lexiconMatches(CAUSE_WORDS, sentences);
  // Sentences that carry a cause of their own: a supplier named there is part of the breach, not a bystander.
  const carrying = new Set(matches.filter((m) => CAUSE_RULES[m.index]?.cause !== 'supplier').map((m) => m.sentence));
  let supplierScore = 0;
  for (const { index, sentence, term } of matches) {
    const rule = CAUSE_RULES[index];
    if (!rule) continue;
    if (rule.cause === 'supplier') {
      if (!(carrying.has(sentence) || SUPPLIER_CARRIES.test(sentence.text)) || SUPPLIER_NOT_CAUSE.test(sentence.text)) continue;
      supplierScore += zoneWeight(sentence);
    } else {
      scores.set(rule.cause, (scores.get(rule.cause) ?? 0) + zoneWeight(sentence) * (rule.weight ?? 1));
    }
    if (terms.length < 6 && !terms.includes(term.toLowerCase())) terms.push(term.toLowerCase());
  }
  // A breach at a supplier is reported as "supplier" whatever the supplier suffered.
  if (supplierScore >= 1) return { cause: 'supplier', terms };
  // Ransomware is a cyber attack: it wins when named at all.
  if ((scores.get('ransomware') ?? 0) > 0) return { cause: 'ransomware', terms };
  let best: Cause | null = null;
  let bestScore = 0;
  for (const [cause, score] of scores) {
    if (score > bestScore) {
      best = cause;
      bestScore = score;
    }
  }
  return { cause: best, terms };
}

const KNOWN_SUPPLIERS =
  /\b(Capita|Synnovis|Zellis|Advanced|Civica|Digital ID|Serco|G4S|Atos|Fujitsu|Equiniti|Netcall|Blackbaud|MOVEit|Progress Software|Accellion|Tyler Technologies|Oracle|Sopra Steria|CGI|Mitie|Sodexo|Interserve|Ventia|Virgin Media Business|Xerox|Iron Mountain)\b/;
/** The first words of the known suppliers' names, lower-cased ("capita", "iron"). */
const KNOWN_SUPPLIER_WORDS = KNOWN_SUPPLIERS.source.slice('\\b('.length, -')\\b'.length).split('|').map((name) => (name.split(' ')[0] ?? name).toLowerCase());
/** Sentences whose words cannot hold KNOWN_SUPPLIERS: no word starts as a known supplier's name does. */
const MAY_NAME_KNOWN_SUPPLIER = tokenPrecheck((w) => KNOWN_SUPPLIER_WORDS.some((first) => w.startsWith(first)));
const SUPPLIER_NOUN = String.raw`(?:supplier|contractor|third[- ]party (?:provider|supplier|company)|IT provider|service provider|vendor)`;
const SUPPLIER_PHRASE = new RegExp(
  String.raw`\b((?:an? |the |one of (?:the )?[A-Za-z\u00C0-\u024F’'.]+ )?(?:[A-Z][A-Za-z\u00C0-\u024F’'.]* )?${SUPPLIER_NOUN}s?(?: (?:responsible for|that|which|who|used by|working for|contracted to|hired to) [^,.;:"”]{3,80})?)`,
);
/** A supplier named right after its description: "its payroll supplier Zellis", "the IT provider Advanced". */
const NAMED_AFTER = /\b(?:its|their|the|a) (?:[a-z][\w-]* |HR |IT ){0,3}(?:supplier|contractor|provider|vendor),? ([A-Z][\w&]+(?: [A-Z][\w&]+){0,2})/;
const NOT_A_NAME = /^(?:The|It|Its|In|On|At|For|As|After|Last|This|That|But|And|Or|When|Which|Who|He|She|They|We|A|An|Police|Council|NHS)$/;
/** "that"/"which" starting a clause, not describing the supplier ("told by its supplier that a bucket was open"). */
const CLAUSE_AFTER_THAT = /\b(?:that|which) (?:a|an|the|it|its|they|their|there|this|he|she|we|some|no|data|personal)\b/;
/** Words in front of the supplier noun that describe it: "printing contractor", "HR software supplier". */
const MODIFIERS = /((?:\b(?:[a-z][a-z-]+|HR|IT|ID|CCTV|ANPR) ){1,3})(?:supplier|contractor|provider|vendor)\b/;
const NOT_MODIFIER = /^(?:a|an|the|its|their|his|her|our|this|that|one|another|other|same|at|on|of|by|from|to|with|for|and|or|in|is|was|were|has|had|said|says|s|which|whose|third-party|outside|private|key|main|major)$/;

const SUPPLIER_HINT = /supplier|contractor|provider|vendor|third[- ]party/i;
/** Sentences whose words cannot hold SUPPLIER_HINT (it matches inside words: "subcontractor"). */
const MAY_NAME_SUPPLIER = tokenPrecheck((w) => ['supplier', 'contractor', 'provider', 'vendor', 'third'].some((part) => w.includes(part)));

function describedBy(text: string): string | null {
  const m = MODIFIERS.exec(text);
  if (!m?.[1]) return null;
  const words = m[1].trim().split(' ');
  while (words.length > 0 && NOT_MODIFIER.test(words[0] ?? '')) words.shift();
  if (words.length === 0 || words.some((w) => NOT_MODIFIER.test(w))) return null;
  return `${words.join(' ')} ${m[0].slice(m[1].length)}`;
}

/**
 * The supplier: a name given with the supplier noun ("its payroll supplier Zellis"), else a known supplier named
 * where the story speaks of a supplier, else the supplier as described ("contractor that prints warrant cards",
 * "printing contractor"), else "unnamed supplier".
 */
export function extractSupplier(all: Sentence[]): string | null {
  const sentences = all.filter((s) => MAY_NAME_SUPPLIER(s.tokens) && SUPPLIER_HINT.test(s.text));
  if (sentences.length === 0) return null;
  for (const s of sentences) {
    const named = NAMED_AFTER.exec(s.text);
    if (named?.[1] && !NOT_A_NAME.test(named[1].split(' ')[0] ?? '')) return named[1];
  }
  for (const s of sentences) {
    const known = MAY_NAME_KNOWN_SUPPLIER(s.tokens) ? KNOWN_SUPPLIERS.exec(s.text) : null;
    if (known?.[1] && /\b(supplier|contractor|provider|vendor|firm|company|software)\b/i.test(s.text)) return known[1];
  }
  for (const s of all) {
    const known = MAY_NAME_KNOWN_SUPPLIER(s.tokens) ? KNOWN_SUPPLIERS.exec(s.text) : null;
    if (known?.[1]) return known[1];
  }
  let best: { text: string; len: number } | null = null;
  for (const s of sentences) {
    const m = SUPPLIER_PHRASE.exec(s.text);
    if (!m?.[1] || negated(s, m.index)) continue;
    const described = /\b(responsible for|that|which|who|used by|working for|contracted to|hired to)\b/.test(m[1]) && !CLAUSE_AFTER_THAT.test(m[1]);
    const text = described ? m[1].replace(/^(?:an?|the|one of (?:the )?[\p{L}’'.]+) /iu, '').trim() : (describedBy(s.text) ?? 'unnamed supplier');
    const len = text === 'unnamed supplier' ? 0 : text.length;
    if (!best || len > best.len) best = { text, len };
  }
  return best ? best.text : null;
}

const AMOUNT = String.raw`(£\s?\d[\d.,]*\s*(?:million|m|k|bn)?)`;
/** "fined the University of Greenwich £120,000", "a fine of £X", "the penalty, £X,", "a £X monetary penalty". */
const FINE_RES = [
  new RegExp(String.raw`\b(?:fined|fines|fining)\s+(?:[\w'’&.-]+\s+){0,7}?${AMOUNT}`, 'i'),
  new RegExp(String.raw`\b(?:fine|penalty|penalty notice)(?: of|,| amounting to| totalling)\s*${AMOUNT}`, 'i'),
  new RegExp(String.raw`${AMOUNT}\s+(?:monetary\s+)?(?:fine|penalty)\b`, 'i'),
];
/** A fine imposed by a court on a person (an insider prosecuted by the ICO), not a penalty on the body. */
const COURT_FINE =
  /\b(?:magistrates?|crown court|court|pleaded guilty|sentenced|convicted|victim surcharge|ordered to pay (?:£[\d,]+ )?(?:in )?costs)\b|\b(?:he|she|the (?:man|woman))\s+(?:was|has been|had been)\s+fined\b/i;
/** A fine that was not imposed: "would have fined it £10 million", "fines of up to £17.5m", "the maximum penalty". */
const HYPOTHETICAL_FINE = /\b(?:would|could|can|may|might|faces?|facing|risks?)\b(?:\s+\S+){0,6}?\s+(?:fined?|fines|fining|penalt(?:y|ies))\b|\bup to\s*£|\b(?:maximum|max|cap|capped|unlimited)\b/i;
export const REGULATOR = /\b(ICO|Information Commissioner|data watchdog|watchdog|regulator)\b/i;
/** Sentences whose words cannot hold REGULATOR. */
const MAY_NAME_REGULATOR = mayMatch(REGULATOR);
/** The ICO looking into it: investigating, making enquiries, or bringing a prosecution of an insider. The
 * first can run on from the headline into the opening ("ICO investigating\nThe council..."): it is looked for
 * in the story as one text; the others are within a sentence. */
const INVESTIGATING =
  /\b(ICO|Information Commissioner'?s?(?: Office)?|(?<!police |conduct |environment(?:al)? )watchdog)\b[^.]{0,80}\b(is |are |has |had |was |would |will |to )?(investigating|investigated|investigate|launched an? (?:investigation|inquiry)|opened an? investigation|making (?:enquiries|inquiries)|assessing|looking into|examining)\b/i;
const ICO_INVESTIGATION = [
  /\b(?:investigation|prosecution|charges?|case) (?:was |were )?(?:brought )?by the (ICO|Information Commissioner)/i,
  /\b(?:an|the|following an|after an) (?:ICO|Information Commissioner'?s?(?: Office)?) (?:investigation|inquiry|prosecution)\b/i,
  /\b(?:ICO|Information Commissioner'?s?(?: Office)?) (?:prosecuted|brought (?:the )?(?:case|charges|prosecution))\b/i,
];
/** Sentences whose words cannot hold "ICO" or "Information Commissioner" (so none of ICO_INVESTIGATION). */
const MAY_NAME_ICO = tokenPrecheck((w) => w.startsWith('ico') || w.startsWith('information'));
const ENFORCEMENT_NOTICE = /\benforcement notice\b/i;
const MAY_ENFORCE = mayMatch(ENFORCEMENT_NOTICE);
const REPRIMAND = /\breprimand(?:ed|s)?\b/i;
const MAY_REPRIMAND = mayMatch(REPRIMAND);

/** Some sentence matches re; may: the quick check that rules a sentence out by its words. */
function anySentence(sentences: Sentence[], re: RegExp, may: (tokens: readonly Token[]) => boolean): boolean {
  return sentences.some((s) => may(s.tokens) && re.test(s.text));
}

/** The first fine in the story that is the regulator's penalty on a body, not a court's fine on a person. */
function findFine(sentences: Sentence[]): string | null {
  for (const s of sentences) {
    if (!s.text.includes('£') || COURT_FINE.test(s.text)) continue;
    for (const re of FINE_RES) {
      const m = re.exec(s.text);
      if (!m?.[1] || HYPOTHETICAL_FINE.test(s.text.slice(0, m.index + m[0].length))) continue;
      return m[1].replace(/\s+/g, '').replace(/[.,]+$/, '');
    }
  }
  return null;
}

/**
 * The ICO's action in the story: an enforcement notice, else a fine with its amount, else a reprimand, else an
 * investigation (including a prosecution of an insider the ICO brought; a court's fine on that person is no ICO fine).
 */
export function extractRegulatorAction(sentences: Sentence[]): string | null {
  if (!anySentence(sentences, REGULATOR, MAY_NAME_REGULATOR)) return null;
  if (anySentence(sentences, ENFORCEMENT_NOTICE, MAY_ENFORCE)) return 'ICO enforcement notice';
  const fine = findFine(sentences);
  if (fine) return `ICO fine ${fine}`;
  if (anySentence(sentences, REPRIMAND, MAY_REPRIMAND)) return 'ICO reprimand';
  if (ICO_INVESTIGATION.some((re) => anySentence(sentences, re, MAY_NAME_ICO))) return 'ICO investigation';
  if (INVESTIGATING.test(sentences.map((s) => s.text).join('\n'))) return 'ICO investigation';
  return null;
}

/** sentences: the story; focused: the part of it that talks about the breach (for data types and cause). */
export function extractAll(sentences: Sentence[], focused: Sentence[] = sentences): Extracted {
  const affected = extractAffected(sentences);
  const { cause, terms } = extractCause(focused);
  return {
    affected: affected?.value ?? null,
    affectedText: affected?.text ?? null,
    dataTypes: extractDataTypes(focused),
    cause,
    causeTerms: terms,
    supplier: extractSupplier(sentences),
    regulatorAction: extractRegulatorAction(sentences),
  };
}
