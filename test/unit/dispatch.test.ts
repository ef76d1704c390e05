// Word-dispatched lexicons give exactly the hits of the regexes they replace: checked on synthetic
// patterns and on every sentence of the labelled corpus and the seeds, for each lexicon the classifier uses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexLexicon, stemPrecheck, wordLexicon } from '../../src/domain/classify/dispatch.ts';
import { OBJECT_BEFORE } from '../../src/domain/classify/lexicon.ts';
import { OBJECT_JUST_BEFORE } from '../../src/domain/classify/organisations.ts';
import { firstStems, stemFits } from '../../src/domain/classify/regex-source.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { tokenise } from '../../src/domain/classify/tokens.ts';
import { loadCorpus, loadSeeds, toText } from '../../scripts/eval-lib.ts';

const scanBoth = (patterns: RegExp[], text: string, skip = new Set<string>()) => {
  const tokens = tokenise(text);
  return { words: wordLexicon(patterns, skip).scan(text, tokens), regex: regexLexicon(patterns, skip).scan(text, tokens) };
};

describe('firstStems', () => {
  it('reads the letters a match can begin with', () => {
    expect(firstStems('(?:home )?addresses')).toEqual(new Set(['home ', 'addresses']));
    expect(firstStems('(?:lost|missing) (?:\\w+ )?laptops?')).toEqual(new Set(['lost ', 'missing ']));
    expect(firstStems('hack(?:s|ed|ers?)?')).toEqual(new Set(['hack']));
    expect(firstStems('cc[\'’]?d')).toEqual(new Set(['cc']));
  });
  it('marks a stem that white space must follow as a whole word (ending in a space)', () => {
    expect(firstStems('(?:the|an|this) (?:cyber )?attack')).toEqual(new Set(['the ', 'an ', 'this ']));
    expect(firstStems('a\\s+string of')).toEqual(new Set(['a ']));
    // Not whole: what follows may be a letter, an apostrophe, a hyphen, a repeat or a lookahead.
    expect(firstStems('(?:june|may)\'s')).toEqual(new Set(['june', 'may']));
    expect(firstStems('mix-up')).toEqual(new Set(['mix']));
    expect(firstStems('(?:ab)+ c')).toEqual(new Set(['ab']));
    expect(firstStems('it(?! was) follows')).toEqual(new Set(['it']));
    expect(firstStems('it\\s* follows')).toEqual(new Set(['it']));
    expect(firstStems('e+ mail')).toEqual(new Set(['e']));
  });
  it('lets only the whole word start a whole-word stem', () => {
    expect(stemFits('a', 'a ')).toBe(true);
    expect(stemFits('and', 'a ')).toBe(false);
    expect(stemFits('the', 'the ')).toBe(true);
    expect(stemFits('th', 'the ')).toBe(false);
    expect(stemFits('names', 'name')).toBe(true);
  });
  it('gives up where a match can begin with anything', () => {
    expect(firstStems('[\\w-]+ data')).toBeNull();
    expect(firstStems('(?:\\w+ )?data')).toBeNull();
    expect(firstStems('s?ender')).toBeNull();
    expect(firstStems('(?:a)?')).toBeNull();
  });
});

describe('wordLexicon', () => {
  it('finds what the regex finds: leftmost, first pattern wins, no overlaps', () => {
    const patterns = [/\b(lost (?:a |the )?laptop|laptop (?:was )?stolen)\b/i, /\b(stolen|laptops?)\b/i];
    const { words, regex } = scanBoth(patterns, 'He lost a laptop. The laptop was stolen, and two laptops were stolen too.');
    expect(words).toEqual(regex);
    expect(words.map((h) => [h.pattern, h.text])).toEqual([
      [0, 'lost a laptop'],
      [0, 'laptop was stolen'],
      [1, 'laptops'],
      [1, 'stolen'],
    ]);
  });
  it('does not start a match at a skipped word', () => {
    const patterns = [/\b(and (?:names|addresses))\b/i, /\b(names)\b/i];
    const { words, regex } = scanBoth(patterns, 'Dates and names were shown.', new Set(['and']));
    expect(words).toEqual(regex);
    expect(words.map((h) => h.text)).toEqual(['names']);
  });
  it('falls back to the regex for a pattern it cannot split', () => {
    const patterns = [/data(?:base)?/i];
    const { words, regex } = scanBoth(patterns, 'The database held metadata.');
    expect(words).toEqual(regex);
    expect(words.map((h) => h.text)).toEqual(['database', 'data']);
  });
});

const SCAM = /\b(scams?|scammers?|phishing|fraudsters?|bogus|smishing|vishing|fake (?:[\w-]+ ){0,2}(?:texts?|emails?|calls?|messages?|websites?|letters?)|cold[- ]call\w*|impersonat\w*)\b/i;
const WARN = /\b(warns?|warned|warning|urg(?:es|ed|ing)|advis(?:es|ed|ing)|reminds?|beware|be (?:on (?:the )?)?(?:alert|vigilant)|alert(?:s|ed)? (?:residents|the public|people))\b/i;
const INVESTIGATION =
  /\b(arrest(?:s|ed)?|charged|investigat(?:e|es|ing|ors?)|sanction(?:s|ed)|unmask\w*|indict\w*|prob(?:e|es|ing)|raid(?:s|ed)?|convicted|sentenced|jailed|pleaded guilty|court (?:hears|told)|detained|takedown|seized|extradit\w*)\b/i;
const OUTAGE = /\b(outages?|systems? (?:down|offline)|IT (?:issues?|problems?|failure|outage)|disruption|services? (?:disrupted|unavailable)|offline|denial[- ]of[- ]service|DDoS)\b/i;
const NON_UK = /\b(US|USA|American|United States|Canada|Australia|Dutch|Irish|Ohio|Ontario|EU)\b/;

describe('stemPrecheck', () => {
  // Word-list patterns of the kind stemPrecheck serves (the negative cues before they became knowledge files).
  const cues = { SCAM, WARN, INVESTIGATION, OUTAGE, NON_UK };
  const docs = [...loadCorpus().map(toText), ...(loadSeeds() ?? []).map((s) => s.text)].map((a) => buildDoc(a));
  it.each(Object.entries(cues))('%s: never skips a sentence of the corpus the regex matches', (_name, re) => {
    const may = stemPrecheck(re);
    expect(may).not.toBeNull();
    let matched = 0;
    let skipped = 0;
    for (const doc of docs) {
      for (const s of doc.sentences) {
        const hit = re.test(s.text);
        if (hit) matched++;
        if (!may?.(s.tokens)) {
          skipped++;
          expect(hit, s.text).toBe(false);
        }
      }
    }
    expect(matched).toBeGreaterThan(10);
    expect(skipped).toBeGreaterThan(100);
  });
  it('never skips generated text the regex matches, and gives up on a regex that can start anywhere', () => {
    const may = stemPrecheck(SCAM);
    const parts = ['scam', 'Scams', 'scammer’s', 'phishing', 'fake', 'texts', 'bogus', 'cold-calling', 'impersonating', 'é', "'", '’', '_', ' ', '. ', 'a', 'the', 'police'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), (list) => {
        const text = list.join('');
        if (SCAM.test(text)) expect(may?.(tokenise(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(stemPrecheck(/data(?:base)?/i)).toBeNull();
  });
});

describe('OBJECT_JUST_BEFORE', () => {
  it('answers as OBJECT_BEFORE on the 80 characters before every position of the corpus and the seeds', () => {
    const texts = [...loadCorpus().map(toText), ...(loadSeeds() ?? []).map((s) => s.text)].map((a) => buildDoc(a).text);
    let matched = 0;
    for (const text of texts) {
      for (let i = 0; i <= text.length; i += 3) {
        const before = text.slice(Math.max(0, i - 80), i);
        const want = OBJECT_BEFORE.test(before);
        expect(OBJECT_JUST_BEFORE.test(before), before).toBe(want);
        if (want) matched++;
      }
    }
    expect(matched).toBeGreaterThan(50);
  });
});
