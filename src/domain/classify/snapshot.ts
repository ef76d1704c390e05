// The compiled recogniser as plain data (ADR 023): the checked knowledge entries, the tries compiling them made
// (trie-source.ts), the gazetteer's entries and tries, and the compiled text model. src/config/recogniser-cache.ts
// writes it after a build and reads it back at the next start; here it is turned back into a recogniser with
// no phrase expanded and no trie built. Tries are typed arrays and arrays of strings, not an object per node or
// per name, so that reading one back costs little more than reading its bytes.
import { recogniserOf } from './classify.ts';
import type { Recogniser } from './classify.ts';
import { createGazetteer } from './gazetteer.ts';
import type { CaseRule, GazetteerEntry, GazetteerTries, NameHit } from './gazetteer.ts';
import { compileKnowledge } from './knowledge.ts';
import type { Knowledge } from './knowledge.ts';
import { packTrie, replayingTries, TrieRecordMismatch, unpackTrie } from './trie-source.ts';
import type { PackedTrie, TrieRecord } from './trie-source.ts';
import type { CompiledVeto } from './veto.ts';

/** The gazetteer's tries, their hits kept by column (hit n: entries[entry[n]], alias[n]…). */
export interface PackedGazetteer {
  readonly entries: readonly GazetteerEntry[];
  readonly names: PackedTrie;
  readonly places: PackedTrie;
  readonly hits: {
    readonly entry: Int32Array;
    readonly alias: readonly string[];
    /** 1: the canonical name matched, not an alias. */
    readonly viaName: Uint8Array;
    readonly rule: readonly CaseRule[];
    /** The alias's raw tokens, joined by NUL. */
    readonly raw: readonly string[];
  };
}

export interface RecogniserSnapshot {
  /** The knowledge files' entries as checked (zod's defaults filled in). */
  readonly knowledge: Knowledge;
  /** The tries (and data read off phrases) compileKnowledge made from them, in the order it asks for them. */
  readonly compiled: TrieRecord;
  readonly gazetteer: PackedGazetteer;
  /** The compiled text model; null: the rules alone decide. */
  readonly veto: CompiledVeto | null;
}

export function packGazetteer(entries: readonly GazetteerEntry[], tries: GazetteerTries): PackedGazetteer {
  const entryNumbers = new Map<GazetteerEntry, number>();
  entries.forEach((e, i) => entryNumbers.set(e, i));
  const hitNumbers = new Map<NameHit, number>();
  const hits: NameHit[] = [];
  const numberOf = (hit: NameHit): number => {
    let n = hitNumbers.get(hit);
    if (n === undefined) hitNumbers.set(hit, (n = hits.push(hit) - 1));
    return n;
  };
  const names = packTrie(tries.names, numberOf);
  const places = packTrie(tries.places, numberOf);
  const entryOf = (hit: NameHit): number => {
    const n = entryNumbers.get(hit.entry);
    if (n === undefined) throw new TrieRecordMismatch('a gazetteer name of a body that is not among its entries');
    return n;
  };
  return {
    entries,
    names,
    places,
    hits: {
      entry: Int32Array.from(hits, entryOf),
      alias: hits.map((h) => h.alias),
      viaName: Uint8Array.from(hits, (h) => (h.viaName ? 1 : 0)),
      rule: hits.map((h) => h.rule),
      raw: hits.map((h) => h.raw.join('\u0000')),
    },
  };
}

export function unpackGazetteer(packed: PackedGazetteer): GazetteerTries {
  const { entries, hits } = packed;
  const all: NameHit[] = [];
  for (let n = 0; n < hits.entry.length; n++) {
    const entry = entries[hits.entry[n] as number];
    if (entry === undefined) throw new TrieRecordMismatch('a gazetteer name of a body past the end of its entries');
    const raw = hits.raw[n] as string;
    const [alias, rule] = [hits.alias[n] as string, hits.rule[n] as CaseRule];
    all.push({ entry, alias, viaName: hits.viaName[n] === 1, rule, raw: raw.split('\u0000') });
  }
  const what = 'a gazetteer trie names a hit';
  return { names: unpackTrie(packed.names, all, what), places: unpackTrie(packed.places, all, what) };
}

/** The recogniser of a snapshot. Throws TrieRecordMismatch when its tries do not fit its knowledge. */
export function recogniserFromSnapshot(snapshot: RecogniserSnapshot): Recogniser {
  const { source, allUsed } = replayingTries(snapshot.compiled);
  const knowledge = compileKnowledge(snapshot.knowledge, source);
  if (!allUsed()) throw new TrieRecordMismatch('the record has more tries than the knowledge asks for');
  const gazetteer = createGazetteer(snapshot.gazetteer.entries, unpackGazetteer(snapshot.gazetteer));
  return recogniserOf({ gazetteer, knowledge }, snapshot.veto ?? undefined);
}
