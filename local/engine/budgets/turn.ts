/**
 * Tracks the current event-loop turn: how long synchronous and microtask work has run since the
 * loop last got control. JSONata evaluation is async but awaits only promises that are already
 * settled, so a long evaluation never yields by itself: it runs in one turn, and the server's
 * sockets and timers wait. The evaluation budget pauses when a turn has run long; the regex
 * sandbox charges its blocking time to the turn.
 */

let turnStartedAt = 0;
let turnOpen = false;
let turnNumber = 0;

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
    turnNumber += 1;
    turnStartedAt = now;
    setImmediate(closeTurn);
  }
  return now - turnStartedAt;
}

/** Gives the loop one turn (I/O, timers, other executions) and resolves after it. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A number that changes with every event-loop turn, for charging work to the turn it ran in. */
export function currentTurn(now = performance.now()): number {
  turnElapsed(now);
  return turnNumber;
}
