// Loads and checks the demo's bundled articles (config/demo/articles.yaml) and publishing schedule
// (config/demo/schedule.yaml). Pure data: rendering is in render-feed.ts, HTTP in feed-server.ts.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

const FEED_FORMATS = ['rss', 'atom'] as const;
export type DemoFeedFormat = (typeof FEED_FORMATS)[number];

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens');
const httpsUrl = z.url({ protocol: /^https$/ });

const articleSchema = z.strictObject({
  id: slug,
  outlet: slug,
  title: z.string().min(1),
  link: httpsUrl,
  guid: z.string().min(1),
  published: z.iso.datetime({ offset: true }),
  author: z.string().min(1).optional(),
  categories: z.array(z.string().min(1)).optional(),
  summary: z.string().min(1),
  contentHtml: z.string().min(1),
});

const articlesFileSchema = z.strictObject({ articles: z.array(articleSchema).min(1) });

const feedSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  format: z.enum(FEED_FORMATS),
  siteUrl: httpsUrl,
  description: z.string().min(1),
});

const roundSchema = z.strictObject({
  note: z.string().optional(),
  add: z.record(slug, z.array(slug).min(1)),
});

const scheduleFileSchema = z.strictObject({
  feeds: z.array(feedSchema).min(1),
  rounds: z.array(roundSchema).min(1),
});

export interface DemoArticle {
  id: string;
  outlet: string;
  title: string;
  link: string;
  guid: string;
  published: Date;
  author: string | null;
  categories: string[];
  summary: string;
  contentHtml: string;
}

export interface DemoFeedDefinition {
  id: string;
  name: string;
  format: DemoFeedFormat;
  siteUrl: string;
  description: string;
}

export interface DemoFeedData {
  feeds: DemoFeedDefinition[];
  /** How many rounds the schedule has: valid rounds are 0 .. roundCount - 1. */
  roundCount: number;
  /** The items of one feed at one round, newest first. */
  itemsAt(feedId: string, round: number): DemoArticle[];
}

/** The demo YAML files are missing, malformed or inconsistent; the message says what to fix. */
function invalid(message: string, cause?: unknown): BreachwatchError {
  return new BreachwatchError(ErrorCode.ConfigInvalid, message, cause === undefined ? undefined : { cause });
}

async function readYaml(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw invalid(`Cannot read ${path}: check the path.`, cause);
  }
  try {
    return parseYaml(text);
  } catch (cause) {
    throw invalid(`${path} is not valid YAML: ${(cause as Error).message}`, cause);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw invalid(`${path} does not match the expected shape:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export async function loadDemoFeedData(articlesPath: string, schedulePath: string): Promise<DemoFeedData> {
  const articlesFile = validate(articlesFileSchema, await readYaml(articlesPath), articlesPath);
  const schedule = validate(scheduleFileSchema, await readYaml(schedulePath), schedulePath);
  return buildDemoFeedData(
    articlesFile.articles.map((a) => ({
      ...a,
      published: new Date(a.published),
      author: a.author ?? null,
      categories: a.categories ?? [],
    })),
    schedule.feeds,
    schedule.rounds.map((r) => r.add),
    `${articlesPath} / ${schedulePath}`,
  );
}

/** Cross-checks articles against the schedule and precomputes each feed's items per round. */
export function buildDemoFeedData(
  articles: DemoArticle[],
  feeds: DemoFeedDefinition[],
  rounds: Record<string, string[]>[],
  where = 'demo feed data',
): DemoFeedData {
  const problems: string[] = [];
  const byId = new Map<string, DemoArticle>();
  for (const article of articles) {
    if (byId.has(article.id)) problems.push(`article id "${article.id}" is used twice`);
    byId.set(article.id, article);
  }
  const feedIds = new Set<string>();
  for (const feed of feeds) {
    if (feedIds.has(feed.id)) problems.push(`feed id "${feed.id}" is used twice`);
    feedIds.add(feed.id);
  }
  for (const article of articles) {
    if (!feedIds.has(article.outlet)) problems.push(`article "${article.id}" names outlet "${article.outlet}", which is not a feed`);
  }

  // snapshots[feedId][round] = items newest first
  const snapshots = new Map<string, DemoArticle[][]>(feeds.map((f) => [f.id, []]));
  const current = new Map<string, DemoArticle[]>(feeds.map((f) => [f.id, []]));
  const published = new Set<string>();
  rounds.forEach((add, round) => {
    for (const [feedId, ids] of Object.entries(add)) {
      const items = current.get(feedId);
      if (items === undefined) {
        problems.push(`round ${round} adds to feed "${feedId}", which is not defined under feeds`);
        continue;
      }
      const newestBefore = Math.max(-Infinity, ...items.map((a) => a.published.getTime()));
      for (const id of ids) {
        const article = byId.get(id);
        if (article === undefined) {
          problems.push(`round ${round} adds article "${id}", which is not in the articles file`);
          continue;
        }
        if (published.has(id)) problems.push(`round ${round} adds article "${id}" a second time`);
        if (article.outlet !== feedId) problems.push(`round ${round} puts "${id}" (outlet ${article.outlet}) in feed "${feedId}"`);
        if (round > 0 && article.published.getTime() <= newestBefore) {
          problems.push(`round ${round} adds "${id}" to "${feedId}" but it is not newer than the feed's existing items`);
        }
        published.add(id);
        items.push(article);
      }
    }
    for (const [feedId, items] of current) {
      const sorted = [...items].sort((a, b) => b.published.getTime() - a.published.getTime());
      snapshots.get(feedId)?.push(sorted);
    }
  });
  for (const article of articles) {
    if (!published.has(article.id)) problems.push(`article "${article.id}" is never added in any round`);
  }
  if (problems.length > 0) {
    throw invalid(`${where} is inconsistent:\n- ${problems.join('\n- ')}`);
  }

  return {
    feeds,
    roundCount: rounds.length,
    itemsAt(feedId, round) {
      const perRound = snapshots.get(feedId);
      if (perRound === undefined) throw invalid(`No demo feed has id "${feedId}".`);
      const items = perRound[round];
      if (items === undefined) {
        throw new BreachwatchError(
          ErrorCode.InputInvalid,
          `Round ${round} does not exist: the schedule has rounds 0 to ${rounds.length - 1}.`,
        );
      }
      return items;
    },
  };
}
