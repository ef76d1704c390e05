// Counts of people in text: "nearly 400" → 400, "more than 1,000" → 1000, "1.2 million" → 1200000, "three people" → 3.
import { mayMatch } from './dispatch.ts';
import { tokenPrecheck } from './tokens.ts';
import type { Token } from './tokens.ts';
import { WORD_NUMBER_SOURCE, hasMagnitude, parseWordNumber } from './number-words.ts';

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

/**
 * Parses "47,000", "1.2 million", "1.2m", "two million", "400", "three hundred", "half a million".
 * Returns null for anything else.
 */
export function parseCount(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|k|m|mn|bn))?$/.exec(s);
  if (!m?.[1]) return /^[a-z]/.test(s) ? parseWordNumber(s) : null;
  const value = Number(m[1].replace(/,/g, '')) * (m[2] ? (SCALE[m[2]] ?? 1) : 1);
  return Number.isFinite(value) ? Math.round(value) : null;
}

export const APPROX_WORDS = /^(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of|c\.|circa)$/i;

/** Numbers written in words that can count people ("three patients"); "one" only when no "of" follows. */
const SMALL_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';

const PEOPLE_NOUNS = [
  'people|persons|individuals|staff|officers|employees|workers|patients|residents|customers|pupils',
  'students|children|complainants|victims|members|users|personnel|tenants|claimants|applicants',
  'families|voters|households|citizens|service users|clients|parents|teachers|nurses|doctors',
  'soldiers|troops|witnesses|suspects|prisoners|offenders|detainees|asylum seekers|refugees',
  'taxpayers|donors|volunteers|cops|agents|recruits|candidates|veterans|reservists|cadets|carers',
  'foster carers|sub-postmasters|postmasters|holders|farmers|drivers|motorists|respondents|debtors',
  'interpreters|Afghans|applicants|colleagues|officers and staff|civil servants|public servants',
  'invigilators|recipients|inspectors|callers|survivors|pensioners|passengers|jurors|informants',
  'learners|alumni|subscribers|constituents|firefighters|midwives|paramedics|councillors',
  'householders|ratepayers|visitors|mothers|babies|adopters|jobseekers|records|accounts',
  'email addresses|letters|statements',
].join('|');

/** Nouns for things that stand for one person each, more or less (counted less surely than people). */
const DOCUMENT_NOUNS = /^(?:records|accounts|email addresses|letters|statements)$/;

/** A number followed (within four words) by a noun for people. Group 1 approx word, 2 number, 3 scale, 4 between, 5 noun. */
export const COUNT_RE = new RegExp(
  String.raw`(?:\b(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of)\s+)?` +
    String.raw`\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|${WORD_NUMBER_SOURCE}|dozen|a)(\s*(?:thousand|million|billion|k|m|bn)\b)?` +
    String.raw`\s+((?:[A-Za-z\u00C0-\u024F'’-]+\s+){0,4}?)(${PEOPLE_NOUNS})\b`,
  'gi',
);

/** A revised count: "the number of foster carers whose addresses were exposed has risen to 234". Group 1 noun,
 * 2 approx word, 3 number, 4 scale. */
const REVISED_COUNT_RE = new RegExp(
  String.raw`\bnumber of (?:[A-Za-z'’-]+\s+){0,2}?(${PEOPLE_NOUNS})\b[^.;]{0,120}?\b(?:(?:risen|rises|rose|grown|grew|increased|climbed|jumped|gone up) to|(?:now )?stands? at)\s+` +
    String.raw`(?:(more than|nearly|almost|about|around|over)\s+)?(\d{1,3}(?:,\d{3})+|\d+)(\s*(?:thousand|million|k|m)\b)?`,
  'i',
);

/** Words just before a count that mean it is not the number affected ("represents 30,000 officers"). */
const NOT_AFFECTED_BEFORE = /\b(represents?|representing|employs?|employing|workforce of|serves?|serving|largest|team of|force of|among|one of|out of|dozens|hundreds|half a)\s*$/i;
const NOT_AFFECTED_BETWEEN = /\b(cases|incidents|breaches|years|days|months|hours|cameras|pages|files|documents|pounds|per cent|percent|more|other|further|additional|searches|occasions|times|checks|lookups|calls|messages|emails)\b/i;
/** Records of things, not people: "8.6 million vehicle records" (the figure is then not a people count anywhere). */
const THING_RECORDS_BETWEEN = /\b(vehicles?|cars?|number[- ]plates?|plates?|registrations?|journeys?|trips?|transactions?|payments?|images?|photos?|log|logs)\b/i;
/** What follows the noun says the people are users of a service hit, not people whose data was: "135,000 residents
 * rely on the council", "37,000 pupils without email" (the figure is then not a people count anywhere). */
const POPULATION_AFTER = /^\s+(?:who\s+)?(?:rely|relies|depend|depends)\s+on\b|^\s+(?:(?:are|were|was|left|have been)\s+)?without\s+(?:email|e-mail|internet|wi-?fi|access to (?:their |its )?(?:email|systems|services)|computers|laptops|devices|lessons|IT|power)\b/i;
/** ... or the people who did it ("two officers were dismissed", "three staff have been sacked"). */
const PERPETRATOR_AFTER = /^\s+(?:who\s+)?(?:(?:had|have|has|were|was|are)\s+(?:(?:since|now|also|then)\s+)?(?:been\s+)?)?(?:sacked|dismissed|charged|arrested|suspended|disciplined|jailed|convicted|sentenced|prosecuted|accused)\b/i;

export interface CountCandidate {
  value: number;
  approximate: boolean;
  /** Written in words ("three"): exact but less sure to be the count affected than a figure. */
  word: boolean;
  noun: string;
  index: number;
  text: string;
}

export interface CountScan {
  counts: CountCandidate[];
  /** Figures the sentence shows are not people affected (a population, records of vehicles): to drop wherever they recur. */
  excluded: number[];
}

const WORD_NUMBER_RE = new RegExp(String.raw`\b(?:${SMALL_WORDS})\b`, 'i');
const HAS_NUMBER = /\d|\b(?:hundred|thousand|million|billion)\b/i;

const NUMBER_WORDS = new Set([...SMALL_WORDS.split('|'), 'hundred', 'thousand', 'million', 'billion']);
const DIGIT = /\d/;
/** Sentences whose words cannot hold a number (HAS_NUMBER or WORD_NUMBER_RE). */
const MAY_COUNT = tokenPrecheck((w) => DIGIT.test(w) || NUMBER_WORDS.has(w));
/** Sentences whose words name no people (or records) that COUNT_RE could count. */
const MAY_NAME_COUNTED = mayMatch(COUNT_RE);

/**
 * Every people-count in a sentence, with offsets relative to the sentence, and the figures it rules out.
 * tokens: the sentence's words, when known, to skip sentences with no number quickly.
 */
export function scanCounts(sentence: string, tokens?: readonly Token[]): CountScan {
  const counts: CountCandidate[] = [];
  const excluded: number[] = [];
  if (tokens && !(MAY_COUNT(tokens) && MAY_NAME_COUNTED(tokens))) return { counts, excluded };
  if (!HAS_NUMBER.test(sentence) && !WORD_NUMBER_RE.test(sentence)) return { counts, excluded };
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(sentence); m !== null; m = COUNT_RE.exec(sentence)) {
    // A rejected match is rescanned from just after its number, so "one of the five people" still finds "five people".
    if (accept(m, sentence, counts, excluded)) continue;
    const num = m[2] ?? '';
    COUNT_RE.lastIndex = m.index + (m[1] ? m[0].indexOf(num, m[1].length) : 0) + num.length;
  }
  const revised = /number of/i.test(sentence) ? REVISED_COUNT_RE.exec(sentence) : null;
  const figure = revised?.[3];
  const value = figure ? parseCount(`${figure}${revised?.[4] ?? ''}`) : null;
  if (revised && figure && value) {
    const text = revised[0].slice(revised[0].lastIndexOf(figure));
    counts.push({ value, approximate: Boolean(revised[2]), word: false, noun: (revised[1] ?? '').toLowerCase(), index: revised.index + revised[0].length - text.length, text });
  }
  return { counts, excluded };
}

/** Judges one match of COUNT_RE: pushes it to counts (true), or rejects it and maybe excludes its figure (false). */
function accept(m: RegExpExecArray, sentence: string, counts: CountCandidate[], excluded: number[]): boolean {
  const num = m[2] ?? '';
  const scale = (m[3] ?? '').trim();
  const between = m[4] ?? '';
  const noun = (m[5] ?? '').toLowerCase();
  const lower = num.toLowerCase();
  // A small number in words ("three"); "three hundred" and "half a million" read as figures.
  const word = /^[a-z]/.test(lower) && !hasMagnitude(lower) && !scale;
  if (lower === 'a' && !scale) return false;
  const value = parseCount(`${num}${scale ? ` ${scale}` : ''}`);
  if (value === null || value <= 0) return false;
  if (!scale && /^(19|20)\d\d$/.test(num)) return false; // a year, not a count
  const start = m.index;
  const before = sentence.slice(Math.max(0, start - 30), start);
  const after = sentence.slice(start + m[0].length, start + m[0].length + 60);
  if ((noun === 'records' || noun === 'accounts') && THING_RECORDS_BETWEEN.test(between)) {
    excluded.push(value);
    return false;
  }
  if (NOT_AFFECTED_BETWEEN.test(between)) return false;
  // In words, a count must sit next to a noun for people ("six members", not "One person replied to all recipients",
  // "two letters").
  if (word && (DOCUMENT_NOUNS.test(noun) || /\S+\s+\S/.test(between) || /\bof\b/i.test(between) || /\b(?:no|the|every|any)\s+$/i.test(before))) {
    return false;
  }
  if (POPULATION_AFTER.test(after)) {
    excluded.push(value);
    return false;
  }
  if (!m[1] && NOT_AFFECTED_BEFORE.test(before)) return false;
  // "Year 7 parents", "Year 11 pupils": a school year, not a count.
  if (!m[1] && !scale && value <= 13 && /\bYear\s*$/.test(before)) return false;
  if (m[1] && /\b(represents?|representing|employs?|serves?)\s*$/i.test(before)) return false;
  if (PERPETRATOR_AFTER.test(after)) return false;
  counts.push({ value, approximate: Boolean(m[1]), word, noun, index: start, text: m[0] });
  return true;
}

/** Every people-count in a sentence, with offsets relative to the sentence. */
export function findCounts(sentence: string): CountCandidate[] {
  return scanCounts(sentence).counts;
}
