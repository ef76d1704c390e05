// `npm run demo`: the bundled sample feeds through the real pipeline — a loopback feed server, real
// HTTP fetch, feed reader, classify, cluster, SQLite, outbox and the console sink. The feed server
// publishes its items over a few rounds, and the demo polls once per round, as a live bot would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Sink } from '../alerts/sink.ts';
import { parseConfigText } from '../config/load-config.ts';
import type { ArticleText, Classification } from '../domain/types.ts';
import type { Logger } from '../log/logger.ts';
import type { FeedSource } from '../pipeline/poll-feed.ts';
import { recordWholeBacklog, runCycle, type CycleDeps, type CycleReport } from '../pipeline/run-cycle.ts';
import { fetchFeed } from '../sources/fetch-feed.ts';
import { httpGet } from '../sources/http-get.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { startDemoFeedServer } from './feed-server.ts';

export interface DemoOptions {
  root: string;
  classify: (text: ArticleText) => Classification;
  /** The console sink, built by main (only main knows adapters). */
  makeSink: (write: (text: string) => void) => Sink;
  out: Writable;
  log: Logger;
}

export interface DemoSummary {
  rounds: number;
  alerts: number;
  updates: number;
  reports: CycleReport[];
}

/** A clock that moves on by an hour per poll so that every feed is due again at each round. */
function steppingClock(start: Date): { now: () => Date; advance: () => void } {
  let current = start.getTime();
  return { now: () => new Date(current), advance: () => (current += 60 * 60 * 1000) };
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const summary = await demo(options);
  options.out.write(
    `Demo finished: ${summary.rounds} polls, ${summary.alerts} alert(s) and ${summary.updates} update(s) posted to the console.\n`,
  );
  return 0;
}

export async function demo(options: DemoOptions): Promise<DemoSummary> {
  const configPath = path.join(options.root, 'config', 'demo', 'breachwatch.demo.yaml');
  const config = parseConfigText(readFileSync(configPath, 'utf8'), path.relative(options.root, configPath));
  const server = await startDemoFeedServer({
    articlesPath: path.join(options.root, 'config', 'demo', 'articles.yaml'),
    schedulePath: path.join(options.root, 'config', 'demo', 'schedule.yaml'),
  });
  const store = openSqliteStore(':memory:');
  const clock = steppingClock(new Date());
  const controller = new AbortController();
  const summary: DemoSummary = { rounds: 0, alerts: 0, updates: 0, reports: [] };
  const sink = options.makeSink((text) => {
    if (text.startsWith('↳')) summary.updates += 1;
    else summary.alerts += 1;
    options.out.write(`${text}\n\n`);
  });
  const feeds: FeedSource[] = server.feeds.map((f) => ({ id: f.id, name: f.name, url: f.url, intervalMinutes: 1 }));
  options.out.write(`Demo feed server on ${server.baseUrl} with ${feeds.length} feeds and ${server.roundCount} rounds.\n\n`);
  try {
    for (let round = 0; round < server.roundCount; round += 1) {
      server.setRound(round);
      const deps: CycleDeps = {
        store,
        classify: options.classify,
        fetchFeed: (feed, validators, signal) =>
          fetchFeed(feed, validators, {
            httpGet,
            now: clock.now,
            signal,
            allowPrivateAddresses: config.fetch.allowPrivateAddresses,
            maxBytes: config.fetch.maxBytes,
            timeoutMs: config.fetch.timeoutSeconds * 1000,
            userAgent: config.fetch.userAgent,
          }),
        routes: () => config.alerts.destinations,
        sinks: new Map([['console', sink]]),
        log: options.log,
        now: clock.now,
        signal: controller.signal,
        maxArticleAgeDays: config.alerts.maxArticleAgeDays,
        poll: { ...config.poll, maxNewItemsPerPoll: config.poll.floodGuard.maxNewItemsPerPoll },
        owner: 'demo',
      };
      const report = await runCycle(feeds, deps);
      // What the bot records between polls: the first poll's past items (posted nowhere).
      const past = await recordWholeBacklog(feeds, deps);
      options.out.write(
        `— poll ${round + 1}: ${report.polled} feeds fetched, ${report.newArticles} new article(s), ` +
          `${report.incidentsCreated} new incident(s), ${report.incidentsUpdated} update(s)` +
          `${round === 0 ? ` (first poll: ${past.items} existing item(s) recorded between polls, not posted)` : ''}\n\n`,
      );
      summary.reports.push(report);
      summary.rounds += 1;
      clock.advance();
    }
  } finally {
    controller.abort();
    await store.close();
    await server.close();
  }
  return summary;
}
