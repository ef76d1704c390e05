// Recognition: is an article about a data breach at a UK public body, and what are its facts?
export { classify, createRecogniser, recogniserOf } from './classify.ts';
export type { Recogniser, RecogniserParts } from './classify.ts';
export { compileEntries, compileKnowledge } from './knowledge.ts';
export type { CompiledKnowledge, EvidenceEntry, IncidentalEntry, Knowledge, KnowledgeEntry, RoleEntry, SupplierEntry } from './knowledge.ts';
export { compileEvidence } from './evidence.ts';
export { createGazetteer, gazetteerTries, normaliseToken, tokenise } from './gazetteer.ts';
export type { Gazetteer, GazetteerEntry, GazetteerTries, OrgMention, Token } from './gazetteer.ts';
export { recordingTries, replayingTries, TrieRecordMismatch } from './trie-source.ts';
export type { RecordedTrie, TrieSource } from './trie-source.ts';
export { parseCount, findCounts } from './numbers.ts';
export type { CountCandidate } from './numbers.ts';
export type { ArticleText, Category, Cause, Classification, Sector } from '../types.ts';
export { compileVeto, trainVeto, vetoScore } from './veto.ts';
export type { CompiledVeto, VetoModel } from './veto.ts';
