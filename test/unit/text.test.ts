// Sentence splitting (the hand-written splitter cuts where the regex it replaced cut) and the token
// prechecks that skip a regex only when it cannot match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import type { Sentence } from '../../src/domain/classify/text.ts';
import { buildDoc, clip, MAX_READ_CHARS, MAX_TITLE_CHARS, negatedAt, sentenceSpans } from '../../src/domain/classify/text.ts';
import { normaliseToken, tokenise } from '../../src/domain/classify/tokens.ts';

/** The regex the splitter replaced (a global split over every paragraph was a tenth of buildDoc). */
const SENTENCE_SPLIT = /(?<=[.!?…][”"’')\]]?)\s+(?=[“"‘'(A-Z0-9\u00C0-\u00DE])/;

function byRegex(para: string): string[] {
  return para.split(SENTENCE_SPLIT);
}

describe('sentenceSpans', () => {
  it('cuts after . ! ? … (and a closing quote) before a capital, digit or opening quote', () => {
    const para = 'The council said sorry. “It was an error,” it said. 47 people were told! (More) follows… Then e.g. this';
    expect(sentenceSpans(para).map(([a, b]) => para.slice(a, b))).toEqual([
      'The council said sorry.',
      '“It was an error,” it said.',
      '47 people were told!',
      '(More) follows…',
      'Then e.g. this',
    ]);
  });
  it('does not cut before a lower-case word or at the end', () => {
    expect(sentenceSpans('Mr. smith went home. ')).toEqual([[0, 21]]);
  });
  it('cuts exactly where the regex split did', () => {
    const pieces = ['The', 'council', ' ', '  ', '. ', '.', '!', '?', '…', '”', '"', '’', "'", ')', ']', '(', '“', '‘', 'a', 'É', '9', '\u00a0', '\u2003', '\t', '\u2028', '\ufeff', '\u00df'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const para = parts.join('');
        expect(sentenceSpans(para).map(([a, b]) => para.slice(a, b))).toEqual(byRegex(para));
      }),
      { numRuns: 3000 },
    );
  });
  it('gives buildDoc sentences with their words', () => {
    const doc = buildDoc(
      { title: 'Council emails list', summary: 'A council sent a list. It has apologised. It follows a similar error. Names were shown.', content: null, outlet: 'x', published: '2025-01-01T00:00:00Z' },
      loadCompiledKnowledge(),
    );
    expect(doc.sentences.map((s) => [s.text, s.background, s.tokens.map((t) => t.norm).join(' ')])).toEqual([
      ['Council emails list', false, 'council emails list'],
      ['A council sent a list.', false, 'a council sent a list'],
      ['It has apologised.', false, 'it has apologised'],
      ['It follows a similar error.', true, 'it follows a similar error'],
      ['Names were shown.', true, 'names were shown'],
    ]);
  });
});

describe('dated sentences', () => {
  it('dates a sentence by an earlier year, not by the year in the name of a law', () => {
    const doc = buildDoc({
      title: 'Reprimand for county force',
      summary: 'The regulator reprimanded the force under the Data Protection Act 2018. In June 2021 boxes of records were found in a skip.',
      content: null,
      outlet: 'x',
      published: '2023-03-09T10:00:00Z',
    });
    expect(doc.sentences.map((s) => s.dated)).toEqual([false, false, true]);
  });
});

describe('what buildDoc reads of a hostile item', () => {
  const huge = 'The council said the data breach exposed names of 400 officers, “fined” (£10,000) … '.repeat(20_000);
  it('reads at most MAX_TITLE_CHARS of a title and MAX_READ_CHARS of one long paragraph', () => {
    const doc = buildDoc({ title: huge, summary: huge, content: null, outlet: 'x', published: '2025-01-01T00:00:00Z' });
    expect(huge.length).toBeGreaterThan(1_000_000);
    expect(doc.title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(doc.text.length).toBeLessThanOrEqual(MAX_TITLE_CHARS + 2 + MAX_READ_CHARS);
    // Cut where a sentence or a word ends, not inside a word.
    expect(doc.title.endsWith(' ')).toBe(false);
    expect(huge.startsWith(doc.title)).toBe(true);
  });
  it('clips at the last sentence end, else the last space, else the limit', () => {
    expect(clip('One two three. Four five six', 20)).toBe('One two three.');
    expect(clip('Onetwothree four five six seven', 20)).toBe('Onetwothree four');
    expect(clip('x'.repeat(30), 20)).toBe('x'.repeat(20));
    expect(clip('short', 20)).toBe('short');
  });
});

describe('negatedAt', () => {
  const knowledge = loadCompiledKnowledge();
  const sentence = (text: string) => buildDoc({ title: text, summary: '' }, knowledge).sentences[0] as Sentence;
  // The regex the denial words of config/knowledge/denials.yaml replaced, on the same clause.
  const NEGATION = /\b(not|no|never|nor|without|rather than|neither|didn't|wasn't|weren't|isn't|doesn't)\b/i;
  const byRegex = (text: string, index: number, commaEndsClause = true): boolean => {
    let from = Math.max(0, index - 100);
    for (let p = index - 1; p >= from; p--) {
      const c = text.charCodeAt(p);
      if (c === 59 || c === 58 || c === 46 || (commaEndsClause && c === 44)) {
        from = p + 1;
        break;
      }
    }
    const clause = text.slice(from, index);
    const but = Math.max(clause.lastIndexOf(' but '), clause.lastIndexOf('however'));
    return NEGATION.test(but >= 0 ? clause.slice(but) : clause);
  };
  it('denies what the regex denied, at word starts (curly apostrophes too: "wasn’t")', () => {
    const parts = ['not', 'No', 'never', 'nor', 'without', 'rather than', 'neither', "didn't", "isn't", 'wasn’t', 'nothing', 'know', ' ', ', ', '. ', '; ', ' but ', 'however ', 'data', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), fc.nat(), fc.boolean(), (list, at, comma) => {
        const text = list.join(' ').replace(/\s+/g, ' ').trim();
        const s = sentence(text);
        // Where a word starts (as a match does), and at the end.
        const starts = [...s.tokens.map((t) => t.start), text.length];
        const index = starts[at % starts.length] ?? 0;
        const expected = byRegex(text.replace(/’/g, "'"), index, comma);
        expect(negatedAt(s, index, comma)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
  it('finds no denial in a sentence without one', () => {
    const s = sentence('The data was sent to the wrong address.');
    expect(s.denials).toEqual([]);
    expect(negatedAt(s, s.text.length)).toBe(false);
  });
});

describe('tokenise', () => {
  const check = (text: string): void => {
    for (const t of tokenise(text)) {
      expect(t.raw).toBe(text.slice(t.start, t.end));
      expect(t.norm).toBe(normaliseToken(t.raw));
      expect(t.stem).toBe(/['’][sS]$/.test(t.raw) ? t.norm.slice(0, -1) : undefined);
    }
  };
  it('reads each token from its own characters', () => {
    const parts = ['The', 'the', 'THE', 'council', "Council's", 'Council’s', 'Zoë', 'zoe', 'café', '47', '000', '&', ' ', ', ', '.', "'", '’', '-', '“'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 30 }), (list) => check(list.join(''))),
      { numRuns: 2000 },
    );
  });
});
