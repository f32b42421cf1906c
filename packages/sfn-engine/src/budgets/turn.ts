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

/**
 * Pauses in flight: work that gave the loop a turn and goes on after it. A virtual clock holds
 * its time still while there are any (see VirtualClock): the work is not idle, only yielding,
 * and a timer must not fire ahead of it (an execution's TimeoutSeconds in the middle of a long
 * JSONata evaluation, TestState's five minutes).
 */
let pausing = 0;

/** How many pauses are in flight, in any execution of this process. */
export const pausesInFlight = (): number => pausing;

function pauseFor(schedule: (resume: () => void) => void): Promise<void> {
  pausing += 1;
  return new Promise((resolve) =>
    schedule(() => {
      pausing -= 1;
      resolve();
    }),
  );
}

/** Gives the loop one turn (I/O, timers, other executions) and resolves after it. */
export function pause(): Promise<void> {
  return pauseFor((resume) => setImmediate(resume));
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
  return pauseFor((resume) => setTimeout(resume, held));
}

/**
 * Set by work that blocked the loop for a while (a regex search on the sandbox), so that the
 * JSONata budget looks at the turn at its next step rather than up to a hundred steps later.
 */
export const clockCheck = { due: false };
