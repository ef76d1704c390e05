// A poll writes its feed's state twice: the start mark (UNFINISHED_POLL, poll-feed.ts) before fetching, so
// that a fetch that hangs or kills the process counts as a failed poll, and the outcome after. Only the start
// mark must be on disk before the next step; a poller that takes feeds one after another writes a feed's
// outcome together with the next feed's start mark, in one transaction, and its last outcome when it has no
// feed left. Nothing waits in between (no I/O), so what a crash can leave behind is what it left before:
// half as many transactions for the same guarantees. A first poll's outcome is its backlog row with its state
// (docs/adr/028-first-poll-one-row.md): held and written the same way, one transaction per first poll.
import type { BacklogStore, FeedState, FeedStateStore, FirstPollCommit, SeenStore } from '../store/ports.ts';
import { UNFINISHED_POLL, type PollStore } from './poll-feed.ts';

export interface ChainedFeedStates {
  /** The store as pollFeed sees it: outcomes held, start marks written with what was held. */
  store: PollStore;
  /** Writes what is held (the poller's last outcome). */
  flush(): Promise<void>;
}

/** For ONE poller taking feeds one at a time (a worker of run-cycle.ts), over `store`. */
export function chainedFeedStates(store: FeedStateStore & SeenStore & Pick<BacklogStore, 'queueBacklog' | 'backlogSlice'>): ChainedFeedStates {
  const held = new Map<string, FeedState>();
  /** A first poll's backlog row, held with its state (in `held`) until the next write. */
  let firstPoll: Omit<FirstPollCommit, 'states'> | null = null;
  const take = (): FeedState[] => {
    const states = [...held.values()];
    held.clear();
    return states;
  };
  const save = async (states: readonly FeedState[]): Promise<void> => {
    for (const state of states) held.delete(state.feedId);
    const all = [...take(), ...states];
    const backlog = firstPoll;
    firstPoll = null;
    if (backlog !== null) await store.queueBacklog({ ...backlog, states: all });
    else if (all.length > 0) await store.saveFeedStates(all);
  };
  return {
    store: {
      getFeedState: async (feedId) => held.get(feedId) ?? (await store.getFeedState(feedId)),
      saveFeedState: async (state) => {
        if (state.lastError === UNFINISHED_POLL) return save([state]);
        held.set(state.feedId, state);
      },
      saveFeedStates: save,
      filterSeen: (feedId, keys) => store.filterSeen(feedId, keys),
      markSeen: (feedId, keys, at) => store.markSeen(feedId, keys, at),
      touchSeen: (feedId, keys, at, staleBefore) => store.touchSeen(feedId, keys, at, staleBefore),
      backlogSlice: (limit, feedId) => store.backlogSlice(limit, feedId),
      // A first poll's row and state are held like an outcome, and go in one transaction with the next write.
      queueBacklog: async ({ states, ...backlog }) => {
        if (firstPoll !== null) await save([]);
        firstPoll = backlog;
        for (const state of states) held.set(state.feedId, state);
      },
    },
    flush: () => save([]),
  };
}
