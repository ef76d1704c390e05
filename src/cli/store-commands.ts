// `breachwatch recent|search|show|stats|feed list|feed test` and `preview`: the chat commands, run from a
// terminal against the configured store. They go through the same parser and handler as /breach in Slack
// and Discord; only the rendering differs (plain text, or the reply as JSON with --json).
import { userMessage } from '../domain/errors.ts';
import { compactIncident, type AlertPayload } from '../domain/delivery.ts';
import type { CommandDeps } from '../commands/deps.ts';
import { handleCommand } from '../commands/handle-command.ts';
import { parseCommandText } from '../commands/parse-command.ts';
import type { Command, CommandContext, CommandReply } from '../commands/types.ts';
import type { Incident } from '../domain/types.ts';

/** The command core's dependencies for one command-line run, and how to let go of the store. */
export interface CommandSession {
  deps: CommandDeps;
  storeId(): Promise<string>;
  close(): Promise<void>;
}

export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Someone at a terminal with the store file is its operator: admin commands (feed list, feed test) are theirs. */
const TERMINAL: CommandContext = { platform: 'console', userId: 'terminal', isAdmin: true, channelId: null, workspaceId: null };

/** Chat's hints ("Usage: /breach recent [n]") name the command-line command on a terminal, when there is one. */
export const forTerminal = (text: string): string => text.replace(/\/breach (recent|search|show|stats|feed list|feed test|feed add|help)\b/g, 'breachwatch $1');

/**
 * Runs one chat command given as its words ("recent 10 police") and prints the reply. Returns the exit
 * code: 0, 1 when the reply is an error, 2 when the words are not a command.
 */
export async function runStoreCommand(
  words: readonly string[],
  session: CommandSession,
  options: { json: boolean; render: (reply: CommandReply) => string; out: CommandOutput },
): Promise<number> {
  const command = parseCommandText(words.map((w) => (/\s/.test(w) ? `"${w.replace(/"/g, '')}"` : w)).join(' '));
  if (command.kind === 'parse_error') {
    options.out.stderr(`${forTerminal(command.message)}\n`);
    return 2;
  }
  return runCommand(command, session, options);
}

/** Runs one parsed chat command and prints the reply; the exit code is 1 when the reply is an error. */
export async function runCommand(
  command: Command,
  session: CommandSession,
  options: { json: boolean; render: (reply: CommandReply) => string; out: CommandOutput },
): Promise<number> {
  const reply = await handleCommand(command, TERMINAL, session.deps);
  if (options.json) options.out.stdout(`${JSON.stringify({ title: reply.title, error: reply.isError === true, blocks: reply.blocks })}\n`);
  else if (reply.isError) options.out.stderr(`${forTerminal(options.render(reply))}\n`);
  else options.out.stdout(`${forTerminal(options.render(reply))}\n`);
  return reply.isError ? 1 : 0;
}

/** An alert as each platform would post it. Built by main.ts from the real renderers in adapters/. */
export interface AlertRenderers {
  slack: (payload: AlertPayload) => { text: string; blocks: unknown[] };
  discord: (payload: AlertPayload, storeId: string) => unknown;
}

export interface Preview {
  incident: string;
  slack: { text: string; blocks: unknown[] };
  /** Opens Slack's Block Kit Builder with the alert's blocks. */
  blockKitBuilder: string;
  discord: unknown;
}

export function blockKitBuilderUrl(blocks: readonly unknown[]): string {
  return `https://app.slack.com/block-kit-builder#${encodeURIComponent(JSON.stringify({ blocks }))}`;
}

/** `breachwatch preview [incident]`: the alert of an incident (the latest when none is named) on each platform. */
export async function runPreview(
  incidentId: string | null,
  session: CommandSession,
  options: { json: boolean; renderers: AlertRenderers; out: CommandOutput },
): Promise<number> {
  let incident: Incident | null;
  try {
    incident = incidentId ? await session.deps.store.getIncident(incidentId.trim()) : ((await session.deps.store.recentIncidents({ limit: 1 }))[0] ?? null);
  } catch (error) {
    options.out.stderr(`breachwatch preview: ${userMessage(error)}\n`);
    return 1;
  }
  if (!incident) {
    options.out.stderr(
      incidentId
        ? `No incident "${incidentId}". Incident ids look like bw-0q2ft4d0dm: see \`breachwatch recent\`.\n`
        : 'No incidents in the store yet. Run `breachwatch start` to poll the feeds, or `breachwatch preview --demo` to see an alert\n' +
            'made from the sample articles.\n',
    );
    return 1;
  }
  const payload: AlertPayload = { kind: 'alert', incident: compactIncident(incident), factChanges: [], source: null };
  const slack = options.renderers.slack(payload);
  const preview: Preview = {
    incident: incident.id,
    slack,
    blockKitBuilder: blockKitBuilderUrl(slack.blocks),
    discord: options.renderers.discord(payload, await session.storeId()),
  };
  options.out.stdout(options.json ? `${JSON.stringify(preview)}\n` : `${formatPreview(preview)}\n`);
  return 0;
}

function formatPreview(preview: Preview): string {
  return [
    `Alert for incident ${preview.incident}, as breachwatch would post it.`,
    '',
    'Slack (Block Kit):',
    JSON.stringify(preview.slack, null, 2),
    '',
    `See it in Slack's Block Kit Builder: ${preview.blockKitBuilder}`,
    '',
    'Discord (message body with its embed):',
    JSON.stringify(preview.discord, null, 2),
  ].join('\n');
}
