// Facts of an alert: people affected, data types, cause, supplier and regulator action.
import type { Cause } from '../types.ts';
import { DATA_TYPE_NAMES, leftmostMatches } from './fact-knowledge.ts';
import type { CauseEntry, CompiledCauses, CompiledDataTypes, CompiledRegulator } from './fact-knowledge.ts';
import type { DataTypeEntry, Ranked, RegulatorEntry } from './fact-knowledge.ts';
import type { CompiledKnowledge, SupplierEntry } from './knowledge.ts';
import { onePerson, scanCounts } from './numbers.ts';
import type { CountRules } from './numbers.ts';
import { matchSpan } from './phrases.ts';
import type { PhraseToken } from './phrases.ts';
import type { Sentence } from './text.ts';
import { negatedAt, zoneWeight } from './text.ts';

const negated = (sentence: Sentence, index: number): boolean => negatedAt(sentence, index, false);

export interface Extracted {
  affected: number | null;
  affectedText: string | null;
  /** The counts.yaml entry whose noun made the figure a count of people. */
  affectedId: string | null;
  dataTypes: string[];
  /** The data-type entries that matched ("data.health-records"). */
  dataTypeIds: string[];
  cause: Cause | null;
  /** The words that gave a cause, each with its entry id: "sent to the wrong address [cause.wrong-recipient]". */
  causeTerms: string[];
  supplier: string | null;
  regulatorAction: string | null;
  /** The regulator.yaml entry that decided it. */
  regulatorId: string | null;
}


/** A count found in the story, scored by where it stands and how surely it counts people. */
interface Found {
  value: number;
  text: string;
  id: string;
  score: number;
  approximate: boolean;
  title: boolean;
  /** Its noun counts records or documents (counts.yaml `documents`), not people. */
  documents: boolean;
}

/** A figure written rounded ("18,000", "6,500"): a thousand or more, in whole hundreds. */
function isRound(value: number): boolean {
  return value >= 1000 && value % 100 === 0;
}

/**
 * The count of people affected: the best-placed figure (title and opening first, exact before approximate, figures
 * before numbers in words), except that a figure the story shows is a population or a count of things (vehicle
 * records) is dropped wherever it recurs, and an approximate figure gives way to an exact one within 10% of it
 * ("almost 19,000" in the title, "18,700" in the body). When the story says it is not known how many were affected,
 * only a figure in the title counts.
 */
export function extractAffected(sentences: Sentence[], rules: CountRules): { value: number; text: string; id: string } | null {
  const found: Found[] = [];
  const excluded = new Set<number>();
  for (const s of sentences) {
    const scan = scanCounts(s.text, rules, s.tokens);
    for (const v of scan.excluded) excluded.add(v);
    for (const c of scan.counts) {
      const score = Math.min(zoneWeight(s), 3) + (c.word ? -0.1 : c.approximate ? 0 : 2) + c.weight;
      const documents = rules.nouns.get(c.noun)?.documents ?? false;
      const title = s.zone === 'title';
      found.push({ value: c.value, text: c.text.trim(), id: c.id, score, approximate: c.approximate, title, documents });
    }
  }
  // "It has not said how many people were affected": a figure below the title is about something else.
  const unknown = sentences.some((s) => rules.unknown.may(s.tokens) && rules.unknown.phrases.test(s.tokens));
  // "33,000 records on more than 18,000 Afghans": a count of records or documents (counts.yaml `documents`) stands
  // only where no count of people does.
  const people = found.some((c) => !c.documents && !excluded.has(c.value) && !(unknown && !c.title));
  let best: Found | null = null;
  for (const c of found) {
    if (excluded.has(c.value) || (unknown && !c.title) || (people && c.documents)) continue;
    if (!best || c.score > best.score) best = c;
  }
  if (best?.approximate) {
    const near = best.value * 0.1;
    let exact: Found | null = null;
    for (const c of found) {
      if (c.approximate || excluded.has(c.value) || (unknown && !c.title) || Math.abs(c.value - best.value) > near) continue;
      if (!exact || c.score > exact.score) exact = c;
    }
    if (exact) best = exact;
  }
  // "18,000 Welsh Covid patients" in the title, "18,105 people" in the lead: a round figure gives way to an exact
  // one within 5% of it, as an approximate one does.
  if (best && !best.approximate && isRound(best.value)) {
    const chosen = best;
    const exact = found.find(
      (c) => !isRound(c.value) && !excluded.has(c.value) && Math.abs(c.value - chosen.value) <= chosen.value * 0.05,
    );
    if (exact && !(unknown && !exact.title)) best = exact;
  }
  if (best) return { value: best.value, text: best.text, id: best.id };
  // No count anywhere, and the headline or lead says whose data it was: one person's.
  if (found.length > 0 || unknown) return null;
  for (const s of sentences) {
    if (s.zone === 'body') continue;
    const m = onePerson(rules.onePerson, s.tokens, s.text, s.start);
    if (m) {
      const { start, end } = matchSpan(s.tokens, m);
      return { value: 1, text: s.text.slice(start - s.start, end - s.start), id: m.value.id };
    }
  }
  return null;
}

interface EntryHit<T> {
  entry: T;
  sentence: Sentence;
  /** The words matched, with the entry's id: "sent to the wrong address [cause.wrong-recipient]". */
  /** Where the words lie in the sentence's text: [start, end). */
  start: number;
  end: number;
}

/** The words of a hit, with its entry's id: "sent to the wrong address [cause.wrong-recipient]". */
function termOf(hit: EntryHit<DataTypeEntry | CauseEntry>): string {
  return `${hit.sentence.text.slice(hit.start, hit.end).toLowerCase()} [${hit.entry.id}]`;
}

/**
 * The matches of a file's entries in each sentence (see leftmostMatches), not right after a denial, each entry
 * at most once per sentence.
 */
function entryHits<T extends DataTypeEntry | CauseEntry>(set: Ranked<T>, sentences: Sentence[]): EntryHit<T>[] {
  const out: EntryHit<T>[] = [];
  for (const sentence of sentences) {
    const first = out.length;
    for (const m of leftmostMatches(set, sentence.tokens)) {
      // Each entry once per sentence: the few hits of this sentence so far are checked.
      let seen = false;
      for (let k = first; k < out.length && !seen; k++) seen = out[k]?.entry === m.value;
      if (seen) continue;
      const { start, end } = matchSpan(sentence.tokens, m);
      if (negated(sentence, start - sentence.start)) continue;
      out.push({ entry: m.value, sentence, start: start - sentence.start, end: end - sentence.start });
    }
  }
  return out;
}

/** A sentence that only wonders whether data was involved. */
const UNSURE = /\b(?:whether|if any|to establish|to determine|not yet|unclear|may have|might have|could have|any (?:personal )?(?:data|information))\b/i;
/** A plural possessive right before a match: "residents' details". */
const POSSESSIVE_BEFORE = /[\w-]['’] $/;

/** People's own details of no named type in a sentence ("personal details", "residents' records"). */
function personalData(data: CompiledDataTypes, s: Sentence): DataTypeEntry | null {
  if (!data.personal.may(s.tokens)) return null;
  for (const m of data.personal.phrases.findAll(s.tokens)) {
    if (!m.value.afterPossessive) return m.value;
    const { start } = matchSpan(s.tokens, m);
    if (POSSESSIVE_BEFORE.test(s.text.slice(0, start - s.start))) return m.value;
  }
  return null;
}

/** The data types exposed, in labelling.md's order, and the ids of the entries that found them. */
export function extractDataTypes(sentences: Sentence[], data: CompiledDataTypes): { types: string[]; ids: string[] } {
  const hits = entryHits(data, sentences);
  const found = new Set<string>(hits.map((h) => h.entry.type));
  const ids = [...new Set(hits.map((h) => h.entry.id))];
  const types: string[] = DATA_TYPE_NAMES.filter((t) => found.has(t));
  const footage = types.some((t) => t.endsWith('footage'));
  // People's details, records or identities exposed means their names were: the labels count names then.
  if (!types.includes('names')) {
    const named = types.some((t) => data.impliesNames.has(t) && !(t === 'criminal-justice' && footage));
    const sure = (s: Sentence): DataTypeEntry | null => (UNSURE.test(s.text) ? null : personalData(data, s));
    const personal = named || types.length > 0 ? null : firstOf(sentences, sure);
    if (named || personal) types.unshift('names');
    if (personal) ids.push(personal.id);
  }
  return { types, ids };
}

function firstOf<T>(items: readonly Sentence[], f: (s: Sentence) => T | null): T | null {
  for (const s of items) {
    const v = f(s);
    if (v !== null) return v;
  }
  return null;
}

/**
 * The cause: in each sentence a cause counts once for its specific wording and once for its generic wording
 * (weight < 1), its weight × the sentence's zone weight; a supplier named where the breach is told wins, then
 * ransomware, then the highest score. terms: the words that counted, with their entry ids.
 */
export function extractCause(sentences: Sentence[], causes: CompiledCauses): { cause: Cause | null; terms: string[] } {
  const scores = new Map<Cause, number>();
  const terms: string[] = [];
  const matches = entryHits(causes, sentences);
  // Sentences that carry a cause of their own: a supplier named there is part of the breach, not a bystander.
  const carrying = new Set(matches.filter((m) => m.entry.onlyWith.length === 0).map((m) => m.sentence));
  // Per sentence, each cause counts once for its specific wording and once for its generic wording.
  let counted: CauseEntry[] = [];
  let current: Sentence | null = null;
  let supplierScore = 0;
  for (const hit of matches) {
    const { entry, sentence } = hit;
    const only = causes.onlyWith.get(entry);
    if (only) {
      if (!(carrying.has(sentence) || only.test(sentence.tokens))) continue;
      if (causes.notWith.get(entry)?.test(sentence.tokens)) continue;
    } else if (causes.notWith.get(entry)?.test(sentence.tokens)) continue;
    if (entry.cause === 'supplier') supplierScore += zoneWeight(sentence);
    else {
      if (sentence !== current) [counted, current] = [[], sentence];
      if (!counted.some((e) => e.cause === entry.cause && e.weight === entry.weight)) {
        scores.set(entry.cause, (scores.get(entry.cause) ?? 0) + zoneWeight(sentence) * entry.weight);
        counted.push(entry);
      }
    }
    if (terms.length < 6) {
      const term = termOf(hit);
      if (!terms.includes(term)) terms.push(term);
    }
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

/** A firm of suppliers.yaml named in a sentence, as written (capitalised, as a name is), or null. */
function namedFirm(firms: Ranked<SupplierEntry>, s: Sentence): string | null {
  if (!firms.may(s.tokens)) return null;
  for (const m of firms.phrases.findAll(s.tokens)) {
    const words = s.tokens.slice(m.from, m.to);
    if (!words.every((t) => /^[A-Z0-9]/.test(t.raw))) continue;
    const last = words.at(-1) as (typeof words)[number];
    // "Capita’s statement": the firm's name without the possessive.
    const end = last.stem === undefined ? last.end : last.end - 2;
    return s.text.slice((words[0] as PhraseToken).start - s.start, end - s.start);
  }
  return null;
}

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
export function extractSupplier(all: Sentence[], firms: Ranked<SupplierEntry>): string | null {
  const sentences = all.filter((s) => SUPPLIER_HINT.test(s.text));
  if (sentences.length === 0) return null;
  for (const s of sentences) {
    const named = NAMED_AFTER.exec(s.text);
    if (named?.[1] && !NOT_A_NAME.test(named[1].split(' ')[0] ?? '')) return named[1];
  }
  for (const s of sentences) {
    const known = namedFirm(firms, s);
    if (known && /\b(supplier|contractor|provider|vendor|firm|company|software)\b/i.test(s.text)) return known;
  }
  for (const s of all) {
    const known = namedFirm(firms, s);
    if (known) return known;
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
/** Some sentence holds a phrase of the set (not right after a word its entry rules out). */
/** The id of the first entry of the set that a sentence holds (not next to a word it rules out), or null. */
function anySentence(sentences: Sentence[], set: Ranked<RegulatorEntry>): string | null {
  for (const s of sentences) {
    if (!set.may(s.tokens)) continue;
    const m = set.phrases.findAll(s.tokens).find((x) => set.clear(x, s.tokens));
    if (m) return m.value.id;
  }
  return null;
}

/**
 * The ICO looking into it, looked for in the story as one text: it can run on from a headline into the opening
 * ("ICO investigating\nThe council..."), but never across a full stop.
 */
function investigating(sentences: Sentence[], reg: CompiledRegulator): string | null {
  const set = reg.investigating;
  // Runs of sentences a match can span: a sentence with a full stop ends its run.
  for (let from = 0; from < sentences.length; ) {
    let to = from + 1;
    while (to < sentences.length && !(sentences[to - 1] as Sentence).text.includes('.')) to++;
    const run = sentences.slice(from, to);
    from = to;
    if (!run.some((s) => set.may(s.tokens))) continue;
    const text = run.map((s) => s.text).join('\n');
    const tokens: PhraseToken[] = [];
    let base = 0;
    for (const s of run) {
      const shift = base - s.start;
      for (const t of s.tokens) tokens.push({ norm: t.norm, stem: t.stem, start: t.start + shift, end: t.end + shift });
      base += s.text.length + 1;
    }
    const found = set.phrases.findAll(tokens).find((m) => {
      const { start, end } = matchSpan(tokens, m);
      return !text.slice(start, end).includes('.') && set.clear(m, tokens);
    });
    if (found) return found.value.id;
  }
  return null;
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
export function extractRegulatorAction(sentences: Sentence[], reg: CompiledRegulator): string | null {
  return regulatorFinding(sentences, reg)?.action ?? null;
}

/** The regulator's action and the regulator.yaml entry that decided it (for a fine: the one naming the regulator). */
function regulatorFinding(sentences: Sentence[], reg: CompiledRegulator): { action: string; id: string } | null {
  const named = anySentence(sentences, reg.named);
  if (!named) return null;
  const notice = anySentence(sentences, reg.enforcement);
  if (notice) return { action: 'ICO enforcement notice', id: notice };
  const fine = findFine(sentences);
  if (fine) return { action: `ICO fine ${fine}`, id: named };
  const reprimand = anySentence(sentences, reg.reprimand);
  if (reprimand) return { action: 'ICO reprimand', id: reprimand };
  const inquiry = anySentence(sentences, reg.investigation) ?? investigating(sentences, reg);
  return inquiry ? { action: 'ICO investigation', id: inquiry } : null;
}

/** sentences: the story; focused: the part of it that talks about the breach (for data types and cause). */
export function extractAll(k: CompiledKnowledge, sentences: Sentence[], focused: Sentence[] = sentences): Extracted {
  const affected = extractAffected(sentences, k.counts);
  const { cause, terms } = extractCause(focused, k.causes);
  const data = extractDataTypes(focused, k.dataTypes);
  const regulator = regulatorFinding(sentences, k.regulator);
  return {
    affected: affected?.value ?? null,
    affectedText: affected?.text ?? null,
    affectedId: affected?.id ?? null,
    dataTypes: data.types,
    dataTypeIds: data.ids,
    cause,
    causeTerms: terms,
    supplier: extractSupplier(sentences, k.firms),
    regulatorAction: regulator?.action ?? null,
    regulatorId: regulator?.id ?? null,
  };
}
