// connectPlatform: a rejected token stops the start; anything else is retried in the background.
import { describe, expect, it } from 'vitest';
import { connectPlatform, platformRetryDelayMs, type PlatformStarter } from '../../src/alerts/platform-connection.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/log/logger.ts';
import { waitFor } from '../helpers/wait.ts';

const down = (): BreachwatchError => new BreachwatchError(ErrorCode.DeliveryFailed, 'Could not reach Chat.');
const rejected = (): BreachwatchError => new BreachwatchError(ErrorCode.ConfigInvalid, 'Chat rejected CHAT_TOKEN.');

/** A platform whose start() answers each attempt in turn: undefined connects, an error fails. */
function platform(answers: Array<BreachwatchError | undefined>): PlatformStarter & { attempts: number } {
  const p = {
    name: 'chat',
    label: 'Chat',
    attempts: 0,
    start: async (): Promise<void> => {
      const answer = answers[Math.min(p.attempts, answers.length - 1)];
      p.attempts += 1;
      if (answer) throw answer;
    },
  };
  return p;
}

function options(extra: { signal?: AbortSignal; firstAttemptWaitMs?: number } = {}) {
  const lines: string[] = [];
  const connected: number[] = [];
  return {
    lines,
    connected,
    options: {
      log: createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) }),
      signal: extra.signal ?? new AbortController().signal,
      retryDelayMs: () => 5,
      firstAttemptWaitMs: extra.firstAttemptWaitMs ?? 1000,
      onConnected: () => connected.push(Date.now()),
    },
  };
}

describe('connectPlatform', () => {
  it('connects at once when the platform answers', async () => {
    const run = options();
    expect(await connectPlatform(platform([undefined]), run.options)).toBe('connected');
    expect(run.connected).toEqual([]); // the first connection needs no catching up
  });

  it('stops the start when the platform rejects the token', async () => {
    const p = platform([rejected()]);
    await expect(connectPlatform(p, options().options)).rejects.toThrow(/CHAT_TOKEN/);
    expect(p.attempts).toBe(1);
  });

  it('goes on without an unreachable platform and retries until it answers, then says so once', async () => {
    const p = platform([down(), down(), undefined]);
    const run = options();
    expect(await connectPlatform(p, run.options)).toBe('retrying');
    await waitFor(() => run.connected.length === 1, 2000);
    expect(p.attempts).toBe(3);
    expect(run.lines.filter((l) => l.includes('is not available'))).toHaveLength(1);
    expect(run.lines.filter((l) => l.includes('Connected to Chat'))).toHaveLength(1);
  });

  it('does not hold up the start for a platform that does not answer, and connects when it does', async () => {
    let release: () => void = () => undefined;
    const slow: PlatformStarter = { name: 'chat', label: 'Chat', start: () => new Promise<void>((resolve) => (release = resolve)) };
    const run = options({ firstAttemptWaitMs: 10 });
    expect(await connectPlatform(slow, run.options)).toBe('retrying');
    expect(run.lines.join('\n')).toMatch(/has not answered yet/);
    release();
    await waitFor(() => run.connected.length === 1, 2000);
  });

  it('stops retrying when a later attempt finds the token rejected, or at shutdown', async () => {
    const p = platform([down(), rejected()]);
    const run = options();
    await connectPlatform(p, run.options);
    await waitFor(() => run.lines.some((l) => l.includes('chat:rejected')), 2000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.attempts).toBe(2);

    const controller = new AbortController();
    const q = platform([down()]);
    await connectPlatform(q, options({ signal: controller.signal }).options);
    controller.abort();
    const after = q.attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(q.attempts).toBe(after);
  });

  it('backs off from 5 s to at most 5 min', () => {
    expect([1, 2, 3, 10].map(platformRetryDelayMs)).toEqual([5_000, 10_000, 20_000, 300_000]);
  });
});
