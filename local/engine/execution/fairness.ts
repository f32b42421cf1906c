import { performance } from 'node:perf_hooks';

/**
 * Executions run on the server's one thread. A state that does not wait (Pass, Choice) resolves in
 * microtasks, so a long loop or a large inline Map would never let the event loop answer an API
 * call (a 1,000,000-item Map kept the server silent for 7 s). Every execution shares one time
 * slice per turn of the event loop: once it is spent, each execution yields at its next state,
 * and requests are served before any of them goes on.
 */

/** Run time per turn of the event loop, shared by all executions, before they let I/O in. */
export const SLICE_MS = 10;

/** States between two looks at the clock: a look costs more than a Pass state's bookkeeping. */
const STATES_PER_LOOK = 16;

let statesSinceLook = 0;
let sliceOpen = false;
let sliceEnds = 0;

const closeSlice = () => {
  sliceOpen = false;
};

/**
 * Called before each state is entered: true when this turn's slice is spent and the caller should
 * `await yieldTurn()`. The slice starts at the first look of a turn and ends when the event loop
 * gets to its check phase (setImmediate), i.e. once I/O has had its turn.
 */
export function sliceSpent(): boolean {
  statesSinceLook += 1;
  if (statesSinceLook < STATES_PER_LOOK) return false;
  statesSinceLook = 0;
  const now = performance.now();
  if (!sliceOpen) {
    sliceOpen = true;
    sliceEnds = now + SLICE_MS;
    setImmediate(closeSlice);
    return false;
  }
  return now >= sliceEnds;
}

/** Lets timers and I/O (the HTTP server's requests) run before going on. */
export const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
