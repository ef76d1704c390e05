// A small structured logger: one line per event, to stderr, with secrets redacted.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, message: string, fields?: LogFields): void;
  info(event: string, message: string, fields?: LogFields): void;
  warn(event: string, message: string, fields?: LogFields): void;
  error(event: string, message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'pretty' | 'json';
  /** Values that must never be printed (tokens, signing secrets, webhook URLs). */
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const format = options.format ?? 'pretty';
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const redact = (text: string): string =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

  const log = (level: LogLevel, event: string, message: string, fields: LogFields = {}): void => {
    if (RANK[level] < min) return;
    const time = now().toISOString();
    if (format === 'json') {
      write(redact(JSON.stringify({ time, level, event, message, ...fields })));
      return;
    }
    const extras = Object.entries(fields)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    write(redact(`${time.slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${message}${extras ? `  (${extras})` : ''}`));
  };

  return {
    debug: (event, message, fields) => log('debug', event, message, fields),
    info: (event, message, fields) => log('info', event, message, fields),
    warn: (event, message, fields) => log('warn', event, message, fields),
    error: (event, message, fields) => log('error', event, message, fields),
  };
}

/** A logger that prints nothing, for tests and one-shot CLI commands. */
export function silentLogger(): Logger {
  const none = (): void => undefined;
  return { debug: none, info: none, warn: none, error: none };
}
