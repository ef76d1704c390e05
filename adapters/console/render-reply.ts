// A neutral CommandReply as plain text for a terminal (`breachwatch recent`, `show`, `stats`…): the same
// replies chat gets, in the console's words. Feed text is cleaned of control characters like alerts are.
import { affectedLabel, factLines, headline, sectorLabel } from '../../src/alerts/describe.ts';
import type { CommandReply, ReplyBlock, SearchHitView } from '../../src/commands/types.ts';
import type { Incident } from '../../src/domain/types.ts';
import { clean } from './console-sink.ts';

export function renderReplyText(reply: CommandReply): string {
  // An error's title is only "breachwatch": on a terminal the message says it all.
  const lines = [...(reply.isError ? [] : [reply.title]), ...reply.blocks.flatMap(blockLines)];
  return clean(lines.join('\n'));
}

function blockLines(block: ReplyBlock): string[] {
  switch (block.kind) {
    case 'text':
      return [block.text];
    case 'list':
      return block.items.map((item) => `  - ${oneLine(item)}`);
    case 'fields':
      return block.fields.map((f) => `  ${`${oneLine(f.label)}:`.padEnd(32)}${oneLine(f.value)}`);
    case 'incident_list':
      return block.incidents.flatMap(incidentRow);
    case 'search_hits':
      return block.hits.flatMap(hitRow);
    case 'incident':
      return incidentLines(block.incident);
  }
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function incidentRow(incident: Incident): string[] {
  const first = incident.articles[0];
  return [
    '',
    `  ${incident.id}  ${oneLine(headline(incident))}`,
    `    ${sectorLabel(incident.sector)} · ${affectedLabel(incident.affected)} affected · first seen ${incident.firstSeen.slice(0, 10)}`,
    ...(first ? [`    ${oneLine(first.outlet ?? 'Unknown outlet')}: ${oneLine(first.title)}${first.url ? ` <${first.url}>` : ''}`] : []),
  ];
}

function hitRow(hit: SearchHitView): string[] {
  const meta = [hit.outlet, hit.published?.slice(0, 10), hit.incidentId ? `incident ${hit.incidentId}` : null].filter(Boolean).join(' · ');
  return ['', `  ${oneLine(hit.title || 'untitled')}${hit.url ? ` <${hit.url}>` : ''}`, ...(meta ? [`    ${oneLine(meta)}`] : []), `    ${oneLine(hit.snippet)}`];
}

function incidentLines(incident: Incident): string[] {
  const lines = ['', `  ${oneLine(headline(incident))}  [${incident.id}]`];
  for (const { label, value } of factLines(incident)) lines.push(`    ${`${label}:`.padEnd(18)}${oneLine(value)}`);
  lines.push('    Sources:');
  for (const a of incident.articles) lines.push(`      - ${oneLine(a.outlet ?? 'Unknown outlet')}: ${oneLine(a.title)}${a.url ? ` <${a.url}>` : ''}`);
  if (incident.moreSources) lines.push(`      …and ${incident.moreSources} more`);
  lines.push(`    Why: ${oneLine(incident.reasons.join(' '))}`);
  return lines;
}
