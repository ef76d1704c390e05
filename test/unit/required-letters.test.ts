// The word checks read from a pattern (requiredLetters, mayMatch, mayContain) never rule out a text the
// pattern matches: checked on examples, on every sentence and window of the corpus and the seeds, and on
// generated text full of the characters that make words and word boundaries tricky.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayContain, mayMatch } from '../../src/domain/classify/dispatch.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import { ACTOR_AFTER, OBJECT_BEFORE } from '../../src/domain/classify/lexicon.ts';
import { NOT_AFFECTED_AFTER, SOURCE_AFTER, VICTIM_AFTER } from '../../src/domain/classify/organisations.ts';
import { requiredLetters } from '../../src/domain/classify/regex-source.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { tokenise } from '../../src/domain/classify/tokens.ts';
import { loadCorpus, loadSeeds, toText } from '../../scripts/eval-lib.ts';

describe('requiredLetters', () => {
  const read = (src: string) => requiredLetters(src)?.map((n) => `${n.wordStart ? '^' : ''}${n.letters}`) ?? null;
  it('finds the strongest run of letters every match holds', () => {
    expect(read('\\b(?:lost|stolen) (?:a )?laptop')).toEqual(['^laptop']);
    expect(read('\\bnone of (?:its|their) own')).toEqual(['^none']);
    expect(read('\\b(?:took down|shut(?:s|ting)? down)')).toEqual(['^took', '^shut']);
    expect(read('\\d+ people|\\bcustomers')).toEqual(['^people', '^customers']);
  });
  it('counts a word start only where the character before is sure to break a word', () => {
    // Skipped, "(?:\w+ )?" leaves whatever came before: "xdata" matches.
    expect(read('(?:\\w+ )?data')).toEqual(['data']);
    expect(read('\\b(?:big )?data')).toEqual(['^data']);
    expect(read('x?data')).toEqual(['data']);
    // An optional space keeps the break before it.
    expect(read(',\\s*(?:USA|EU)\\b')).toEqual(['^usa', '^eu']);
  });
  it('gives up where a match can lack letters, or only short ones are sure', () => {
    expect(read('ab+c')).toBeNull();
    expect(read('\\d+|people')).toBeNull();
    expect(read('(?:a|an) ')).toBeNull();
    // What a lookaround sees need not be in the match.
    expect(read('(?=fraud)\\w+')).toBeNull();
    expect(read('(?<!police )watchdog')).toEqual(['watchdog']);
  });
});

const global = (re: RegExp) => new RegExp(re.source, re.flags.replace('g', ''));
const PATTERNS = { ACTOR_AFTER, OBJECT_BEFORE, NOT_AFFECTED_AFTER, VICTIM_AFTER, SOURCE_AFTER, COUNT_RE: global(loadCompiledKnowledge().counts.count) };

describe('mayMatch and mayContain on the corpus', () => {
  const docs = [...loadCorpus().map(toText), ...(loadSeeds() ?? []).map((s) => s.text)].map((a) => buildDoc(a));
  it.each(Object.entries(PATTERNS))('%s: never rules out a sentence, or a part of one, that the regex matches', (_name, re) => {
    const sentence = mayMatch(re);
    const part = mayContain(re);
    let matched = 0;
    let skipped = 0;
    for (const doc of docs) {
      for (const s of doc.sentences) {
        const hit = re.test(s.text);
        if (!sentence(s.tokens)) {
          skipped++;
          expect(hit, s.text).toBe(false);
        }
        // Parts as the classifier takes them (from a mention to 100 characters on), cut mid-word too.
        for (let from = s.start; from < s.end; from += 5) {
          const to = Math.min(s.end, from + 100);
          if (!re.test(doc.text.slice(from, to))) continue;
          matched++;
          expect(part(s.tokens, from, to), doc.text.slice(from, to)).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(3);
    expect(skipped).toBeGreaterThan(100);
  });
});

describe('mayMatch and mayContain on generated text', () => {
  it.each(Object.entries(PATTERNS))('%s: never rules out generated text that the regex matches', (_name, re) => {
    // The pattern's own runs, as words, inside words, after an apostrophe or accent, and in capitals.
    const runs = (requiredLetters(re.source) ?? []).map((n) => n.letters).slice(0, 12);
    const words = [...runs, ...runs.map((r) => r.toUpperCase()), ...runs.map((r) => `x${r}`), ...runs.map((r) => `${r}s`), 'the', 'a', 'was', 'not', 'police', 'said', 'it', '2,000', 'people', 'é', 'Zoë'];
    const seps = [' ', ' ', ', ', '. ', "'", '’', '_', '-', '', ' (', ') '];
    const text = fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...seps)), { minLength: 1, maxLength: 12 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    const sentence = mayMatch(re);
    const part = mayContain(re);
    fc.assert(
      fc.property(text, fc.nat(), (t, at) => {
        const tokens = tokenise(t);
        if (re.test(t)) expect(sentence(tokens)).toBe(true);
        const from = at % (t.length + 1);
        if (re.test(t.slice(from))) expect(part(tokens, from, t.length)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
