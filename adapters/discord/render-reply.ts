// A neutral CommandReply as a Discord interaction reply: one embed for the text, lists and fields,
// plus one embed per incident shown. Admin replies and errors are ephemeral.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { affectedLabel, sectorLabel } from '../../src/alerts/describe.ts';
import type { CommandReply, ReplyBlock, SearchHitView } from '../../src/commands/types.ts';
import type { Incident } from '../../src/domain/types.ts';
import { DISCORD_LIMITS, hostLink, markdownText, safeUrl } from './discord-text.ts';
import { fitEmbeds, shorten } from './embed-limits.ts';
import { renderIncidentEmbed } from './render-alert.ts';

const REPLY_COLOUR = 0x2563eb;
const ERROR_COLOUR = 0xdc2626;
const MAX_INCIDENT_EMBEDS = 9;

export interface RenderedReply {
  embeds: APIEmbed[];
  /** Seen only by the person who asked. */
  ephemeral: boolean;
}

/** Incident ids are our own hashes; anything else is escaped like feed text. */
const incidentId = (id: string): string => (/^[A-Za-z0-9-]{1,40}$/.test(id) ? `\`${id}\`` : markdownText(id, 60));

export function incidentLine(incident: Incident): string {
  const url = safeUrl(incident.articles[0]?.url);
  const facts = `${sectorLabel(incident.sector)} · ${affectedLabel(incident.affected)} affected · first seen ${incident.firstSeen.slice(0, 10)}`;
  const name = markdownText(incident.organisation, 200);
  return `• **${name}** (${markdownText(facts, 200)}) ${incidentId(incident.id)}${url ? ` ${hostLink(url)}` : ''}`;
}

export function searchHitLine(hit: SearchHitView): string {
  const url = safeUrl(hit.url);
  const meta = [hit.outlet, hit.published?.slice(0, 10)].filter(Boolean).join(', ');
  const title = markdownText(`${hit.title}${meta ? ` (${meta})` : ''}`, 250);
  const snippet = hit.snippet ? `\n  ${markdownText(hit.snippet, 250)}` : '';
  const incident = hit.incidentId ? ` ${incidentId(hit.incidentId)}` : '';
  return `• ${url ? `${hostLink(url)} ` : ''}${title}${incident}${snippet}`;
}

function blockText(block: ReplyBlock): string | null {
  switch (block.kind) {
    case 'text':
      return markdownText(block.text, 1500);
    case 'list':
      return block.items.map((item) => `• ${markdownText(item, 400)}`).join('\n');
    case 'incident_list':
      return block.incidents.map(incidentLine).join('\n');
    case 'search_hits':
      return block.hits.map(searchHitLine).join('\n');
    case 'fields':
    case 'incident':
      return null;
  }
}

/** Joins whole lines up to the description limit, so a link or an escape is never cut in half. */
function joinLines(parts: readonly string[], max: number): string {
  const lines = parts.join('\n\n').split('\n');
  let out = '';
  for (const line of lines) {
    const next = out === '' ? line : `${out}\n${line}`;
    if (next.length > max - 2) return out === '' ? shorten(line, max) : `${out}\n…`;
    out = next;
  }
  return out;
}

export function renderReply(reply: CommandReply): RenderedReply {
  const colour = reply.isError ? ERROR_COLOUR : REPLY_COLOUR;
  const texts: string[] = [];
  const fields: APIEmbedField[] = [];
  const incidents: APIEmbed[] = [];
  for (const block of reply.blocks) {
    const text = blockText(block);
    if (text !== null && text !== '') texts.push(text);
    if (block.kind === 'fields') {
      for (const f of block.fields) {
        fields.push({
          name: markdownText(f.label, DISCORD_LIMITS.fieldName) || '—',
          value: markdownText(f.value, DISCORD_LIMITS.fieldValue) || '—',
          inline: f.value.length < 40,
        });
      }
    }
    if (block.kind === 'incident' && incidents.length < MAX_INCIDENT_EMBEDS) incidents.push(renderIncidentEmbed(block.incident));
  }
  const main: APIEmbed = { title: markdownText(reply.title, DISCORD_LIMITS.title) || 'breachwatch', color: colour };
  if (texts.length > 0) main.description = joinLines(texts, DISCORD_LIMITS.description);
  if (fields.length > 0) main.fields = fields.slice(0, DISCORD_LIMITS.fields);
  return { embeds: fitEmbeds([main, ...incidents]), ephemeral: reply.visibility === 'ephemeral' || reply.isError === true };
}
