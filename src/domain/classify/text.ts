// Splits an article into weighted sentences: title, lead (first paragraphs) and body, and marks the
// "this follows..." background that recalls other incidents.
import type { ArticleText } from '../types.ts';
import type { CompiledKnowledge } from './knowledge.ts';
import { matchSpan } from './phrases.ts';
import { tokenise } from './tokens.ts';
import type { Token } from './tokens.ts';

/**
 * Page furniture and link lists: never part of the story. Kept in code, not in config/knowledge: it is read
 * on raw lines before the text is split into words (a line that starts with "•", "home »", "image:"),
 * and says how a web page is laid out, not what a story means; a domain expert has nothing to add to it.
 */
export const CLUTTER_LINE = new RegExp(
  '^(related|read more|see also|more on|also read|join our|thank you for|please refresh|sign up|subscribe|' +
    'advertisement|skip to|home »|•|share this|follow us|image:|photo:|credit:|copyright|more from)',
  'i',
);

export type Zone = 'title' | 'lead' | 'body';

export interface Sentence {
  index: number;
  text: string;
  /** Offset of the sentence in Doc.text. */
  start: number;
  end: number;
  zone: Zone;
  /** True when the sentence recalls another incident ("It follows...", "In August 2023, ..."). */
  background: boolean;
  /** True when the sentence dates its event to a year before publication ("the 2023 attack"). */
  dated: boolean;
  /** Its words, offsets in Doc.text (filled by buildDoc). */
  tokens: Token[];
  /** Where its denial words are ("not", "rather than": config/knowledge/denials.yaml), offsets in `text`. */
  denials: readonly Span[];
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What buildDoc reads from the knowledge files: the background markers and the denial words. */
export type DocKnowledge = Pick<CompiledKnowledge, 'background' | 'denials'>;

const NO_SPANS: readonly Span[] = Object.freeze([]);

export interface Doc {
  /** Title, a blank line, then the body: every offset refers to this string. */
  text: string;
  title: string;
  sentences: Sentence[];
  /** Every word of text, with offsets. */
  tokens: Token[];
}

const ZONE_WEIGHT: Record<Zone, number> = { title: 4, lead: 2, body: 1 };
const LEAD_CHARS = 700;

export function zoneWeight(s: Sentence): number {
  return ZONE_WEIGHT[s.zone] * (s.background ? 0.15 : 1);
}

/** summary and content often repeat each other: keep content when it already contains the summary. */
export function bodyOf(article: ArticleText): string {
  const summary = (article.summary ?? '').trim();
  const content = (article.content ?? '').trim();
  if (!content) return summary;
  if (!summary) return content;
  const probe = summary.slice(0, 80);
  return content.includes(probe) ? content : `${summary}\n\n${content}`;
}

/**
 * How much of the body is read: the first 2,000 characters of story text, page furniture left out.
 * News is written top-down: who, what, how many and the regulator come first. Every corpus article
 * (at most 1.1 KB) is read whole; the real seeds (3-4 KB with clutter) carry their facts in the first
 * 2.6 KB and spend the rest on background ("It follows an admission by the PSNI...") and comments.
 */
export const MAX_BODY_CHARS = 2000;
/** Never more than this is read from the body, however long its paragraph (a feed may send one 4 MB line). */
export const MAX_READ_CHARS = 4000;
/** Headlines run to 150 characters at most; a feed's "title" can be a whole article. */
export const MAX_TITLE_CHARS = 300;

/** The text cut to at most max characters, at the last sentence end or else the last space before it. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentence = text.lastIndexOf('. ', max - 1);
  if (sentence > max / 2) return text.slice(0, sentence + 1);
  const space = text.lastIndexOf(' ', max);
  return text.slice(0, space > max / 2 ? space : max);
}

const RELATED_HEADING = /^(related|read more|see also|more on|also read|more from)/i;
/** A line of a link list: a bullet or dash, then a headline. */
const LIST_ITEM = /^[-–•*·]\s/;

/** The body without page-furniture lines, cut at the paragraph that crosses MAX_BODY_CHARS. */
export function storyBody(body: string): string {
  if (body.length <= MAX_BODY_CHARS && !CLUTTER_LINE.test(body) && !body.includes('\n')) return body;
  const kept: string[] = [];
  let chars = 0;
  let linkList = false;
  // Line by line up to the cut, so the lines after it (comments, more links) are never made.
  for (let from = 0; from <= body.length; ) {
    const newline = body.indexOf('\n', from);
    const to = newline < 0 ? body.length : newline;
    const line = body.slice(from, to).trim();
    from = to + 1;
    if (!line) continue;
    if (CLUTTER_LINE.test(line)) {
      // "Related stories" / "Read more" headings are followed by a list of other stories' headlines.
      linkList = RELATED_HEADING.test(line);
      continue;
    }
    if (linkList && (LIST_ITEM.test(line) || !/[.!?]["”’]?$/.test(line))) continue;
    linkList = false;
    kept.push(clip(line, MAX_READ_CHARS - chars));
    chars += line.length + 1;
    if (chars >= MAX_BODY_CHARS) break;
  }
  return kept.join('\n');
}

/** The tokens from `start` that end by `end`, read on from where the last sentence's ended. */
function tokensIn(cursor: { tokens: Token[]; next: number }, start: number, end: number): Token[] {
  const { tokens } = cursor;
  let k = cursor.next;
  while (k < tokens.length && (tokens[k]?.start ?? 0) < start) k++;
  const first = k;
  while (k < tokens.length && (tokens[k]?.end ?? 0) <= end) k++;
  cursor.next = k;
  return tokens.slice(first, k);
}

/** The characters of the regex class \s. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const SENTENCE_END = /[.!?\u2026]/g;
const CLOSERS = '”"’\')]';
const OPENERS = '“"‘\'(';

/** A sentence can start with this character: an opening quote or bracket, a capital or a digit. */
function opensSentence(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0xde) || OPENERS.includes(String.fromCharCode(c));
}

/**
 * The sentences of a paragraph as [start, end) offsets: it is cut at a run of spaces after . ! ? or …
 * (a closing quote or bracket may follow it) that comes before a capital, a digit or an opening quote.
 */
export function sentenceSpans(para: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  const n = para.length;
  // The regex finds the next . ! ? or … (a native scan: a loop over every character here was slower);
  // matchAll runs a copy of it, so the module's regex is never changed.
  for (const m of para.matchAll(SENTENCE_END)) {
    if (m.index >= n - 1) break;
    // The spaces start right after it, or after one closing quote or bracket.
    let p = m.index + 1;
    if (!isSpace(para.charCodeAt(p)) && CLOSERS.includes(para.charAt(p))) p++;
    if (p >= n || !isSpace(para.charCodeAt(p))) continue;
    let q = p + 1;
    while (q < n && isSpace(para.charCodeAt(q))) q++;
    if (q < n && opensSentence(para.charCodeAt(q))) {
      spans.push([from, p]);
      from = q;
    }
  }
  spans.push([from, n]);
  return spans;
}

/**
 * knowledge: the background markers and denial words (config/knowledge, compiled in the recogniser); without
 * it no sentence is marked as background and none has a denial.
 */
export function buildDoc(article: ArticleText, knowledge?: DocKnowledge): Doc {
  const title = clip((article.title ?? '').replace(/\s+/g, ' ').trim(), MAX_TITLE_CHARS);
  const body = storyBody(bodyOf(article));
  const text = `${title}\n\n${body}`;
  const tokens = tokenise(text);
  // The denial words of the whole text in one pass, handed out to the sentences in order.
  const denials = { spans: denialSpans(knowledge, tokens), next: 0 };
  // Each sentence's words: the tokens from its start that end within it (sentences come in order).
  const cursor = { tokens, next: 0 };
  const sentences: Sentence[] = [];
  const titleWords = tokensIn(cursor, 0, title.length);
  sentences.push({
    index: 0,
    text: title,
    start: 0,
    end: title.length,
    zone: 'title',
    background: false,
    dated: false,
    tokens: titleWords,
    denials: denialsIn(denials, 0, title.length),
  });
  const year = publishedYear(article.published);

  let leadChars = 0;
  let backgroundMode = false;
  const paraRe = /[^\n]+/g;
  const offset = title.length + 2;
  for (let m = paraRe.exec(body); m !== null; m = paraRe.exec(body)) {
    const para = m[0];
    if (!para.trim()) continue;
    // No page furniture here: storyBody has dropped those lines.
    const inLead = leadChars < LEAD_CHARS;
    if (inLead && hasWords(para, 6)) leadChars += para.length;
    for (const [from, to] of sentenceSpans(para)) {
      const piece = para.slice(from, to);
      if (!piece.trim()) continue;
      const start = offset + m.index + from;
      const words = tokensIn(cursor, start, start + piece.length);
      const marker = knowledge !== undefined && knowledge.background.find(words, text).length > 0;
      // A marker in the opening sentence of the lead is part of the story; later it starts background.
      if (marker && sentences.length > 2) backgroundMode = true;
      sentences.push({
        index: sentences.length,
        text: piece,
        start,
        end: start + piece.length,
        zone: inLead && !backgroundMode ? 'lead' : 'body',
        background: backgroundMode || (marker && sentences.length > 2),
        dated: year !== null && mentionsEarlierYear(piece, words, year),
        tokens: words,
        denials: denialsIn(denials, start, start + piece.length),
      });
    }
  }
  return { text, title, sentences, tokens };
}

/** Where the denial words of a text are, in text order. */
function denialSpans(knowledge: DocKnowledge | undefined, tokens: readonly Token[]): readonly Span[] {
  const found = knowledge?.denials.find(tokens) ?? [];
  return found.length === 0 ? NO_SPANS : found.map((m) => matchSpan(tokens, m));
}

/** The denial words of the sentence [start, end) of the text, as offsets in the sentence. */
function denialsIn(denials: { spans: readonly Span[]; next: number }, start: number, end: number): readonly Span[] {
  const { spans } = denials;
  while (denials.next < spans.length && (spans[denials.next] as Span).start < start) denials.next++;
  let out: Span[] | null = null;
  for (; denials.next < spans.length && (spans[denials.next] as Span).end <= end; denials.next++) {
    const span = spans[denials.next] as Span;
    (out ??= []).push({ start: span.start - start, end: span.end - start });
  }
  return out ?? NO_SPANS;
}

/** The paragraph has at least n words (runs of non-space characters). */
function hasWords(para: string, n: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < para.length; i++) {
    const space = isSpace(para.charCodeAt(i));
    if (!space && !inWord && ++words >= n) return true;
    inWord = !space;
  }
  return false;
}

function publishedYear(published: string | null | undefined): number | null {
  const m = /^(\d{4})-/.exec(published ?? '');
  return m?.[1] ? Number(m[1]) : null;
}

/** A year; not one in the name of a law ("Data Protection Act 2018" dates nothing in the story). */
export const YEAR = /(?<!\b(?:Act|Regulations|Order|Rules) )\b(19[89]\d|20\d\d)\b/g;
/** Some word may be a YEAR: four digits from 1980 to 2099, or a word with an apostrophe or accent inside,
 * where a regex word boundary can fall. */
export function mayHoldYear(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.mixed || (t.norm.length === 4 && YEAR_WORD.test(t.norm))) return true;
  return false;
}
const YEAR_WORD = /^(?:19[89]|20\d)\d$/;

function mentionsEarlierYear(text: string, tokens: readonly Token[], year: number): boolean {
  if (!mayHoldYear(tokens)) return false;
  for (const m of text.matchAll(YEAR)) if (Number(m[1]) < year) return true;
  return false;
}

/** Index of the sentence holding a character offset (binary search). */
export function sentenceAt(doc: Doc, offset: number): Sentence {
  const s = doc.sentences;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return s[lo] ?? (s[0] as Sentence);
}

const CLAUSE_STARTS = [' but ', 'however', ' after ', ' following ', ' because ', ' since ', ' when '];

/**
 * True when a denial word (config/knowledge/denials.yaml) comes before `index` of the sentence in the same
 * clause ("not the result of a cyber-attack"): a clause ends at ; : . (and , unless told otherwise) and
 * starts again after " but ", "however" or a word that starts a clause of time or cause ("after",
 * "because"), within 100 characters. The clause is how the sentence is built,
 * read here; the words that deny are the knowledge file's.
 */
export function negatedAt(sentence: Sentence, index: number, commaEndsClause = true): boolean {
  if (sentence.denials.length === 0) return false;
  const text = sentence.text;
  let from = Math.max(0, index - 100);
  for (let p = index - 1; p >= from; p--) {
    const c = text.charCodeAt(p);
    if (c === 59 || c === 58 || c === 46 || (commaEndsClause && c === 44)) {
      from = p + 1; // ; : . , end the clause
      break;
    }
  }
  const clause = text.slice(from, index).toLowerCase();
  // A new clause: "but", "however", or a clause of time or cause ("not expected back until Monday after the
  // cyber attack": the attack is not denied).
  const restart = Math.max(...CLAUSE_STARTS.map((w) => clause.lastIndexOf(w)));
  const start = restart >= 0 ? from + restart : from;
  return sentence.denials.some((d) => d.start >= start && d.end <= index);
}
