// Alerts and updates as Discord embeds. Words come from src/alerts/describe.ts so that every platform
// says the same thing; every string from a feed goes through discord-text.ts first.
import { createHash } from 'node:crypto';
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { factLines, headline } from '../../src/alerts/describe.ts';
import { sourceCount, type AlertPayload } from '../../src/domain/delivery.ts';
import type { ArticleRef, Incident, Sector } from '../../src/domain/types.ts';
import { DISCORD_LIMITS, hostLink, markdownText, plainText, safeUrl } from './discord-text.ts';
import { fitEmbeds, shorten } from './embed-limits.ts';

/** One colour per sector, so a channel can be scanned at a glance. */
export const SECTOR_COLOURS: Record<Sector, number> = {
  police: 0x1d4ed8,
  council: 0x15803d,
  nhs: 0x005eb8,
  central_government: 0x7e22ce,
  education: 0xca8a04,
  justice: 0x991b1b,
  transport: 0x0f766e,
  regulator: 0xc2410c,
  other_public: 0x475569,
};
const UNKNOWN_SECTOR_COLOUR = 0x6b7280;

export const sectorColour = (sector: Sector | null): number => (sector ? SECTOR_COLOURS[sector] : UNKNOWN_SECTOR_COLOUR);

/** The message body Discord receives: embeds, no pings, ever. */
export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: []; replied_user?: boolean };
}

const INLINE = new Set(['People affected', 'Cause', 'First seen']);
const MAX_SOURCES_SHOWN = 10;

/** "• [news.example](url) Council hit by attack (Example News)": the link label is the real host. */
export function sourceLine(article: Pick<ArticleRef, 'url' | 'title' | 'outlet'>, max = 300): string {
  const url = safeUrl(article.url);
  const outlet = article.outlet ? ` (${article.outlet})` : '';
  const text = markdownText(`${article.title}${outlet}`, max);
  return url ? `• ${hostLink(url)} ${text}` : `• ${text}`;
}

/** Whole lines up to the field limit, then "and N more", so a link is never cut in half; `total` counts unlisted ones. */
export function sourcesValue(articles: readonly ArticleRef[], max: number = DISCORD_LIMITS.fieldValue, total = articles.length): string {
  const lines: string[] = [];
  let length = 0;
  const shown = articles.slice(0, MAX_SOURCES_SHOWN);
  for (const [i, article] of shown.entries()) {
    const line = sourceLine(article);
    const remaining = total - i - 1;
    const tail = remaining > 0 ? `\n…and ${remaining} more` : '';
    if (length + line.length + 1 + tail.length > max) {
      lines.push(`…and ${total - i} more`);
      return lines.join('\n');
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (total > shown.length) lines.push(`…and ${total - shown.length} more`);
  return lines.length > 0 ? lines.join('\n') : 'None yet';
}

function field(name: string, value: string, inline = false): APIEmbedField {
  return {
    name: markdownText(name, DISCORD_LIMITS.fieldName),
    value: markdownText(value, DISCORD_LIMITS.fieldValue) || '—',
    inline,
  };
}

/**
 * How an alert's footer starts: the incident, and with `storeTag` the store that posted it, so that
 * a deployment recognises its own alerts in a channel it shares with another (issue 16 point 8).
 */
/** A short, stable tag of the store for alert footers (the id itself stays out of sight). */
export function storeTagOf(storeId: string): string {
  return createHash('sha256').update(storeId).digest('hex').slice(0, 8);
}

export function alertFooterPrefix(incidentId: string, storeTag?: string): string {
  return `Incident ${incidentId} · ${storeTag ? `store ${storeTag} · ` : ''}`;
}

/** The alert embed for an incident's current facts (also used to edit the alert after an update). */
export function renderIncidentEmbed(incident: Incident, storeTag?: string): APIEmbed {
  const facts = factLines(incident);
  const fields: APIEmbedField[] = [];
  for (const { label, value } of facts) {
    if (label === 'First seen') {
      fields.push({ name: 'Sources', value: sourcesValue(incident.articles, DISCORD_LIMITS.fieldValue, sourceCount(incident)), inline: false });
    }
    fields.push(field(label === 'Organisation' ? 'Organisation & sector' : label, value, INLINE.has(label)));
  }
  const url = safeUrl(incident.articles[0]?.url);
  const reasons = incident.reasons.length > 0 ? incident.reasons.join(' ') : 'Classified as a public-sector breach.';
  const embed: APIEmbed = {
    title: markdownText(`🚨 ${headline(incident)}`, DISCORD_LIMITS.title),
    color: sectorColour(incident.sector),
    fields: fields.slice(0, DISCORD_LIMITS.fields),
    footer: { text: plainText(`${alertFooterPrefix(incident.id, storeTag)}Why: ${reasons}`, DISCORD_LIMITS.footer) },
    timestamp: validIso(incident.firstSeen),
  };
  if (url) embed.url = url;
  return embed;
}

/** The reply under the original alert: what changed, and where it was reported. */
export function renderUpdateEmbed(payload: AlertPayload): APIEmbed {
  const { incident } = payload;
  const changes = payload.factChanges.map((c) => `• ${markdownText(c, 600)}`).join('\n');
  const fields: APIEmbedField[] = [];
  if (payload.source) {
    // A long checked URL plus the title can pass the field limit: then show the source unlinked.
    const line = sourceLine(payload.source, 900);
    const value = line.length <= DISCORD_LIMITS.fieldValue ? line : sourceLine({ ...payload.source, url: null }, 900);
    fields.push({ name: 'Reported by', value, inline: false });
  }
  fields.push({ name: 'Sources now', value: String(sourceCount(incident)), inline: true });
  return {
    title: markdownText(`Update: ${headline(incident)}`, DISCORD_LIMITS.title),
    description: changes.length > 0 ? shorten(changes, DISCORD_LIMITS.description) : 'New source; the facts are unchanged.',
    color: sectorColour(incident.sector),
    fields,
    footer: { text: plainText(`Update to incident ${incident.id}`, DISCORD_LIMITS.footer) },
  };
}

/** The body of a new alert message (and of its edits), marked with the posting store's tag. */
export function renderAlertMessage(payload: AlertPayload, storeTag?: string): DiscordMessageBody {
  return { embeds: fitEmbeds([renderIncidentEmbed(payload.incident, storeTag)]), allowed_mentions: { parse: [] } };
}

/** The body of the reply that says what changed (sent only when facts changed). */
export function renderUpdateMessage(payload: AlertPayload): DiscordMessageBody {
  return { embeds: fitEmbeds([renderUpdateEmbed(payload)]), allowed_mentions: { parse: [], replied_user: false } };
}

function validIso(value: string): string | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
