// Which public body was breached: scores every gazetteer mention by where it sits (title, lead, body,
// background) and what surrounds it (breach terms, "complaints against", "police arrest").
import type { GazetteerEntry, OrgMention } from './gazetteer.ts';
import { placeAt, placeHits } from './cues.ts';
import type { CompiledKnowledge, CompiledPlaces } from './knowledge.ts';
import { afterName, saidBefore } from './name-context.ts';
import type { Token } from './tokens.ts';
import type { Doc, Sentence } from './text.ts';
import { sentenceAt, zoneWeight } from './text.ts';

export interface ScoredMention {
  mention: OrgMention;
  sentence: Sentence;
  weight: number;
  role: 'victim' | 'object' | 'actor';
  /** "the council", "the force": counted for the one body of that sector named in the story. */
  coreference?: boolean;
}

export interface OrgCandidate {
  entry: GazetteerEntry;
  score: number;
  /** Best (highest-weight) mention, used in the reasons. */
  best: ScoredMention;
  mentions: ScoredMention[];
  /** Mentioned as a victim in a title or lead sentence with breach words. */
  leadBreach: boolean;
}

export interface SentenceFacts {
  breach: number;
  exposure: number;
  /** The sentence recalls another incident. */
  background?: boolean;
}

/** "homes in the West Midlands", "schools across West Sussex": a place, not its council or force. How a place is
 * written (its capitals) and where it lies in the sentence are structure, so these stay in code. */
const LOCATIVE_BEFORE = /\b(?:[Ii]n|[Aa]cross|[Aa]round|[Nn]ear|[Tt]hroughout|[Oo]utside|[Ww]ithin|parts of|areas? of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,?\s+(?:and\s+)?(?:the\s+)?){0,3}$/;
/** "Metropolitan Police Department": a foreign body of that name (a capital D, as in American names). */
const DEPARTMENT_AFTER = /^\s+Department\b/;
/** What may lie between a name and the foreign place it is "in" ("City of Newcastle in New South Wales"). */
const IN_PLACE_GAP = /^[^.;]{0,40}\bin $/;
/** What lies between a name and its foreign state or country ("London, Ontario"). */
const COMMA_GAP = /^,\s*$/;
const PLACE_BEFORE = /\b(\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?)$/u;

/**
 * The mention is followed by a sign that it names a foreign body: "Department" (an American police
 * department), ", Ontario", or "in New South Wales" within the 40 characters after it. Where the place
 * lies is sentence structure around a name, so it stays here; the places are places.yaml's.
 */
function foreignAfter(doc: Doc, m: OrgMention, places: CompiledPlaces): boolean {
  const sentence = sentenceAt(doc, m.start);
  const limit = Math.min(sentence.end, m.end + 100);
  if (DEPARTMENT_AFTER.test(doc.text.slice(m.end, limit))) return true;
  const tokens = sentence.tokens;
  let first = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.start < m.end) continue;
    if (t.start > m.end + 44) break;
    // The first word after the name (after a comma), or a word right after "in ".
    const next = first && COMMA_GAP.test(doc.text.slice(m.end, t.start));
    first = false;
    const afterIn = !next && tokens[i - 1]?.raw === 'in' && doc.text.charCodeAt(t.start - 1) === 32;
    if (!next && !(afterIn && IN_PLACE_GAP.test(doc.text.slice(m.end, t.start)))) continue;
    const place = placeAt(places, sentence, i);
    if (place && place.end <= limit) return true;
  }
  return false;
}

/** Places named with their foreign state or country: "London, Ontario", "Perth, Western Australia". Found
 * from the ", Ontario" back to the capitalised words before it. */
function commaPlaces(doc: Doc, places: CompiledPlaces): string[] {
  const out: string[] = [];
  const words = { text: doc.text, start: 0, tokens: doc.tokens };
  let next = 0;
  for (let comma = doc.text.indexOf(', '); comma >= 0; comma = doc.text.indexOf(', ', comma + 1)) {
    // The word right after ", " (tokens come in text order, and so do the commas).
    while (next < doc.tokens.length && (doc.tokens[next] as Token).start < comma + 2) next++;
    if ((doc.tokens[next] as Token | undefined)?.start !== comma + 2 || !placeAt(places, words, next)) continue;
    const place = PLACE_BEFORE.exec(doc.text.slice(Math.max(0, comma - 60), comma))?.[1];
    if (place) out.push(place);
  }
  return out;
}

/** Whether a body (by its gazetteer name) is there to investigate, regulate or warn (mentions.yaml: actor). */
function actorTest(knowledge: CompiledKnowledge): (name: string) => boolean {
  return (name) => knowledge.actorBodies.has(name);
}

/** Whether some words name the police or a council (mentions.yaml: police-place, council-place). */
interface PlaceWords {
  police: boolean;
  council: boolean;
}

function placeWords(knowledge: CompiledKnowledge, tokens: readonly Token[]): PlaceWords {
  const said = { police: false, council: false };
  for (const m of knowledge.placeWords.findAll(tokens)) {
    said[m.value.use === 'police-place' ? 'police' : 'council'] = true;
  }
  return said;
}

/**
 * A bare place name ("Ealing", "Cumbria") is the council or the force of that place, by the words of its
 * sentence or else of the story (read once per story, when first needed).
 */
function resolvePlace(
  doc: Doc,
  m: OrgMention,
  sentence: Sentence,
  story: () => PlaceWords,
  knowledge: CompiledKnowledge,
  alone: boolean,
  exposed: boolean,
): OrgMention | null {
  const places = m.places;
  if (!places) return m;
  for (const words of [() => placeWords(knowledge, sentence.tokens), story]) {
    const said = words();
    const cued = places.filter((e) => (e.sector === 'police' ? said.police : said.council));
    if (cued.length === 1 && cued[0]) return { ...m, entry: cued[0], places: undefined };
    if (cued.length > 1) return null;
  }
  // "Hackney data breach", "Gloucester cyber attack": a headline's place with one public body of its own
  // (a London borough's police is the Met), right before a breach term, in a story that names no body.
  const only = places.length === 1 ? places[0] : undefined;
  // "ICO reprimands Hackney", "£70k fine for Islington", "shared by Wychavon": the same, beside words of fault;
  // "Glasgow families' grant forms emailed to stranger": or in a headline that says data went out. Found so, it
  // is weak evidence (classify.ts reads it as a role): a private firm or a policy piece in the story still decides.
  const cuedByNeighbour = (): boolean =>
    (exposed && placeStandsAlone(m, sentence, knowledge)) ||
    breachTermAfter(m, sentence, knowledge) ||
    faultBeside(doc, m, sentence, knowledge);
  if (only && alone && sentence.zone === 'title' && cuedByNeighbour()) {
    return { ...m, entry: only, places: undefined, byPlaceAlone: true };
  }
  return null;
}

/** The sentence speaks of data only the police hold ("police data", "officers' details"; roles.yaml publicData). */
function policeData(knowledge: CompiledKnowledge, sentence: Sentence): boolean {
  return knowledge.allRoles.findAll(sentence.tokens).some((r) => r.value.publicData && r.value.sector === 'police');
}

/**
 * A place that stands for its own body, not one that starts a longer name ("Leicester City", "Cambridge Water")
 * or describes a body the headline names by its role ("Cheshire school", "a Devon hospital").
 */
function placeStandsAlone(m: OrgMention, sentence: Sentence, knowledge: CompiledKnowledge): boolean {
  const next = sentence.tokens.find((t) => t.start >= m.end);
  if (next && next.start === m.end + 1 && /^\p{Lu}/u.test(next.raw)) return false;
  return !knowledge.allRoles.findAll(sentence.tokens).some((r) => !r.value.subjects);
}

/** A breach term ("data breach", "cyber attack") starts at the first word after the mention. */
function breachTermAfter(m: OrgMention, sentence: Sentence, knowledge: CompiledKnowledge): boolean {
  const next = sentence.tokens.findIndex((t) => t.start >= m.end);
  if (next < 0) return false;
  const after = sentence.tokens.slice(next, next + 4);
  return knowledge.breachTerms.find(after).some((hit) => hit.from === 0);
}

/** Words that make a bare place the body at fault (mentions.yaml, use: at-fault) end right before it or start
 * right after it. */
function faultBeside(doc: Doc, m: OrgMention, sentence: Sentence, knowledge: CompiledKnowledge): boolean {
  const fault = knowledge.mentions.get('at-fault');
  if (!fault) return false;
  const first = sentence.tokens.findIndex((t) => t.start >= m.start);
  const next = sentence.tokens.findIndex((t) => t.start >= m.end);
  const before = first > 0 ? sentence.tokens.slice(Math.max(0, first - 3), first) : [];
  const after = next >= 0 ? sentence.tokens.slice(next, next + 4) : [];
  return (
    fault.findAll(before).some((hit) => hit.to === before.length) || fault.startingAt(after, 0, doc.text).length > 0
  );
}

export function scoreOrganisations(
  doc: Doc,
  found: readonly OrgMention[],
  facts: SentenceFacts[],
  knowledge: CompiledKnowledge,
): { candidates: OrgCandidate[]; mentions: ScoredMention[] } {
  const places = knowledge.places;
  const isActor = actorTest(knowledge);
  let storyWords: PlaceWords | undefined;
  const story = (): PlaceWords => (storyWords ??= placeWords(knowledge, doc.tokens));
  const mentions: ScoredMention[] = [];
  const named = new Set(found.filter((m) => !m.places).map((m) => m.entry.sector));
  // No body is named but those that act (the ICO reprimanding a place is no other body named).
  const alone = found.every((m) => m.places || isActor(m.entry.name));
  // "Metropolitan Police Department", "City of Newcastle in New South Wales", "London, Ontario": a foreign
  // body or place of that name, and the name stands for it throughout the story.
  const foreign = new Set(found.filter((m) => foreignAfter(doc, m, places)).map((m) => m.text.toLowerCase()));
  for (const place of commaPlaces(doc, places)) foreign.add(place.toLowerCase());
  // The foreign places of a sentence, read once per sentence for every use below.
  const placeSpans = new Map<number, Array<{ start: number; end: number }>>();
  const placesIn = (sentence: Sentence): Array<{ start: number; end: number }> => {
    let spans = placeSpans.get(sentence.index);
    if (!spans) placeSpans.set(sentence.index, (spans = placeHits(places, sentence)));
    return spans;
  };
  // "New South Wales": a body's name inside a longer foreign place's name is the place, not the body; "NSW
  // Department of Justice": a name right after a foreign place is that country's body.
  const inForeignPlace = (m: OrgMention, sentence: Sentence): boolean =>
    placesIn(sentence).some(
      (h) =>
        (h.start <= m.start && h.end >= m.end && h.end - h.start > m.end - m.start) ||
        (h.end <= m.start && doc.text.slice(h.end, m.start).trim() === ''),
    );
  for (const raw of found) {
    const sentence = sentenceAt(doc, raw.start);
    if (inForeignPlace(raw, sentence)) continue;
    // A place stands for a body only when no body of that kind is named in full.
    if (raw.places && raw.places.some((e) => named.has(e.sector))) continue;
    // The foreign place's name also stands for it inside a longer name ("City of London" after "London, Ontario").
    const lower = raw.text.toLowerCase();
    if (foreign.has(lower) || [...foreign].some((f) => lower.endsWith(` ${f}`))) continue;
    // "homes in the West Midlands", "schools across West Sussex": a place, not its council or force.
    if (raw.places && LOCATIVE_BEFORE.test(doc.text.slice(Math.max(sentence.start, raw.start - 30), raw.start))) continue;
    // "a Leicestershire borough council": a council inside the county, not the county's own.
    if (raw.places && afterName(knowledge, sentence.tokens, raw, doc.text)('lower-tier')) continue;
    const exposed = (facts[sentence.index]?.exposure ?? 0) > 0;
    const m = resolvePlace(doc, raw, sentence, story, knowledge, alone, exposed);
    if (!m) continue;
    const f = facts[sentence.index] ?? { breach: 0, exposure: 0 };
    // The words right around the name (mentions.yaml) say whether it acts, is an object or was breached.
    const after = afterName(knowledge, sentence.tokens, m, doc.text);
    let role: ScoredMention['role'] = 'victim';
    if (isActor(m.entry.name)) role = after('leaks') ? 'victim' : 'actor';
    else if (saidBefore(knowledge, 'object', sentence.tokens, m, doc.text) || after('not-affected') || after('object-after')) {
      role = 'object';
    } else if (after('acts')) {
      // "after the attack, the university warns that stolen data could be used": still its own breach.
      // "Belfast Trust probes possible breach after papers found": a body looking into its own loss is its
      // victim; the police look into other people's thefts, so for them only a breach they doubt counts, or
      // one of police data ("officers' details"). Police data named near the name ("investigates a hack that
      // took officers' details") lets an attack word say it; police data elsewhere needs an exposure word.
      const police = m.entry.sector === 'police';
      const ownInquiry = after(police ? 'own-police-inquiry' : 'own-inquiry');
      const ownLoss = ownInquiry || (police && policeData(knowledge, sentence));
      const said = police && !ownInquiry ? f.exposure > 0 : f.exposure + f.breach > 0;
      role = said && (after('warns') || ownLoss) ? 'victim' : 'actor';
    }
    let weight = zoneWeight(sentence) * (f.breach + f.exposure > 0 ? 2 : 1) * (f.exposure > 0 ? 1.25 : 1);
    if (role === 'object') weight *= 0.2;
    if (role === 'actor') weight *= isActor(m.entry.name) ? 0.05 : 0.3;
    mentions.push({ mention: m, sentence, weight, role });
  }
  const byName = new Map<string, OrgCandidate>();
  for (const sm of mentions) {
    const name = sm.mention.entry.name;
    let c = byName.get(name);
    if (!c) {
      c = { entry: sm.mention.entry, score: 0, best: sm, mentions: [], leadBreach: false };
      byName.set(name, c);
    }
    c.mentions.push(sm);
    c.score += sm.weight;
    if (sm.weight > c.best.weight && !sm.coreference) c.best = sm;
    const f = facts[sm.sentence.index];
    if (sm.role === 'victim' && sm.sentence.zone !== 'body' && !sm.sentence.background && f && f.breach + f.exposure > 0) c.leadBreach = true;
  }
  addCoreferences(doc, facts, byName, mentions, knowledge, (s) => placesIn(s).length > 0);
  const candidates = [...byName.values()].sort((a, b) => b.score - a.score || a.best.mention.start - b.best.mention.start);
  return { candidates, mentions };
}

const COREFERENCE: readonly { sector: GazetteerEntry['sector']; re: RegExp }[] = [
  { sector: 'council', re: /\bcouncil\b/gi },
  { sector: 'police', re: /\b(?:the force|police force)\b/gi },
  { sector: 'nhs', re: /\bthe trust\b/gi },
  { sector: 'education', re: /\bthe (?:university|school)\b/gi },
];

/** Adds "the council"-style mentions to the only candidate of that sector, outside its own mentions. */
function addCoreferences(
  doc: Doc,
  facts: SentenceFacts[],
  byName: Map<string, OrgCandidate>,
  mentions: ScoredMention[],
  knowledge: CompiledKnowledge,
  namesForeignPlace: (sentence: Sentence) => boolean,
): void {
  const isActor = actorTest(knowledge);
  for (const rule of COREFERENCE) {
    const same = [...byName.values()].filter((c) => c.entry.sector === rule.sector && !isActor(c.entry.name));
    const target = same[0];
    if (same.length !== 1 || !target) continue;
    for (const m of doc.text.matchAll(rule.re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (mentions.some((x) => x.mention.start < end && x.mention.end > start)) continue;
      const sentence = sentenceAt(doc, start);
      // "The Ontario city's mayor said the city council...": the council of a foreign place.
      if (namesForeignPlace(sentence)) continue;
      const object = saidBefore(knowledge, 'object', sentence.tokens, { start, end }, doc.text);
      const role: ScoredMention['role'] = object ? 'object' : 'victim';
      const f = facts[sentence.index] ?? { breach: 0, exposure: 0 };
      const weight = zoneWeight(sentence) * (f.breach + f.exposure > 0 ? 2 : 1) * (role === 'object' ? 0.2 : 1);
      const mention = { entry: target.entry, alias: m[0], viaName: false, start, end, text: m[0] };
      const sm: ScoredMention = { mention, sentence, weight, role, coreference: true };
      target.mentions.push(sm);
      target.score += weight;
      if (role === 'victim' && sentence.zone !== 'body' && !sentence.background && f.breach + f.exposure > 0) target.leadBreach = true;
    }
  }
}

/** The breached body and the others named as breached in the same incident. */
export function pickOrganisations(
  candidates: OrgCandidate[],
  facts: SentenceFacts[],
  leadExposure: boolean,
  knowledge: CompiledKnowledge,
): { primary: OrgCandidate | null; others: OrgCandidate[] } {
  const isActor = actorTest(knowledge);
  const ownsUp = (s: Sentence): boolean => knowledge.mentions.get('owns-up')?.test(s.tokens) ?? false;
  const evidence = (i: number): boolean => {
    const f = facts[i];
    return f !== undefined && f.breach + f.exposure > 0;
  };
  // A body is the breached one when it is named as such in a sentence that reports the breach, or in
  // the sentence just before one ("X apologised. A spreadsheet was emailed to the wrong people.").
  const story = (i: number): boolean => {
    const f = facts[i];
    return f !== undefined && f.breach + f.exposure > 0 && !f.background;
  };
  // Or, when the title or opening reports an exposure, when it is named as the subject of the title or
  // opening ("Force apologises again for email that exposed..." / "Gloucestershire police says...").
  const eligible = candidates.filter((c) =>
    c.mentions.some(
      (m) =>
        m.role === 'victim' &&
        !m.sentence.background &&
        (evidence(m.sentence.index) ||
          (leadExposure && ((story(m.sentence.index + 1) && ownsUp(m.sentence)) || m.sentence.zone !== 'body'))),
    ),
  );
  const primary = eligible[0] ?? null;
  if (!primary) return { primary: null, others: [] };
  const others = eligible
    .slice(1)
    .filter((c) => c.leadBreach && c.score >= primary.score * 0.25 && !isActor(c.entry.name))
    .filter((c) => !sameBody(c.entry, primary.entry));
  return { primary, others };
}

function sameBody(a: GazetteerEntry, b: GazetteerEntry): boolean {
  return a.name === b.name;
}

export function describeMention(sm: ScoredMention): string {
  const where = sm.sentence.zone === 'title' ? 'the title' : sm.sentence.zone === 'lead' ? 'the opening paragraphs' : 'the body';
  const how = sm.mention.viaName ? 'name' : 'alias';
  return `'${sm.mention.text}' in ${where} matched ${sm.mention.entry.name} (${sm.mention.entry.sector}, ${how})`;
}
