// The fuzz properties of issue 8 point 6, in one place: `npm run fuzz` (scripts/fuzz.ts) runs each
// with ≥ 10,000 cases, and test/unit/fuzz-*.test.ts run the same properties with fewer in `npm test`.
//   feeds:  bytes → decodeFeedBody → parseFeed → normaliseItems throws nothing but a BreachwatchError,
//           within a time box per case.
//   render: hostile text in every field of an incident, update or command reply, rendered by Slack and
//           Discord: no mention, no spoofed link, no limit broken, no throw.
import fc from 'fast-check';
import { safeUrl } from '../../adapters/discord/discord-text.ts';
import { renderAlertMessage, renderUpdateMessage } from '../../adapters/discord/render-alert.ts';
import { renderReply as renderDiscordReply } from '../../adapters/discord/render-reply.ts';
import { renderAlert, renderUpdate } from '../../adapters/slack/render-alert.ts';
import { renderReply as renderSlackReply } from '../../adapters/slack/render-reply.ts';
import { safeLinkUrl } from '../../adapters/slack/slack-text.ts';
import { parseCommandText } from '../../src/commands/parse-command.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { AlertPayload } from '../../src/domain/delivery.ts';
import { BreachwatchError } from '../../src/domain/errors.ts';
import { normaliseItems } from '../../src/domain/normalise.ts';
import { decodeFeedBody } from '../../src/sources/decode.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import { allowedMentionsProblem, hostileFindings, messageBodyProblems, visibleTexts } from '../fakes/fake-discord-checks.ts';
import { slackPayloadProblems } from '../fakes/fake-slack-hostile.ts';
import { feedInput, type FeedInput, type SeedFeed } from './feed-arbitraries.ts';
import { commandText, hostilePayload, hostileReply } from './hostile-arbitraries.ts';

/** A feed case slower than this fails: a parser that hangs on crafted input is a denial of service. */
export const FEED_CASE_BUDGET_MS = 3_000;

export interface FuzzOutcome {
  name: string;
  runs: number;
  failed: boolean;
  /** fast-check's report (counterexample, seed, path) when it failed. */
  report: string;
  ms: number;
}

export interface FuzzTarget {
  /** Short name: feeds, render, replies, commands. */
  key: string;
  name: string;
  run: (params: { numRuns: number; seed?: number }) => Promise<FuzzOutcome>;
}

function fail(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(problems.slice(0, 10).join('\n'));
}

const describeThrown = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error));

/** Problems with one fuzzed feed: a throw that is not a BreachwatchError, or a case over the time box. */
export async function feedProblems(input: FeedInput, budgetMs = FEED_CASE_BUDGET_MS): Promise<string[]> {
  const started = performance.now();
  const problems: string[] = [];
  try {
    const decoded = decodeFeedBody(input.bytes, input.contentType);
    const feed = await parseFeed(decoded.text, 'the fuzzed feed');
    const fetchedAt = '2026-03-10T12:00:00.000Z';
    normaliseItems(feed.items, { feedId: 'fuzz', feedTitle: feed.title, fetchedAt, feedUrl: 'https://fuzz.example/feed.xml' });
  } catch (error) {
    if (!(error instanceof BreachwatchError)) problems.push(`${input.source}: threw ${describeThrown(error)} (not a BreachwatchError)`);
  }
  const ms = performance.now() - started;
  if (ms > budgetMs) problems.push(`${input.source}: took ${Math.round(ms)} ms (budget ${budgetMs} ms, ${input.bytes.length} bytes)`);
  return problems;
}

/** Every URL in a payload that a renderer may link to, as each platform's checker spells it. */
function payloadUrls(payload: AlertPayload): Array<string | null> {
  return [...payload.incident.articles.map((a) => a.url), payload.source?.url ?? null];
}

function replyUrls(reply: CommandReply): Array<string | null> {
  return reply.blocks.flatMap((b) => {
    if (b.kind === 'incident') return b.incident.articles.map((a) => a.url);
    if (b.kind === 'incident_list') return b.incidents.flatMap((i) => i.articles.map((a) => a.url));
    if (b.kind === 'search_hits') return b.hits.map((h) => h.url);
    return [];
  });
}

const slackAllowed = (urls: Array<string | null>): Set<string> => new Set(urls.map((u) => safeLinkUrl(u)).filter((u): u is string => u !== null));
const discordAllowed = (urls: Array<string | null>): Set<string> => new Set(urls.map((u) => safeUrl(u)).filter((u): u is string => u !== null));

/** Renders with `render`, turning a throw into a problem. */
function attempt<T>(what: string, render: () => T, check: (rendered: T) => string[]): string[] {
  let rendered: T;
  try {
    rendered = render();
  } catch (error) {
    return [`${what} threw ${describeThrown(error)}`];
  }
  return check(rendered).map((p) => `${what}: ${p}`);
}

/**
 * The targets of our own checked links may contain "@everyone" in their path or query, where Discord
 * shows and parses nothing (and `allowed_mentions` blocks pings anyway). Cut each checked target to its
 * origin before looking for mentions; the label-must-be-the-host check still applies.
 */
function withLinkTargetsCut(text: string, links: ReadonlySet<string>): { text: string; links: Set<string> } {
  let out = text;
  const allowed = new Set(links);
  for (const url of links) {
    const origin = `${new URL(url).origin}/`;
    out = out.split(`](${url})`).join(`](${origin})`);
    allowed.add(origin);
  }
  return { text: out, links: allowed };
}

function discordBodyProblems(body: unknown, links: ReadonlySet<string>, needsAllowedMentions: boolean): string[] {
  const problems = [...messageBodyProblems(body)];
  if (needsAllowedMentions) {
    const mentions = allowedMentionsProblem(body);
    if (mentions) problems.push(mentions);
  }
  for (const { text, markdown } of visibleTexts(body)) {
    const cut = withLinkTargetsCut(text, links);
    for (const finding of hostileFindings(cut.text, cut.links, markdown)) problems.push(`${finding} in ${JSON.stringify(text.slice(0, 120))}`);
  }
  return problems;
}

/** Problems rendering one hostile payload on Slack (alert, edited alert, update) and Discord (alert, update). */
export function payloadProblems(payload: AlertPayload): string[] {
  const slackLinks = slackAllowed(payloadUrls(payload));
  const discordLinks = discordAllowed(payloadUrls(payload));
  return [
    ...attempt('slack renderAlert', () => renderAlert(payload.incident), (m) => slackPayloadProblems(m, slackLinks)),
    ...attempt('slack renderAlert (updated)', () => renderAlert(payload.incident, { updated: true }), (m) => slackPayloadProblems(m, slackLinks)),
    ...attempt('slack renderUpdate', () => renderUpdate(payload), (m) => slackPayloadProblems(m, slackLinks)),
    ...attempt('discord renderAlertMessage', () => renderAlertMessage(payload), (b) => discordBodyProblems(b, discordLinks, true)),
    ...attempt('discord renderUpdateMessage', () => renderUpdateMessage(payload), (b) => discordBodyProblems(b, discordLinks, true)),
  ];
}

/** Problems rendering one hostile command reply on both platforms. */
export function replyProblems(reply: CommandReply): string[] {
  const urls = replyUrls(reply);
  const slackLinks = slackAllowed(urls);
  const discordLinks = discordAllowed(urls);
  return [
    ...attempt('slack renderReply', () => renderSlackReply(reply), (b) => slackPayloadProblems(b, slackLinks)),
    ...attempt('discord renderReply', () => renderDiscordReply(reply), (r) => discordBodyProblems({ embeds: r.embeds }, discordLinks, false)),
  ];
}

/** Problems parsing one slash command: a throw, or an error with no explanation. */
export function commandProblems(text: string): string[] {
  try {
    const result = parseCommandText(text);
    return result.kind === 'parse_error' && result.message.trim() === '' ? ['parse_error with an empty message'] : [];
  } catch (error) {
    return [`parseCommandText threw ${describeThrown(error)}`];
  }
}

async function outcome<T>(name: string, property: fc.IRawProperty<[T]>, params: { numRuns: number; seed?: number }): Promise<FuzzOutcome> {
  const started = performance.now();
  const details = await fc.check(property, params);
  const error = details.errorInstance instanceof Error ? `\nProblems:\n${details.errorInstance.message}` : '';
  const report = details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}${error}` : '';
  return { name, runs: details.numRuns, failed: details.failed, report, ms: performance.now() - started };
}

/** The fuzz targets, in the order they run. `seeds` are the real feeds to mutate. */
export function fuzzTargets(seeds: readonly SeedFeed[]): FuzzTarget[] {
  return [
    {
      key: 'feeds',
      name: 'feed bytes → decodeFeedBody → parseFeed → normaliseItems',
      run: (params) => outcome('feeds', fc.asyncProperty(feedInput(seeds), async (input) => fail(await feedProblems(input))), params),
    },
    {
      key: 'render',
      name: 'hostile alert/update payloads → Slack and Discord renderers',
      run: (params) => outcome('render', fc.property(hostilePayload, (payload) => fail(payloadProblems(payload))), params),
    },
    {
      key: 'replies',
      name: 'hostile command replies → Slack and Discord reply renderers',
      run: (params) => outcome('replies', fc.property(hostileReply, (reply) => fail(replyProblems(reply))), params),
    },
    {
      key: 'commands',
      name: 'hostile slash-command text → parseCommandText',
      run: (params) => outcome('commands', fc.property(commandText, (text) => fail(commandProblems(text))), params),
    },
  ];
}
