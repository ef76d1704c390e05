// `breachwatch replay --json` shows each headline-only item's `lead`, and fetches article pages only with
// --fetch-leads, so that a replay of local files stays offline (issue 20 point 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADS_NOT_ASKED } from '../../src/cli/replay-command.ts';
import { googleNewsLinkFor, googleNewsSearchFeed, opaqueGoogleNewsLink } from '../helpers/google-news.ts';
import { loopbackServers, type LoopbackServer } from '../helpers/loopback-server.ts';
import { runCliAsync } from '../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bw-replay-leads-'));
const config = path.join(dir, 'breachwatch.yaml');
const feedFile = path.join(dir, 'google-news.xml');
const loopback = loopbackServers();
let publisher: LoopbackServer;

const HEADLINE = 'Hackers leak stolen files on dark web';
const LEAD = 'Files stolen from Northumberland County Council in a ransomware attack, including staff and resident records, have been published online.';

const run = (args: string[]) => runCliAsync(args, { BREACHWATCH_CONFIG: config });

beforeAll(async () => {
  publisher = await loopback.serve((req, res) => {
    if (req.url === '/news/hackers-leak') res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<meta property="og:description" content="${LEAD}">`);
    else res.writeHead(404).end();
  });
  writeFileSync(config, `store:\n  path: ":memory:"\nfetch:\n  allowPrivateAddresses: true\nleads:\n  enabled: false\n`);
  writeFileSync(
    feedFile,
    googleNewsSearchFeed(opaqueGoogleNewsLink('AU_yqLold'), [
      { title: HEADLINE, link: googleNewsLinkFor(`${publisher.base}/news/hackers-leak`), guid: 'n1' },
      { title: 'Council approves new budget for 2026', link: googleNewsLinkFor(`${publisher.base}/news/budget`), guid: 'n2' },
    ]),
  );
});
afterAll(() => loopback.closeAll());

describe('replay and leads', () => {
  it('stays offline without --fetch-leads, and says which items would have been read', async () => {
    const result = await run(['replay', feedFile, '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.incidents).toEqual([]);
    const byTitle = Object.fromEntries(out.rejected.map((r: { title: string; lead: unknown }) => [r.title, r.lead]));
    expect(byTitle[HEADLINE]).toEqual({ fetched: false, source: null, url: null, why: LEADS_NOT_ASKED });
    expect(byTitle['Council approves new budget for 2026']).toBeNull();
    expect(publisher.requests).toEqual([]);
  });

  it('reads the lead with --fetch-leads (even with leads.enabled false), and the story becomes an alert', async () => {
    const result = await run(['replay', feedFile, '--json', '--fetch-leads']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.incidents.map((i: { organisation: string }) => i.organisation)).toEqual(['Northumberland County Council']);
    expect(out.incidents[0].articles[0].lead).toEqual({ fetched: true, source: 'og:description', url: `${publisher.base}/news/hackers-leak`, why: null });
    expect(out.incidents[0].reasons.join(' ')).toContain(`Read the article's lead from 127.0.0.1:${publisher.port} (og:description).`);
    expect(publisher.requests).toEqual(['/news/hackers-leak']);
  });
});
