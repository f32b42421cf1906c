import { pause, turnElapsed } from '../budgets/turn';

/**
 * Executions run on the server's one thread. A state that does not wait (Pass, Choice) resolves in
 * microtasks, so a long loop or a large inline Map would never let the event loop answer an API
 * call (a 1,000,000-item Map kept the server silent for 7 s). Every execution shares the turn of
 * the event loop (budgets/turn, which JSONata evaluation pauses by too): once it has run for
 * SLICE_MS, each execution yields at its next state, and requests are served before any goes on.
 */

/** Run time per turn of the event loop, shared by all executions, before they let I/O in. */
export const SLICE_MS = 10;

/** States between two looks at the clock: a look costs more than a Pass state's bookkeeping. */
const STATES_PER_LOOK = 16;

let statesSinceLook = 0;

/** Called before each state is entered: true when the caller should `await yieldTurn()`. */
export function sliceSpent(): boolean {
  statesSinceLook += 1;
  if (statesSinceLook < STATES_PER_LOOK) return false;
  statesSinceLook = 0;
  return turnElapsed() >= SLICE_MS;
}

/** Lets timers and I/O (the HTTP server's requests) run before going on. */
export const yieldTurn: () => Promise<void> = pause;
