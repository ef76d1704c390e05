import { describe, expect, it, vi } from 'vitest';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { feedItemsOf, normaliseItems, type RawItem } from '../../src/domain/normalise.ts';
import { isDue } from '../../src/pipeline/run-cycle.ts';
import { UNFINISHED_POLL, backoffMinutes, floodReason, pollFeed, type FetchResult } from '../../src/pipeline/poll-feed.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeArticle, makeClassification } from '../helpers/articles.ts';

const feed = { id: 'f', name: 'Feed', url: 'https://feed.example/rss', intervalMinutes: 10 };
const options = { maxNewItemsPerPoll: 3, failureWarningAfter: 3, maxBackoffMinutes: 120 };
const items = (n: number, prefix = 'a') =>
  Array.from({ length: n }, (_, i) => makeArticle({ key: `${prefix}${i}`, url: `https://x.example/${prefix}${i}`, published: `2026-01-0${(i % 9) + 1}T00:00:00.000Z` }));

function setup(results: Array<FetchResult | Error>) {
  const store = openSqliteStore(':memory:');
  let now = new Date('2026-11-23T12:00:00Z');
  const deps = {
    store,
    now: () => now,
    signal: new AbortController().signal,
    options,
    fetchFeed: async () => {
      const next = results.shift();
      if (next instanceof Error) throw next;
      if (!next) throw new Error('no more results');
      return next;
    },
  };
  return { store, deps, tick: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

const ok = (articles: ReturnType<typeof items>): FetchResult => ({ kind: 'ok', items: feedItemsOf(articles), etag: '"e"', lastModified: null, feedTitle: 'Feed' });

describe('pollFeed', () => {
  it('keeps a new feed\'s items in the backlog (seen, not posted), then returns only new items, oldest first', async () => {
    const { deps, store } = setup([ok(items(5)), ok([...items(5), ...items(2, 'b').reverse()])]);
    const first = await pollFeed(feed, deps);
    expect(first).toMatchObject({ kind: 'first_poll', items: 5 });
    expect((await store.backlogSlice(10)).map((r) => r.key)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    // Not marked seen until recorded (ADR 028): the waiting rows' keys are what makes them seen.
    expect(await store.filterSeen('f', ['a0', 'a4'])).toEqual(new Set());
    expect(await store.getFeedState('f')).toMatchObject({ initialised: true, etag: '"e"', lastError: null });
    const second = await pollFeed(feed, deps);
    expect(second).toMatchObject({ kind: 'new_items' });
    if (second.kind === 'new_items') expect(second.articles.map((a) => a.key)).toEqual(['b0', 'b1']);
  });

  it('records a sudden flood of new-looking items silently', async () => {
    const { deps } = setup([ok(items(2)), ok(items(10, 'z'))]);
    await pollFeed(feed, deps);
    const outcome = await pollFeed(feed, deps);
    expect(outcome.kind).toBe('recorded_silently');
    if (outcome.kind === 'recorded_silently') expect(outcome.reason).toMatch(/item ids probably changed/);
  });

  it('backs off exponentially, warns once after N failures, keeps seen-state, and recovers', async () => {
    const fail = () => new BreachwatchError(ErrorCode.FeedTimeout, 'timed out');
    const { deps, store } = setup([ok(items(2)), fail(), fail(), fail(), fail(), ok(items(3))]);
    await pollFeed(feed, deps);
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) outcomes.push(await pollFeed(feed, deps));
    expect(outcomes.map((o) => o.kind === 'failed' && o.warn)).toEqual([false, false, true, false]);
    const state = await store.getFeedState('f');
    expect(state?.consecutiveFailures).toBe(4);
    expect(state?.lastError).toContain('breachwatch_feed_timeout');
    expect((await store.backlogSlice(10, 'f')).map((r) => r.key)).toEqual(['a0', 'a1']);
    const recovered = await pollFeed(feed, deps);
    expect(recovered.kind).toBe('new_items');
    if (recovered.kind === 'new_items') expect(recovered.articles.map((a) => a.key)).toEqual(['a2']);
    expect((await store.getFeedState('f'))?.warnedAt).toBeNull();
  });

  it('counts a poll as failed before it fetches, so that a restart after a hang backs off instead of fetching again', async () => {
    const { deps, store, tick } = setup([ok(items(2))]);
    await pollFeed(feed, deps);
    // The fetch (or the parse inside it) never returns: the process hangs and is killed there.
    let started = 0;
    const hang = { ...deps, fetchFeed: () => (started++, new Promise<never>(() => undefined)) };
    void pollFeed(feed, hang);
    await vi.waitFor(() => expect(started).toBe(1));
    const afterHang = await store.getFeedState('f');
    expect(afterHang).toMatchObject({ consecutiveFailures: 1, lastError: UNFINISHED_POLL, initialised: true });
    // What the restarted bot decides: not due until the back-off has passed.
    expect(isDue(afterHang?.nextPollAt ?? null, deps.now())).toBe(false);
    tick(9);
    expect(isDue(afterHang?.nextPollAt ?? null, deps.now())).toBe(false);
    tick(1);
    expect(isDue(afterHang?.nextPollAt ?? null, deps.now())).toBe(true);
    // Hanging again doubles the back-off; a poll that finishes clears the failure.
    void pollFeed(feed, hang);
    await vi.waitFor(() => expect(started).toBe(2));
    const twice = await store.getFeedState('f');
    expect(twice?.consecutiveFailures).toBe(2);
    expect(Date.parse(twice?.nextPollAt ?? '') - deps.now().getTime()).toBe(20 * 60_000);
    tick(20);
    expect((await pollFeed(feed, { ...deps, fetchFeed: async () => ok(items(2)) })).kind).toBe('new_items');
    expect(await store.getFeedState('f')).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it('does not return a story again when its GUID and link change on every poll but its title and text do not', async () => {
    const raw = (n: number, title: string): RawItem => ({
      guid: `urn:uuid:${title.length}-${n}`,
      link: `https://news.example/${n}/${title}`,
      title,
      summary: `<p>${title}: the council sent residents' details to the wrong people.</p>`,
    });
    const poll = (n: number, titles: string[]): FetchResult =>
      ok(normaliseItems(titles.map((t) => raw(n, t)), { feedId: 'f', feedTitle: 'Feed', fetchedAt: '2026-11-23T12:00:00.000Z' }));
    const { deps, store } = setup([poll(1, ['old story']), poll(2, ['old story', 'churning story']), poll(3, ['old story', 'churning story'])]);
    expect(await pollFeed(feed, deps)).toMatchObject({ kind: 'first_poll', items: 1 });
    // The first story is kept by the first poll under a GUID and link it never uses again, and still waits in
    // the backlog: its content fingerprint, not yet in the seen-state, is read from there.
    const second = await pollFeed(feed, deps);
    expect(second.kind === 'new_items' && second.articles.map((a) => a.title)).toEqual(['churning story']);
    // Processing stores it (and its seen-state) in one transaction; the next poll brings new ids for both.
    if (second.kind === 'new_items') {
      for (const article of second.articles) await store.commitArticle({ article, classification: makeClassification({ alert: false }), incident: null, outbox: [] });
    }
    const third = await pollFeed(feed, deps);
    expect(third.kind === 'new_items' && third.articles).toEqual([]);
  });

  it('computes backoff and flood reasons', () => {
    expect([1, 2, 3, 4, 10].map((f) => backoffMinutes(10, f, 120))).toEqual([10, 20, 40, 80, 120]);
    expect(floodReason(2, 5, 20)).toBeNull();
    expect(floodReason(21, 30, 20)).toMatch(/21 items/);
    expect(floodReason(10, 10, 20)).toMatch(/10 of 10/);
  });
});
