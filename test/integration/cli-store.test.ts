// The command line can do what chat can (issue 18 point 4): recent, search, show, stats, feed list and
// feed test against the configured store, with --json; replay and feed test take URLs through the
// poller's safe client; preview prints the real Slack and Discord renderings of an alert.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleDate } from '../../src/domain/cluster.ts';
import { readFeedFiles } from '../../src/cli/replay-command.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { processArticle } from '../../src/pipeline/process-article.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { realClassifier } from '../helpers/classifier.ts';
import { writeDemoFeedFiles } from '../helpers/demo-files.ts';
import { runCliAsync } from '../helpers/run-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bw-cli-store-'));
const db = path.join(dir, 'bw.db');
const config = path.join(dir, 'breachwatch.yaml');
let server: DemoFeedServer;

/** Runs the CLI as a user does, asynchronously (a feed server in this process must keep answering). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCliAsync(args, { BREACHWATCH_CONFIG: config, BREACHWATCH_DB: db, ...env });
}

beforeAll(async () => {
  server = await startDemoFeedServer({
    articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
    schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
  });
  server.setRound(server.roundCount - 1);
  const feeds = server.feeds.map((f) => `  - { id: ${f.id}, name: "${f.name}", url: "${f.url}" }`).join('\n');
  writeFileSync(config, `store:\n  path: ${db}\nfetch:\n  allowPrivateAddresses: true\nfeeds:\n${feeds}\n`);
  // The store as the bot leaves it after reading the demo feeds.
  const store = openSqliteStore(db);
  const now = new Date();
  const { articles } = await readFeedFiles(await writeDemoFeedFiles(), now);
  for (const article of articles.sort((a, b) => articleDate(a).localeCompare(articleDate(b)))) {
    await processArticle(article, { store, classify: realClassifier(), routes: () => [], log: silentLogger(), now: () => now, maxArticleAgeDays: 0 });
  }
  await store.close();
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('breachwatch recent | search | show | stats | feed list', () => {
  it('recent lists the incidents as text, and as the reply in JSON with --json', async () => {
    const text = await run(['recent']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/Latest 3 incident\(s\)/);
    expect(text.stdout).toContain('Data breach at Metropolitan Police Service');

    const json = await run(['recent', '2', '--json']);
    expect(json.code).toBe(0);
    const reply = JSON.parse(json.stdout);
    expect(reply.error).toBe(false);
    expect(reply.blocks[0].kind).toBe('incident_list');
    expect(reply.blocks[0].incidents).toHaveLength(2);
  });

  it('show, search and stats answer from the store; a bad argument gets the command-line usage', async () => {
    const listed = JSON.parse((await run(['recent', '--json'])).stdout);
    const met = listed.blocks[0].incidents.find((i: { organisation: string }) => i.organisation === 'Metropolitan Police Service');
    const shown = await run(['show', met.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Incident ${met.id}`);
    expect(shown.stdout).toMatch(/People affected: +47,000/);

    const search = JSON.parse((await run(['search', 'warrant card', '--json'])).stdout);
    expect(search.blocks[0].kind).toBe('search_hits');
    expect(search.blocks[0].hits.length).toBeGreaterThan(0);

    const stats = await run(['stats', '1y']);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/Breaches in the last 1y/);

    const missing = await run(['show', 'bw-nothing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No incident "bw-nothing".*see breachwatch recent/);

    const bad = await run(['recent', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Usage: breachwatch recent \[n\] \[sector\]/);
  });

  it('feed list shows the configured feeds', async () => {
    const result = await run(['feed', 'list']);
    expect(result.code).toBe(0);
    for (const feed of server.feeds) expect(result.stdout).toContain(feed.url);
  });

  it('says how to get a store when there is none, instead of creating an empty one', async () => {
    const result = await run(['recent'], { BREACHWATCH_DB: path.join(dir, 'none', 'missing.db') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/There is no store at .*missing\.db yet\. Run `breachwatch start`/);
    expect(result.stderr).not.toMatch(/\[breachwatch_/); // internal codes stay in logs (issue 18 point 5)
  });
});

describe('feed test and replay take URLs', () => {
  it('feed test fetches a feed URL and says which items would alert, posting nothing', async () => {
    const feed = server.feeds[0]!;
    const result = await run(['feed', 'test', feed.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const reply = JSON.parse(result.stdout);
    expect(reply.title).toMatch(/^Feed test: /);
    expect(reply.blocks[0].text).toMatch(/item\(s\) read; \d+ would alert if they were new\. Nothing was posted\./);
    // Each of the first items: the decision, and for an alert the body and sector, with short reasons (issue 20 point 5).
    const lines: string[] = reply.blocks[1].items;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(ALERT \(score \d\.\d\d\): .+ → .+ \(.+\)|no alert \([a-z ]+\): .+)/);
    expect(lines.some((line) => line.startsWith('ALERT'))).toBe(true);
  });

  // Stores nothing: the command opens no store (noStoreSession).
  it('feed add checks a feed and prints its entry for the config file (issue 20)', async () => {
    const feed = server.feeds[0]!;
    const url = `${feed.url}?copy=1`;
    const result = await run(['feed', 'add', url, 'Demo copy']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`"Demo copy" reads: `);
    expect(result.stdout).toContain(`  - id: demo-copy\n    name: "Demo copy"\n    url: ${JSON.stringify(url)}\n`);
    const html = await run(['feed', 'add', `${new URL(feed.url).origin}/nothing-here`]);
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/couldn't read that feed: .*404/);
  });

  it('feed test reads a feed file as well, and says plainly when the file is not there', async () => {
    const [file] = await writeDemoFeedFiles();
    const result = await run(['feed', 'test', file as string]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Feed test: .+\n\d+ item\(s\) read; \d+ would alert if they were new\. Nothing was posted\./);
    const missing = await run(['feed', 'test', path.join(dir, 'missing.xml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the feed file .*missing\.xml \(ENOENT\): check the path\./);
  });

  it('replay reads URLs as well as files, through the same address policy as the poller', async () => {
    const urls = server.feeds.map((f) => f.url);
    const result = await run(['replay', ...urls, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const replayed = JSON.parse(result.stdout);
    expect(replayed.incidents).toHaveLength(3);
    expect(replayed.errors).toEqual([]);

    // With the default policy (no private addresses), a loopback feed is refused and named.
    const strict = path.join(dir, 'strict.yaml');
    writeFileSync(strict, `store:\n  path: ${db}\nfeeds: []\n`);
    const refused = await run(['replay', urls[0]!, '--json'], { BREACHWATCH_CONFIG: strict });
    expect(refused.code).toBe(1);
    const out = JSON.parse(refused.stdout);
    expect(out.errors).toEqual([expect.objectContaining({ file: urls[0] })]);
    expect(out.errors[0].error).toMatch(/private|loopback|local/i);
  });
});

describe('breachwatch preview', () => {
  it('prints the Slack Block Kit, a Block Kit Builder link and the Discord embed of an alert', async () => {
    const result = await run(['preview', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.stdout);
    expect(preview.slack.blocks[0]).toMatchObject({ type: 'header' });
    expect(preview.slack.blocks[0].text.text).toMatch(/^🚨 Data breach at /);
    const builder = new URL(preview.blockKitBuilder);
    expect(builder.origin + builder.pathname).toBe('https://app.slack.com/block-kit-builder');
    expect(JSON.parse(decodeURIComponent(builder.hash.slice(1)))).toEqual({ blocks: preview.slack.blocks });
    expect(preview.discord.embeds).toHaveLength(1);
    expect(preview.discord.embeds[0].title).toMatch(/^🚨 Data breach at /);
    expect(preview.discord.embeds[0].footer.text).toContain(`Incident ${preview.incident}`);

    const text = await run(['preview', preview.incident]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("See it in Slack's Block Kit Builder: https://app.slack.com/block-kit-builder#");
    expect(text.stdout).toContain('Discord (message body with its embed):');
  });

  it('--demo previews an incident made from the sample articles, with no store at all', async () => {
    const noStore = { BREACHWATCH_DB: path.join(dir, 'none', 'missing.db') };
    const latest = await run(['preview', '--json'], noStore);
    expect(latest.code).toBe(1);
    const demo = await run(['preview', '--demo', '--json'], noStore);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout).slack.blocks[0].text.text).toMatch(/^🚨 Data breach at /);
    const met = await run(['preview', 'bw-0q2ft4d0dm', '--demo', '--json'], noStore);
    expect(met.code).toBe(0);
    expect(JSON.parse(met.stdout).discord.embeds[0].title).toBe('🚨 Data breach at Metropolitan Police Service');
  });
});
