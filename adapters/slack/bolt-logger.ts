// Bolt, its WebClient and its Socket Mode client log through our logger, with our secrets removed
// (defence in depth: the app logger redacts too, when main passes it the secrets).
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log/logger.ts';

/** Replaces every secret (≥ 6 characters) in `text` with "[redacted]". */
export function redactor(secrets: ReadonlyArray<string | null>): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return (text) => list.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

const MAX_LINE = 2000;

function stringify(parts: readonly unknown[]): string {
  const text = parts
    .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p) ?? String(p)))
    .join(' ');
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}

export function boltLogger(log: Logger, redact: (text: string) => string): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const write = (fn: (event: string, message: string) => void) => (...parts: unknown[]) => fn('slack:bolt', redact(stringify(parts)));
  return {
    // Bolt's info lines (connections, retries) are detail for us; its warnings and errors are not.
    debug: write((e, m) => log.debug(e, m)),
    info: write((e, m) => log.debug(e, m)),
    warn: write((e, m) => log.warn(e, m)),
    error: write((e, m) => log.error(e, m)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
