// The veto model: trained from labelled documents, loaded from config/veto-model.json with validation,
// and able to withdraw an alert (with the words that weighed most) only when given to classify().
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/config/load-gazetteer.ts';
import { loadCompiledKnowledge } from '../../src/config/load-knowledge.ts';
import { loadVetoModel, parseVetoJson } from '../../src/config/load-veto.ts';
import { classify } from '../../src/domain/classify/index.ts';
import { buildDoc } from '../../src/domain/classify/text.ts';
import { compileVeto, trainVeto, vetoFeatures, vetoScore } from '../../src/domain/classify/veto.ts';
import { ErrorCode } from '../../src/domain/errors.ts';
import { loadCorpus, toText } from '../../scripts/eval-lib.ts';
import { VETO_MIN_DOCS, loadVetoIgnore, vetoTrainingSet } from '../../scripts/veto-training.ts';
import { BreachwatchError } from '../../src/domain/errors.ts';

const knowledge = loadCompiledKnowledge();
const doc = (title: string, summary: string) => buildDoc({ title, summary }, knowledge);
const examples = [
  { doc: doc('Council emails residents list in error', 'Names and addresses were sent to the wrong people.'), alert: true },
  { doc: doc('Hospital trust sent patient letters to wrong addresses', 'Patients details were sent in error.'), alert: true },
  { doc: doc('Police force published officer names in error', 'The spreadsheet was sent by mistake.'), alert: true },
  { doc: doc('Teenager arrested over retailer hack', 'Police arrested a boy over the hack of a fashion retailer.'), alert: false },
  { doc: doc('Man charged over hack of hotel chain', 'Police charged a man after the hotel chain hack.'), alert: false },
];

/** Enough words for an article, which the text model judges (a feed item's headline and lead it leaves alone). */
const ARTICLE_BODY = [
  'The authority said the spreadsheet went out with a routine newsletter to a mailing list of landlords.',
  'Officers asked the recipients to delete the message and wrote to every tenant whose name appeared in it.',
  'A spokesperson said procedures for sending bulk messages were being looked at again by senior managers.',
  'Tenant groups said they wanted to know how long the list had been shared before anybody noticed it.',
].join(' ');

describe('veto model', () => {
  const model = trainVeto(examples, 'five test documents', 1);

  it('points away from an alert for an arrest over a firm, towards one for a misdirected letter', () => {
    expect(vetoScore(compileVeto(model), doc('Woman arrested over hack of shoe retailer', 'Police arrested her.')).logOdds).toBeLessThan(0);
    expect(vetoScore(compileVeto(model), doc('Council letters sent to wrong addresses in error', 'Residents details were sent.')).logOdds).toBeGreaterThan(0);
    expect(vetoScore(compileVeto(model), doc('Woman arrested over hack of shoe retailer', 'Police arrested her.')).against).toContain('hack');
  });

  it('never weighs the words of config/veto-ignore.yaml, alone or in a pair (issue 17 point 5)', () => {
    const ignore = loadVetoIgnore();
    const committed = loadVetoModel();
    for (const f of committed.features.keys()) {
      expect(f.replace(/^title:/, '').split(' ').some((w) => ignore.has(w)), f).toBe(false);
    }
    const withoutHack = trainVeto(examples, 'test', 1, new Set(['hack']));
    expect([...withoutHack.features.keys()].some((f) => f.includes('hack'))).toBe(false);
  });

  it('withdraws a less certain alert only when classify() is given the model, and says why', () => {
    const gazetteer = loadGazetteer();
    const text = { title: 'Tenants list went to the wrong people', summary: 'Leeds City Council said names of 300 tenants were sent in error.', content: ARTICLE_BODY };
    const rulesOnly = classify(text, { gazetteer, knowledge: loadCompiledKnowledge() });
    const strict = trainVeto([...examples, { doc: buildDoc(text), alert: false }], 'test', 1);
    const vetoed = classify(text, { gazetteer, knowledge: loadCompiledKnowledge(), veto: strict });
    // A feed item (headline and lead, under 80 words) is left to the rules, whatever the model says.
    const item = { title: text.title, summary: text.summary };
    const strictOnItem = trainVeto([...examples, { doc: buildDoc(item), alert: false }], 'test', 1);
    expect(classify(item, { gazetteer, knowledge: loadCompiledKnowledge(), veto: strictOnItem }).alert).toBe(true);
    expect(rulesOnly.alert).toBe(true);
    expect(rulesOnly.score).toBeLessThan(0.9);
    expect(vetoed.alert).toBe(false);
    const why = vetoed.reasons.find((r) => r.startsWith('Negative rule:')) ?? '';
    expect(why).toMatch(/closer to stories that are not alerts \(the words that weighed most: '/);
    // Words a person can check: no model arithmetic, no numbers (issue 18 point 5).
    expect(why).not.toMatch(/log-odds|'[^']*\d[^']*'|'(?:of|the|a)'/);
  });

  it('never weighs the names of bodies and places: it judges the event, not who it happened to', () => {
    const gazetteer = loadGazetteer();
    const named = (title: string, summary: string) => {
      const d = doc(title, summary);
      return { doc: d, names: gazetteer.find(d.text, d.tokens) };
    };
    // A corpus where Derby appears only in stories that are not alerts.
    const derby = [
      { ...named('Derby City Council budget approved', 'Derby City Council agreed its budget.'), alert: false },
      { ...named('Derby City Council warns of scam calls', 'Derby City Council says residents got calls.'), alert: false },
    ];
    const model = trainVeto([...examples, ...derby], 'test', 1);
    expect([...model.features.keys()].filter((f) => /derby|city council/.test(f))).toEqual([]);
    const story = named('Tenants list went to the wrong people', 'Derby City Council sent names in error.');
    expect(vetoScore(compileVeto(model), story.doc, story.names).against.join(' ')).not.toMatch(/derby|city/);
    // Without the names, the same words would weigh (the behaviour this replaced).
    const blind = trainVeto([...examples, ...derby.map(({ doc: d, alert }) => ({ doc: d, alert }))], 'test', 1);
    expect([...blind.features.keys()].some((f) => f.includes('derby'))).toBe(true);
  });

  it('never weighs a number, a day or a month: they say when or how many, not what kind of story', () => {
    const dated = [
      { doc: buildDoc({ title: 'Man arrested on Tuesday over retailer hack', summary: 'Police held a 17-year-old in March.' }), alert: false },
      { doc: buildDoc({ title: 'Arrest on Tuesday after shop chain hacked', summary: 'A 17-year-old was held in March.' }), alert: false },
    ];
    const model = trainVeto([...examples, ...dated], 'test', 1, loadVetoIgnore());
    const words = [...model.features.keys()].flatMap((f) => f.replace(/^title:/, '').split(' '));
    expect(words).toContain('arrested');
    expect(words.filter((w) => /\d|^(?:tuesday|march)$/.test(w))).toEqual([]);
  });

  it('does not overrule a headline that names the body as breached with exposure words', () => {
    const gazetteer = loadGazetteer();
    const text = { title: 'Leeds City Council emails tenants list to wrong people by mistake', summary: 'Names and addresses of 300 tenants were sent in error and published online.' };
    const strict = trainVeto([...examples, { doc: buildDoc(text), alert: false }], 'test', 1);
    const result = classify(text, { gazetteer, knowledge: loadCompiledKnowledge(), veto: strict });
    expect(result.score).toBeGreaterThanOrEqual(0.9);
    expect(result.alert).toBe(true);
  });

  it('scores exactly the features training counts, each once, on every corpus article', () => {
    const committed = loadVetoModel();
    expect(committed).not.toBeNull();
    if (!committed) return;
    const [n0, n1] = committed.docs;
    const compiled = compileVeto(committed);
    const weight = (c: readonly [number, number]): number => Math.log((c[1] + 0.5) / (n1 + 1)) - Math.log((c[0] + 0.5) / (n0 + 1));
    for (const article of loadCorpus()) {
      const d = buildDoc(toText(article), knowledge);
      let expected = Math.log(n1 / n0);
      const negative = new Set<string>();
      for (const f of vetoFeatures(d)) {
        const c = committed.features.get(f);
        if (!c) continue;
        expected += weight(c);
        if (weight(c) < 0) negative.add(f.replace(/^title:/, ''));
      }
      const { logOdds, against } = vetoScore(compiled, d);
      expect(logOdds).toBeCloseTo(expected, 9);
      for (const name of against) expect(negative.has(name)).toBe(true);
    }
  });

  it('rejects a broken model file with a hint to rebuild it', () => {
    const thrown = (f: () => unknown): BreachwatchError => {
      try {
        f();
      } catch (error) {
        if (error instanceof BreachwatchError) return error;
        throw error;
      }
      throw new Error('expected a BreachwatchError, but the call succeeded');
    };
    const bad = thrown(() => parseVetoJson('{"docs":[1,2],"features":{}}', 'veto-model.json'));
    expect(bad.code).toBe(ErrorCode.ConfigInvalid);
    expect(bad.message).toMatch(/train-veto\.ts/);
    expect(thrown(() => parseVetoJson('not json')).message).toMatch(/not valid JSON/);
    // Each feature's counts are two whole numbers from 0 (checked in a plain loop, not a zod record).
    for (const counts of ['[1,-1]', '[1]', '[1.5,2]', '"1,2"', 'null']) {
      const json = `{"trainedOn":"t","docs":[1,2],"features":{"word":[1,2],"other":${counts}}}`;
      expect(thrown(() => parseVetoJson(json, 'veto-model.json')).message).toMatch(/invalid at features: .*train-veto/);
    }
    expect(thrown(() => parseVetoJson('{"trainedOn":"t","docs":[1,2],"features":{"":[1,2]}}')).code).toBe(ErrorCode.ConfigInvalid);
    expect(parseVetoJson('{"trainedOn":"t","docs":[1,2],"features":{"word":[0,2]}}').features.get('word')).toEqual([0, 2]);
  });

  it('the committed model is the one scripts/train-veto.ts makes from the tune splits', () => {
    const committed = loadVetoModel();
    const { examples } = vetoTrainingSet();
    const fresh = trainVeto(examples, committed.trainedOn, VETO_MIN_DOCS, loadVetoIgnore());
    expect(committed.docs).toEqual(fresh.docs);
    expect(committed.features.size).toBe(fresh.features.size);
    for (const [f, c] of fresh.features) expect(committed.features.get(f), f).toEqual(c);
  });
});
