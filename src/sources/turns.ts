// Long synchronous work cut into turns, so that timers, signals and commands still run in between
// (a feed that holds the event loop for minutes is a hung bot: issue 16 point 1).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of work before the event loop gets a turn. */
export const TURN_MS = 10;

/** A function to await between steps of a long job: it yields to the event loop once a turn is used up. */
export function turnTaker(turnMs = TURN_MS): () => Promise<void> {
  let started = performance.now();
  return async () => {
    if (performance.now() - started <= turnMs) return;
    await nextTurn();
    started = performance.now();
  };
}
