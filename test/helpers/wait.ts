// Polls a condition until it holds, for tests that watch a child process or a server.
export async function waitFor(check: () => boolean, ms = 20_000, what = 'the condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
