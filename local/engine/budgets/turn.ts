/**
 * Tracks the current event-loop turn: how long synchronous and microtask work has run since the
 * loop last got control. JSONata evaluation is async but awaits only promises that are already
 * settled, so a long evaluation never yields by itself: it runs in one turn, and the server's
 * sockets and timers wait. The evaluation budget pauses when a turn has run long; a regex
 * search's blocking time counts in the turn.
 */

let turnStartedAt = 0;
let turnOpen = false;

function closeTurn(): void {
  turnOpen = false;
}

/**
 * Milliseconds since this turn started. The first call in a turn opens it and schedules its end
 * with setImmediate, which runs only once the microtask queue is empty, i.e. when the loop has
 * control again: one timer per turn, not per call.
 */
export function turnElapsed(now = performance.now()): number {
  if (!turnOpen) {
    turnOpen = true;
    turnStartedAt = now;
    setImmediate(closeTurn);
  }
  return now - turnStartedAt;
}

/** Gives the loop one turn (I/O, timers, other executions) and resolves after it. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Gives the loop back about as long as the turn that ends here held it, once that was far past a
 * slice (a regular expression that ran out its budget blocks in one piece). One turn would not
 * do: a request needs several turns (read, parse, answer), and work that blocks tens of ms in
 * each would multiply its latency; paying the time back keeps such work to half the thread.
 */
export function pauseAfterTurn(sliceMs: number): Promise<void> {
  const held = turnElapsed();
  if (held < 2 * sliceMs) return pause();
  return new Promise((resolve) => setTimeout(resolve, held));
}

/**
 * Set by work that blocked the loop for a while (a regex search on the sandbox), so that the
 * JSONata budget looks at the turn at its next step rather than up to a hundred steps later.
 */
export const clockCheck = { due: false };
