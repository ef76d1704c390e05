// The backlog worker (docs/adr/024-first-poll-backlog.md): records the items first polls kept (classified,
// clustered and stored, never posted), a feed at a time, the feed queued first first, in slices of at most
// SLICE_ITEMS rows, each slice ONE transaction that stores its articles and counts their rows off. The caller
// holds the poll lease (run-cycle.ts runBacklogSlice between polls; runCycle for a due feed still waiting).
import { backlogArticles, backlogDrains } from '../domain/backlog.ts';
import type { BacklogStore, SeenStore } from '../store/ports.ts';
import { processArticles, type ProcessDeps } from './process-article.ts';

/** Rows recorded in one transaction: about 0.1 s of work, so a command or a cycle never waits long for it. */
export const SLICE_ITEMS = 100;

export interface BacklogDeps extends Omit<ProcessDeps, 'store' | 'leads'> {
  store: ProcessDeps['store'] & BacklogStore & Pick<SeenStore, 'filterSeen'>;
}

export interface BacklogProgress {
  /** Rows done with (their articles stored, or found to repeat an article stored). */
  items: number;
  /** Incidents made by them. */
  incidents: number;
  /** Whether rows are left (of `feedId` when given). */
  more: boolean;
}

/**
 * Records up to `maxItems` rows (at least one slice), of `feedId` only when given. `stop` (the cycle was
 * aborted or lost its lease) is asked before each article: a slice it stops writes nothing.
 */
export async function recordBacklog(
  deps: BacklogDeps,
  options: { maxItems: number; feedId?: string; stop?: () => boolean },
): Promise<BacklogProgress> {
  const progress: BacklogProgress = { items: 0, incidents: 0, more: true };
  const stop = options.stop ?? (() => false);
  do {
    const rows = await deps.store.backlogSlice(Math.min(SLICE_ITEMS, Math.max(1, options.maxItems - progress.items)), options.feedId);
    if (rows.length === 0) {
      progress.more = false;
      break;
    }
    const feedId = rows[0]!.feedId;
    const articles = backlogArticles(rows);
    // A fingerprint already seen in the feed is an article stored from an earlier slice under another key.
    const fingerprints = articles.flatMap((a) => (a.fingerprint === undefined ? [] : [a.fingerprint]));
    const seen = fingerprints.length === 0 ? new Set<string>() : await deps.store.filterSeen(feedId, fingerprints);
    const fresh = articles.filter((a) => a.fingerprint === undefined || !seen.has(a.fingerprint));
    // Every row's key is marked seen with it (a first poll marks none: its rows' keys count as seen while they wait).
    const seenKeys = [{ feedId, keys: rows.map((row) => row.key), at: deps.now().toISOString() }];
    const outcomes = await processArticles(fresh, deps, true, stop, { drained: backlogDrains(rows), seen: seenKeys });
    if (outcomes === null) return progress;
    progress.items += rows.length;
    progress.incidents += outcomes.filter((o) => o.kind === 'incident' && o.change.created).length;
  } while (progress.items < options.maxItems && !stop());
  return progress;
}
