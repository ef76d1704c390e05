// A neutral CommandReply as a Slack `respond()` body: Block Kit, ephemeral or in the channel.
// Replies quote stored feed text (titles, organisations, snippets), so they are escaped like alerts.
import { affectedLabel, headline, sectorLabel } from '../../src/alerts/describe.ts';
import type { CommandReply, ReplyBlock, SearchHitView } from '../../src/commands/types.ts';
import type { Incident } from '../../src/domain/types.ts';
import { type SlackBlock, context, md, renderAlert, section } from './render-alert.ts';
import { SLACK_LIMITS, link, mrkdwn, oneLine, plainText } from './slack-text.ts';

export interface SlackReplyBody {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: SlackBlock[];
}

/** Rows per list before "…and N more": keeps a reply readable and well inside 50 blocks. */
const MAX_ROWS = 15;

export function renderReply(reply: CommandReply, options: { forceEphemeral?: boolean } = {}): SlackReplyBody {
  const ephemeral = options.forceEphemeral === true || reply.visibility === 'ephemeral' || reply.isError === true;
  const title = `${reply.isError ? '⚠️ ' : ''}${reply.title}`;
  // Slack refuses an empty text object: a title or text that cleans to nothing falls back or is left out.
  const header = plainText(title, SLACK_LIMITS.headerText) || 'breachwatch';
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: header, emoji: true } }];
  for (const block of reply.blocks) blocks.push(...renderBlock(block));
  return {
    response_type: ephemeral ? 'ephemeral' : 'in_channel',
    text: mrkdwn(oneLine(title), SLACK_LIMITS.fallbackText) || 'breachwatch',
    blocks: capBlocks(blocks),
  };
}

/** Slack refuses more than 50 blocks: keep 49 and say that some were left out. */
export function capBlocks(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks;
  const kept = blocks.slice(0, SLACK_LIMITS.blocks - 1);
  kept.push(context(`…${blocks.length - kept.length} more block(s) left out: Slack shows at most ${SLACK_LIMITS.blocks}.`));
  return kept;
}

function renderBlock(block: ReplyBlock): SlackBlock[] {
  switch (block.kind) {
    case 'text': {
      const text = mrkdwn(block.text, SLACK_LIMITS.sectionText);
      return text.trim() === '' ? [] : [section(text)];
    }
    case 'incident':
      return renderAlert(block.incident).blocks.slice(1); // the reply's own header replaces the alert's
    case 'incident_list':
      return rows(block.incidents, incidentRow);
    case 'search_hits':
      return rows(block.hits, hitRow);
    case 'fields':
      return fieldSections(block.fields);
    case 'list':
      return listSections(block.items);
  }
}

function rows<T>(items: readonly T[], render: (item: T) => string): SlackBlock[] {
  const out = items.slice(0, MAX_ROWS).map((item) => section(render(item)));
  if (items.length > MAX_ROWS) out.push(context(`…and ${items.length - MAX_ROWS} more`));
  if (items.length === 0) out.push(section('Nothing to show.'));
  return out;
}

function incidentRow(incident: Incident): string {
  const first = incident.articles[0];
  const title = first ? link(first.url, first.title || headline(incident)) : mrkdwn(headline(incident), 300);
  const facts = `${oneLine(incident.organisation)} (${sectorLabel(incident.sector)}) · ${affectedLabel(incident.affected)} affected · first seen ${incident.firstSeen.slice(0, 10)}`;
  return `*${title}*\n${mrkdwn(facts, 1000)}\n${mrkdwn(`Incident ${incident.id}`, 200)}`;
}

function hitRow(hit: SearchHitView): string {
  const meta = [hit.outlet, hit.published?.slice(0, 10), hit.incidentId ? `incident ${hit.incidentId}` : null].filter(Boolean).join(' · ');
  return [`*${link(hit.url, hit.title || 'untitled', 300)}*`, meta ? mrkdwn(meta, 400) : '', mrkdwn(oneLine(hit.snippet), 1500)]
    .filter((line) => line !== '')
    .join('\n');
}

function fieldSections(fields: ReadonlyArray<{ label: string; value: string }>): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    const chunk = fields.slice(i, i + SLACK_LIMITS.fieldsPerSection);
    out.push({ type: 'section', fields: chunk.map((f) => md(mrkdwn(`*${oneLine(f.label)}*\n${f.value}`, SLACK_LIMITS.fieldText))) });
  }
  return out;
}

/** Bullet lines, packed into as few sections as the 3,000-character limit allows. */
function listSections(items: readonly string[]): SlackBlock[] {
  if (items.length === 0) return [section('None.')];
  const out: SlackBlock[] = [];
  let current = '';
  for (const item of items) {
    const line = `• ${mrkdwn(oneLine(item), 1000)}`;
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}
