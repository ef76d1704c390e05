import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/load-config.ts';

describe('config', () => {
  it('fills defaults for an empty file', () => {
    const config = parseConfigText('', 'breachwatch.yaml');
    expect(config.poll.defaultIntervalMinutes).toBe(15);
    expect(config.fetch.allowPrivateAddresses).toBe(false);
    expect(config.alerts.destinations).toEqual([{ sink: 'console' }]);
  });

  it('reads the leads section: off when missing, on in the shipped config, and names a bad value', () => {
    expect(parseConfigText('', 'c.yaml').leads).toEqual({
      enabled: false, maxPagesPerCycle: 20, hostIntervalSeconds: 10, shortLeadChars: 100, minScore: 0.2,
      maxBytes: 1_500_000, timeoutSeconds: 10, cacheDays: 7, failureCacheMinutes: 60,
    });
    const shipped = readFileSync(path.resolve(import.meta.dirname, '../../config/breachwatch.yaml'), 'utf8');
    expect(parseConfigText(shipped, 'config/breachwatch.yaml').leads).toMatchObject({ enabled: true, maxPagesPerCycle: 20, minScore: 0.2 });
    expect(() => parseConfigText('leads:\n  enabled: true\n  cacheDays: 0', 'c.yaml')).toThrowError(/c\.yaml:3: leads\.cacheDays/);
    expect(() => parseConfigText('leads:\n  pages: 3', 'c.yaml')).toThrowError(/leads/);
  });

  it('reads retention limits, with defaults for what is left out, and names a bad one', () => {
    expect(parseConfigText('', 'c.yaml').retention).toEqual({ seenItemDays: 180, maxSeenItemsPerFeed: 20_000, outboxDays: 30, articleDays: 90, maxRowsPerRun: 10_000 });
    expect(parseConfigText('retention:\n  seenItemDays: 0\n  outboxDays: 7', 'c.yaml').retention).toMatchObject({ seenItemDays: 0, outboxDays: 7, articleDays: 90 });
    expect(() => parseConfigText('retention:\n  articleDays: -1', 'c.yaml')).toThrowError(/c\.yaml:2: retention\.articleDays/);
  });

  it('names the file, line and field of every problem', () => {
    const text = ['poll:', '  defaultIntervalMinutes: 0', 'feeds:', '  - id: Bad Id', '    name: x', '    url: ftp://example.org/feed'].join('\n');
    expect(() => parseConfigText(text, 'config/breachwatch.yaml')).toThrowError(/config\/breachwatch.yaml:2: poll.defaultIntervalMinutes/);
    try {
      parseConfigText(text, 'config/breachwatch.yaml');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/:4: feeds\[Bad Id\]\.id: use lowercase/);
      expect(message).toMatch(/:6: feeds\[Bad Id\]\.url: must be an http\(s\) URL/);
      expect(message).toMatch(/does not run half-configured/);
    }
  });

  it("reads a feed's source kind (auto when left out) and names a kind that does not exist", () => {
    const feeds = 'feeds:\n  - {id: a, name: A, url: "https://a.example/feed"}\n  - {id: b, name: B, url: "https://b.example/news/", kind: ico-news}';
    expect(parseConfigText(feeds, 'c.yaml').feeds.map((f) => f.kind)).toEqual(['auto', 'ico-news']);
    expect(() => parseConfigText('feeds:\n  - id: a\n    name: A\n    url: "https://a.example/"\n    kind: html', 'c.yaml')).toThrowError(
      /c\.yaml:5: feeds\[a\]\.kind: must be one of auto, rss, ico-news/,
    );
  });

  it('ships a day-one config: the ICO (enforcement feed and news listing), the NCSC, outlets and Google News searches', () => {
    const shipped = readFileSync(path.resolve(import.meta.dirname, '../../config/breachwatch.yaml'), 'utf8');
    const feeds = parseConfigText(shipped, 'config/breachwatch.yaml').feeds;
    expect(feeds.find((f) => f.id === 'ico-news')).toMatchObject({ kind: 'ico-news', url: 'https://ico.org.uk/about-the-ico/media-centre/news-and-blogs/' });
    expect(feeds.filter((f) => f.kind !== 'ico-news').every((f) => f.kind === 'auto')).toBe(true);
    expect(feeds.map((f) => f.id)).toEqual(expect.arrayContaining(['ico-enforcement', 'ncsc-news', 'publictechnology', 'bbc-technology']));
    const searches = feeds.filter((f) => f.url.startsWith('https://news.google.com/rss/search?'));
    expect(searches.length).toBeGreaterThanOrEqual(6);
    for (const search of searches) expect(new URL(search.url).searchParams.get('ceid')).toBe('GB:en');
    expect(feeds.every((f) => f.intervalMinutes !== undefined)).toBe(true);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(() => parseConfigText('feeds:\n  - id: a\n   name: b', 'c.yaml')).toThrowError(/c\.yaml:\d+:/);
  });

  it('refuses unknown keys and duplicate feed ids', () => {
    expect(() => parseConfigText('pol: {}', 'c.yaml')).toThrowError(/Unrecognized key/i);
    const dup = 'feeds:\n  - {id: a, name: A, url: "https://a.example/feed"}\n  - {id: a, name: B, url: "https://b.example/feed"}';
    expect(() => parseConfigText(dup, 'c.yaml')).toThrowError(/"a" is used twice/);
  });

  it('reads env through loadConfig only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-config-'));
    writeFileSync(path.join(dir, 'custom.yaml'), 'store:\n  path: ./db/x.db\n');
    const config = loadConfig({ BREACHWATCH_CONFIG: 'custom.yaml', LOG_LEVEL: 'debug', DRY_RUN: '1' }, dir, '/nonexistent.yaml');
    expect(config.store.path).toBe(path.join(dir, 'db/x.db'));
    expect(config.log.level).toBe('debug');
    expect(config.dryRun).toBe(true);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' }, dir, '/nonexistent.yaml')).toThrowError(/LOG_LEVEL/);
    expect(() => loadConfig({}, dir, path.join(dir, 'missing.yaml'))).toThrowError(/Cannot read the config file/);
  });
});
