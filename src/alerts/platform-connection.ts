// Connecting a chat platform without letting it stop the bot: a token the platform rejects stops the
// start (ConfigInvalid, with the variable to fix); anything else (unreachable, 5xx, no answer) is logged
// and retried with backoff in the background while polling, storing and the other destinations go on.
// Alerts for the platform wait in the outbox meanwhile (its sink keeps retrying); when it connects,
// `onConnected` lets the caller send them at once.
import { BreachwatchError, ErrorCode, describeError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';

export interface PlatformStarter {
  /** "slack", "discord": the sink's name. */
  name: string;
  /** "Slack", "Discord": for messages. */
  label: string;
  /** Checks the token and connects; throws a BreachwatchError (ConfigInvalid when the token is rejected). */
  start(): Promise<void>;
}

export interface ConnectOptions {
  log: Logger;
  /** Aborted at shutdown: no more attempts. */
  signal: AbortSignal;
  /** How long the start waits for the first attempt before going on without the platform (default 20 s). */
  firstAttemptWaitMs?: number;
  /** Delay before retry n (1, 2, …); default 5 s doubling to 5 min. */
  retryDelayMs?: (attempt: number) => number;
  /** Called after every successful (re)connection made in the background. */
  onConnected?: () => void;
}

const MAX_RETRY_DELAY_MS = 5 * 60 * 1000;

/** 5 s, 10 s, 20 s … capped at 5 min. */
export function platformRetryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 5_000 * 2 ** Math.max(0, attempt - 1));
}

/** A token (or other credential) the platform refused: retrying cannot help, a person must fix it. */
export function isRejectedCredential(error: unknown): boolean {
  return error instanceof BreachwatchError && error.code === ErrorCode.ConfigInvalid;
}

type FirstOutcome = { kind: 'connected' } | { kind: 'failed'; error: unknown } | { kind: 'waiting' };

/**
 * Starts a platform. Resolves once it is connected, or once it is clear it cannot be yet (it then keeps
 * trying in the background); rejects only when the platform rejected a credential.
 */
export async function connectPlatform(platform: PlatformStarter, options: ConnectOptions): Promise<'connected' | 'retrying'> {
  const { log } = options;
  const attempt = platform.start();
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<FirstOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'waiting' }), options.firstAttemptWaitMs ?? 20_000);
  });
  const first = await Promise.race([
    attempt.then(
      (): FirstOutcome => ({ kind: 'connected' }),
      (error: unknown): FirstOutcome => ({ kind: 'failed', error }),
    ),
    waited,
  ]);
  clearTimeout(timer);
  if (first.kind === 'connected') return 'connected';
  if (first.kind === 'failed') {
    if (isRejectedCredential(first.error)) throw first.error;
    warnDown(platform, first.error, log);
    void retry(platform, options, 1);
    return 'retrying';
  }
  log.warn(
    `${platform.name}:waiting`,
    `${platform.label} has not answered yet; breachwatch runs without it meanwhile (alerts for it wait in the outbox) and keeps connecting.`,
  );
  attempt.then(
    () => connected(platform, options),
    (error: unknown) => {
      if (stopForGood(platform, error, log)) return;
      warnDown(platform, error, log);
      void retry(platform, options, 1);
    },
  );
  return 'retrying';
}

function warnDown(platform: PlatformStarter, error: unknown, log: Logger): void {
  log.warn(
    `${platform.name}:unreachable`,
    `${platform.label} is not available; breachwatch keeps polling and storing, alerts for ${platform.label} wait in the ` +
      `outbox and go out when it is back, and the connection is retried with backoff. ${describeError(error)}`,
  );
}

/** A credential rejected after start-up cannot stop the bot any more: it is logged, and retrying stops. */
function stopForGood(platform: PlatformStarter, error: unknown, log: Logger): boolean {
  if (!isRejectedCredential(error)) return false;
  log.error(`${platform.name}:rejected`, `${describeError(error)} ${platform.label} stays disconnected until then.`);
  return true;
}

function connected(platform: PlatformStarter, options: ConnectOptions): void {
  options.log.info(`${platform.name}:connected`, `Connected to ${platform.label}; alerts waiting for it go out now.`);
  options.onConnected?.();
}

async function retry(platform: PlatformStarter, options: ConnectOptions, attempt: number): Promise<void> {
  const delay = (options.retryDelayMs ?? platformRetryDelayMs)(attempt);
  if (!(await sleep(delay, options.signal))) return;
  try {
    await platform.start();
  } catch (error) {
    if (options.signal.aborted || stopForGood(platform, error, options.log)) return;
    options.log.warn(`${platform.name}:retry`, `Still cannot connect to ${platform.label} (attempt ${attempt + 1}): ${describeError(error)}`);
    void retry(platform, options, attempt + 1);
    return;
  }
  if (!options.signal.aborted) connected(platform, options);
}

/** Resolves true after `ms`, or false as soon as the signal is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve(true);
    }, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
