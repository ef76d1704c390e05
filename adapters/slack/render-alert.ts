// Block Kit for alerts and updates. Every string from a feed goes through slack-text.ts; the fact
// wording comes from src/alerts/describe.ts so every platform says the same thing.
import { factLines, headline } from '../../src/alerts/describe.ts';
import { sourceCount, type AlertPayload } from '../../src/domain/delivery.ts';
import type { ArticleRef, Incident } from '../../src/domain/types.ts';
import { SLACK_LIMITS, link, mrkdwn, oneLine, plainText } from './slack-text.ts';

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** True: Slack must not auto-link names or parse mentions in it. */
  verbatim: true;
}
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: MrkdwnText; fields?: undefined }
  | { type: 'section'; fields: MrkdwnText[]; text?: undefined }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'divider' };

export interface SlackMessage {
  /** Fallback for notifications and screen readers: short, escaped, no mentions. */
  text: string;
  blocks: SlackBlock[];
}

export const md = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });
export const section = (text: string): SlackBlock => ({ type: 'section', text: md(text) });
export const context = (...texts: string[]): SlackBlock => ({ type: 'context', elements: texts.slice(0, SLACK_LIMITS.contextElements).map(md) });

/** How many sources an alert lists before "…and N more". */
const MAX_SOURCES = 10;

/** The alert: headline, the facts as fields, the sources as links, and why it was classed a breach. */
export function renderAlert(incident: Incident, options: { updated?: boolean } = {}): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(`🚨 ${headline(incident)}`, SLACK_LIMITS.headerText), emoji: true } },
    factsSection(incident),
    section(sourcesText(incident.articles, sourceCount(incident))),
    context(
      mrkdwn(`Why: ${incident.reasons.map(oneLine).join(' ') || 'no reasons recorded'}`, SLACK_LIMITS.contextElementText),
      mrkdwn(
        `Incident ${incident.id} · ${sourceCount(incident)} source(s)${options.updated ? ` · updated ${incident.lastSeen.slice(0, 10)}` : ''} · breachwatch`,
        SLACK_LIMITS.contextElementText,
      ),
    ),
  ];
  return { text: alertFallback(incident), blocks };
}

/** A thread reply for an update: what changed, and where it was reported. */
export function renderUpdate(payload: AlertPayload): SlackMessage {
  const { incident } = payload;
  const changes = payload.factChanges.map((c) => `• ${oneLine(c)}`).join('\n');
  const blocks: SlackBlock[] = [section(mrkdwn(`*Update:* ${headline(incident)}\n${changes}`, SLACK_LIMITS.sectionText))];
  if (payload.source) blocks.push(section(`Reported by ${sourceLine(payload.source)}`));
  blocks.push(context(mrkdwn(`Incident ${incident.id} · breachwatch`, SLACK_LIMITS.contextElementText)));
  const text = mrkdwn(`Update on ${headline(incident)}: ${payload.factChanges.map(oneLine).join('; ')}`, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

function factsSection(incident: Incident): SlackBlock {
  const fields = factLines(incident)
    .slice(0, SLACK_LIMITS.fieldsPerSection)
    .map(({ label, value }) => md(mrkdwn(`*${label}*\n${oneLine(value)}`, SLACK_LIMITS.fieldText)));
  return { type: 'section', fields };
}

/** "Outlet: title" as a checked link; a bad or missing URL leaves plain, escaped text. */
function sourceLine(article: Pick<ArticleRef, 'url' | 'title' | 'outlet'>): string {
  const label = `${article.outlet ? `${oneLine(article.outlet)}: ` : ''}${oneLine(article.title) || 'untitled'}`;
  return link(article.url, label);
}

/** The sources list, whole lines only (a link is never cut in half), within the section limit; `total` counts unlisted ones. */
function sourcesText(articles: readonly ArticleRef[], total: number): string {
  const heading = '*Sources*';
  const lines: string[] = [];
  let length = heading.length;
  const reserve = 40; // room for "…and N more"
  for (const article of articles.slice(0, MAX_SOURCES)) {
    const line = `\n• ${sourceLine(article)}`;
    if (length + line.length > SLACK_LIMITS.sectionText - reserve) break;
    lines.push(line);
    length += line.length;
  }
  const more = total - lines.length;
  return `${heading}${lines.join('')}${more > 0 ? `\n…and ${more} more` : ''}${total === 0 ? '\nNone recorded' : ''}`;
}

function alertFallback(incident: Incident): string {
  const affected = factLines(incident).find((f) => f.label === 'People affected')?.value ?? 'Not yet reported';
  return mrkdwn(oneLine(`${headline(incident)} (people affected: ${affected}; incident ${incident.id})`), SLACK_LIMITS.fallbackText);
}
