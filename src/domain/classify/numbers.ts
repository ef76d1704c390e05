// Counts of people in text: "nearly 400" → 400, "more than 1,000" → 1000, "1.2 million" → 1200000.

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, a: 1,
};
const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

/** Parses "47,000", "1.2 million", "1.2m", "two million", "400". Returns null for anything else. */
export function parseCount(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[a-z]+)(?:\s*(thousand|million|billion|k|m|mn|bn))?$/.exec(s);
  if (!m?.[1]) return null;
  const head = m[1];
  let value: number;
  if (/^\d/.test(head)) value = Number(head.replace(/,/g, ''));
  else {
    const w = WORD_NUMBERS[head];
    if (w === undefined || (head === 'a' && !m[2])) return null;
    value = w;
  }
  if (m[2]) value *= SCALE[m[2]] ?? 1;
  if (!Number.isFinite(value)) return null;
  return Math.round(value);
}

export const APPROX_WORDS = /^(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of|c\.|circa)$/i;

const PEOPLE_NOUNS =
  'people|persons|individuals|staff|officers|employees|workers|patients|residents|customers|pupils|students|children|complainants|victims|members|users|personnel|tenants|claimants|applicants|families|voters|households|citizens|service users|clients|parents|teachers|nurses|doctors|soldiers|troops|witnesses|suspects|prisoners|offenders|detainees|asylum seekers|refugees|taxpayers|donors|volunteers|cops|agents|recruits|candidates|veterans|carers|foster carers|sub-postmasters|postmasters|holders|farmers|drivers|motorists|respondents|debtors|interpreters|Afghans|applicants|colleagues|officers and staff|records|accounts';

/** A number followed (within four words) by a noun for people. Group 1 approx word, 2 number, 3 scale, 4 between, 5 noun. */
export const COUNT_RE = new RegExp(
  String.raw`(?:\b(nearly|almost|around|about|approximately|roughly|some|up to|more than|over|at least|fewer than|less than|an estimated|estimated|just under|just over|in excess of|close to|upwards of)\s+)?` +
    String.raw`\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a)(\s*(?:thousand|million|billion|k|m|bn)\b)?` +
    String.raw`\s+((?:[A-Za-z\u00C0-\u024F'’-]+\s+){0,4}?)(${PEOPLE_NOUNS})\b`,
  'gi',
);

/** Words just before a count that mean it is not the number affected ("represents 30,000 officers"). */
const NOT_AFFECTED_BEFORE = /\b(represents?|representing|employs?|employing|workforce of|serves?|serving|largest|team of|force of|among|one of|out of|dozens|hundreds)\s*$/i;
const NOT_AFFECTED_BETWEEN = /\b(cases|incidents|breaches|years|days|months|hours|cameras|pages|files|documents|pounds|per cent|percent)\b/i;

export interface CountCandidate {
  value: number;
  approximate: boolean;
  noun: string;
  index: number;
  text: string;
}

/** Every people-count in a sentence, with offsets relative to the sentence. */
const HAS_NUMBER = /\d|\b(?:thousand|million|billion)\b/i;

export function findCounts(sentence: string): CountCandidate[] {
  const out: CountCandidate[] = [];
  if (!HAS_NUMBER.test(sentence)) return out;
  for (const m of sentence.matchAll(COUNT_RE)) {
    const num = m[2] ?? '';
    const scale = (m[3] ?? '').trim();
    const between = m[4] ?? '';
    const noun = (m[5] ?? '').toLowerCase();
    if (num.toLowerCase() === 'a' && !scale) continue;
    if (NOT_AFFECTED_BETWEEN.test(between)) continue;
    const before = sentence.slice(Math.max(0, (m.index ?? 0) - 30), m.index ?? 0);
    if (!m[1] && NOT_AFFECTED_BEFORE.test(before)) continue;
    if (m[1] && /\b(represents?|representing|employs?|serves?)\s*$/i.test(before)) continue;
    const value = parseCount(`${num}${scale ? ` ${scale}` : ''}`);
    if (value === null || value <= 0) continue;
    if (!scale && /^(19|20)\d\d$/.test(num)) continue; // a year, not a count
    out.push({ value, approximate: Boolean(m[1]), noun, index: m.index ?? 0, text: m[0] });
  }
  return out;
}
