// How well the pipeline forms incidents from the labelled corpus: B-cubed precision, recall and F1,
// with every wrong merge and split listed. Articles go in by publication date, as a live bot sees them.
// Two runs: end to end (the real classifier decides and extracts), and clustering alone (the corpus
// labels stand in for the classifier, so only grouping is measured).
import { evidenceKey } from '../src/domain/cluster.ts';
import type { Article, ArticleText, Classification } from '../src/domain/types.ts';
import { silentLogger } from '../src/log/logger.ts';
import { processArticle } from '../src/pipeline/process-article.ts';
import { openSqliteStore } from '../src/store/sqlite-store.ts';
import { bcubed, clusterErrors, type BCubed, type ClusterError } from './bcubed.ts';
import type { Category, Cause, Sector } from '../src/domain/types.ts';

/** The fields of a labelled corpus article (scripts/eval-lib.ts) that clustering needs. */
export interface CorpusArticle {
  id: string;
  title: string;
  summary: string;
  content?: string | undefined;
  outlet: string;
  published: string;
  labels: {
    alert: boolean;
    category: Category;
    organisation: string | null;
    otherOrganisations?: string[] | undefined;
    supplier?: string | undefined;
    sector: Sector | null;
    affected: number | null;
    dataTypes: string[];
    cause: Cause | null;
    regulatorAction: string | null;
    incident: string | null;
  };
}

export const CLUSTER_TARGET_F1 = 0.95;

export function corpusArticle(a: CorpusArticle): Article {
  return {
    key: a.id,
    feedId: a.outlet.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    url: `https://corpus.test/${a.id}`,
    title: a.title,
    summary: a.summary,
    content: a.content ?? '',
    outlet: a.outlet,
    published: a.published,
    fetchedAt: a.published,
  };
}

/** A classification taken from the corpus labels, for measuring clustering alone. */
export function labelClassification(a: CorpusArticle): Classification {
  const l = a.labels;
  return {
    alert: l.alert,
    score: 1,
    category: l.category,
    reasons: ['from the corpus labels'],
    organisation: l.organisation,
    otherOrganisations: l.otherOrganisations ?? [],
    supplier: l.supplier ?? null,
    sector: l.sector,
    affected: l.affected,
    dataTypes: l.dataTypes,
    cause: l.cause,
    regulatorAction: l.regulatorAction,
  };
}

export interface ClusterReport extends BCubed {
  articles: number;
  goldIncidents: number;
  predictedIncidents: number;
  errors: ClusterError[];
}

/** Runs the corpus's true alerts through the pipeline; an article not alerted counts as its own incident. */
export async function clusterCorpus(corpus: readonly CorpusArticle[], classify: (a: CorpusArticle, text: ArticleText) => Classification): Promise<ClusterReport> {
  const alerts = corpus.filter((a) => a.labels.alert).sort((a, b) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id));
  const store = openSqliteStore(':memory:');
  const byKey = new Map(alerts.map((a) => [evidenceKey(corpusArticle(a)), a]));
  const predicted = new Map<string, string>();
  try {
    for (const item of alerts) {
      const article = corpusArticle(item);
      const outcome = await processArticle(article, {
        store,
        classify: (text) => classify(item, text),
        routes: () => [],
        log: silentLogger(),
        now: () => new Date(),
        maxArticleAgeDays: 0,
      });
      if (outcome.kind !== 'incident') {
        predicted.set(item.id, `not-alerted:${item.id}`);
        continue;
      }
      for (const evidence of outcome.change.incident.evidence ?? []) {
        const member = byKey.get(evidence.key);
        if (member) predicted.set(member.id, outcome.change.incident.id);
      }
    }
  } finally {
    await store.close();
  }
  const gold = new Map(alerts.map((a) => [a.id, a.labels.incident as string]));
  return {
    ...bcubed(predicted, gold),
    articles: alerts.length,
    goldIncidents: new Set(gold.values()).size,
    predictedIncidents: new Set(predicted.values()).size,
    errors: clusterErrors(predicted, gold),
  };
}

export function formatClusterReport(title: string, report: ClusterReport, corpus: readonly CorpusArticle[]): string {
  const byId = new Map(corpus.map((a) => [a.id, a]));
  const pct = (n: number) => n.toFixed(3);
  const lines = [
    `${title}: ${report.articles} alert articles, ${report.goldIncidents} labelled incidents, ${report.predictedIncidents} formed`,
    `  B-cubed precision ${pct(report.precision)}  recall ${pct(report.recall)}  F1 ${pct(report.f1)}  (target F1 ≥ ${CLUSTER_TARGET_F1})`,
  ];
  for (const error of report.errors) {
    lines.push(`  ${error.kind === 'wrong_merge' ? 'WRONG MERGE' : 'SPLIT'} gold ${error.gold.join(' + ')} → formed ${error.predicted.join(' + ')}`);
    for (const id of error.items) {
      const a = byId.get(id);
      lines.push(`    - ${a?.published.slice(0, 10)} [${a?.labels.incident}] ${a?.labels.organisation}: ${a?.title}`);
    }
  }
  return lines.join('\n');
}
