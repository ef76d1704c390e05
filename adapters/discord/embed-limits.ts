// Keeps a message's embeds within Discord's limits: each part is cut to its own limit when rendered;
// this trims the longest parts further until all embeds together fit in 6,000 characters.
import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS, discordLength } from './discord-text.ts';

const ELLIPSIS = '…';

/** The characters Discord counts towards the 6,000 limit of one message's embeds. */
export function embedLength(embed: APIEmbed): number {
  let total = discordLength(embed.title) + discordLength(embed.description) + discordLength(embed.footer?.text) + discordLength(embed.author?.name);
  for (const field of embed.fields ?? []) total += discordLength(field.name) + discordLength(field.value);
  return total;
}

export const embedsLength = (embeds: readonly APIEmbed[]): number => embeds.reduce((sum, e) => sum + embedLength(e), 0);

/** Shortens text that was already escaped: never ends on a lone backslash or half a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

type Slot = { get: () => string; set: (v: string) => void; min: number };

function slots(embed: APIEmbed): Slot[] {
  const out: Slot[] = [];
  if (embed.description !== undefined) out.push({ get: () => embed.description ?? '', set: (v) => (embed.description = v), min: 1 });
  for (const field of embed.fields ?? []) out.push({ get: () => field.value, set: (v) => (field.value = v), min: 1 });
  if (embed.footer) {
    const footer = embed.footer;
    out.push({ get: () => footer.text, set: (v) => (footer.text = v), min: 1 });
  }
  return out;
}

/**
 * Returns copies of the embeds, at most 10, trimmed so that together they fit in `budget` characters.
 * The longest text is cut first, so short facts survive and long feed text gives way.
 */
export function fitEmbeds(embeds: readonly APIEmbed[], budget: number = DISCORD_LIMITS.embedTotal): APIEmbed[] {
  const copies: APIEmbed[] = embeds.slice(0, DISCORD_LIMITS.embedsPerMessage).map((e) => structuredClone(e));
  for (const embed of copies) {
    if (embed.fields && embed.fields.length > DISCORD_LIMITS.fields) embed.fields = embed.fields.slice(0, DISCORD_LIMITS.fields);
  }
  let excess = embedsLength(copies) - budget;
  const all = copies.flatMap(slots);
  while (excess > 0) {
    const longest = all.reduce<Slot | null>((best, s) => (best === null || s.get().length > best.get().length ? s : best), null);
    if (!longest || longest.get().length <= longest.min + ELLIPSIS.length) break;
    const current = longest.get();
    const next = shorten(current, Math.max(longest.min + ELLIPSIS.length, current.length - excess));
    longest.set(next);
    excess -= current.length - next.length;
  }
  // Still too long (many embeds with long titles): drop trailing embeds.
  while (copies.length > 1 && embedsLength(copies) > budget) copies.pop();
  return copies;
}
