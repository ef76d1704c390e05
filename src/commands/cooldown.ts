// Per-user cooldowns for commands that make the bot fetch a URL (feed add, feed test), so that a
// chat member cannot make it hammer a site. Backed by keyv, so they hold across restarts.
import type { Keyv } from 'keyv';

export const FETCH_COOLDOWN_MS = 15_000;

/** Starts a cooldown for `key`, or returns how many ms are left of the running one. */
export async function takeCooldown(keyv: Keyv<number>, key: string, ms: number, now: number): Promise<number> {
  const until = await keyv.get(key);
  if (typeof until === 'number' && until > now) return until - now;
  await keyv.set(key, now + ms, ms);
  return 0;
}
