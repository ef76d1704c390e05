// Registers /breach only when it changed: fetch what Discord has, compare a normalised form (only the
// fields we set, with Discord's defaults filled in), and PUT only when they differ. Registering on
// every start would hit Discord's daily command-create limit and, globally, take up to an hour.
import { Routes } from 'discord.js';
import type { REST, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ChoiceSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number()]) });
interface NormalOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
  options?: NormalOption[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
}
const OptionSchema: z.ZodType<NormalOption> = z.lazy(() =>
  z.object({
    type: z.number(),
    name: z.string(),
    description: z.string(),
    required: z.boolean().optional(),
    choices: z.array(ChoiceSchema).optional(),
    options: z.array(OptionSchema).optional(),
    channel_types: z.array(z.number()).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
    min_length: z.number().optional(),
    max_length: z.number().optional(),
    autocomplete: z.boolean().optional(),
  }),
);
const CommandSchema = z.object({
  name: z.string(),
  description: z.string(),
  type: z.number().optional(),
  options: z.array(OptionSchema).optional(),
  default_member_permissions: z.string().nullable().optional(),
  contexts: z.array(z.number()).nullable().optional(),
  nsfw: z.boolean().optional(),
});
const CommandListSchema = z.array(z.unknown());

function normaliseOption(option: NormalOption): Json {
  const out: { [key: string]: Json } = { type: option.type, name: option.name, description: option.description, required: option.required ?? false };
  if (option.choices?.length) out.choices = option.choices.map((c) => ({ name: c.name, value: c.value }));
  if (option.options?.length) out.options = option.options.map(normaliseOption);
  if (option.channel_types?.length) out.channel_types = [...option.channel_types].sort((a, b) => a - b);
  for (const key of ['min_value', 'max_value', 'min_length', 'max_length'] as const) {
    const value = option[key];
    if (value !== undefined) out[key] = value;
  }
  out.autocomplete = option.autocomplete ?? false;
  return out;
}

/** The comparable form of one command; unknown or server-only fields (id, version…) are left out. */
export function normaliseCommand(raw: unknown): Json {
  const parsed = CommandSchema.safeParse(raw);
  if (!parsed.success) return { invalid: true };
  const c = parsed.data;
  return {
    name: c.name,
    description: c.description,
    type: c.type ?? 1,
    options: (c.options ?? []).map(normaliseOption),
    default_member_permissions: c.default_member_permissions ?? null,
    contexts: c.contexts ? [...c.contexts].sort((a, b) => a - b) : null,
    nsfw: c.nsfw ?? false,
  };
}

/** True when Discord already has exactly these commands (by name, in any order). */
export function sameCommands(existing: readonly unknown[], wanted: readonly unknown[]): boolean {
  const key = (list: readonly unknown[]) =>
    list
      .map((c) => JSON.stringify(normaliseCommand(c)))
      .sort()
      .join('\n');
  return key(existing) === key(wanted);
}

export interface RegisterResult {
  scope: 'guild' | 'global';
  changed: boolean;
}

/** GETs the registered commands and PUTs `commands` only when they differ. */
export async function registerCommands(
  rest: REST,
  target: { applicationId: string; guildId: string | null },
  commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<RegisterResult> {
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  const scope = target.guildId ? 'guild' : 'global';
  const existing = CommandListSchema.parse(await rest.get(route));
  if (sameCommands(existing, commands)) return { scope, changed: false };
  await rest.put(route, { body: commands });
  return { scope, changed: true };
}
