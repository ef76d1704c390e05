// Long synchronous work cut into turns, so that timers, signals and commands still run in between
// (a feed that holds the event loop for minutes is a hung bot: issue 16 point 1).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of work before the event loop gets a turn. */
export const TURN_MS = 10;

/**
 * A function to call between steps of a long job: once a turn is used up it returns a promise to await (the event
 * loop's turn), else null, so that a step that needs no turn costs no promise (`const turn = pause(); if (turn)
 * await turn;`).
 */
export function turnTaker(turnMs = TURN_MS): () => Promise<void> | null {
  let started = performance.now();
  return () => {
    if (performance.now() - started <= turnMs) return null;
    return nextTurn().then(() => {
      started = performance.now();
    });
  };
}
