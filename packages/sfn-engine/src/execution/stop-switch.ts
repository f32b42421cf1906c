/**
 * An execution's stop switch: StopExecution, its TimeoutSeconds, an Express execution's five
 * minutes and a halting engine all throw it, and every thread of the execution looks at it before
 * each state.
 *
 * It is an AbortController made only when something needs a real AbortSignal (a Task's
 * invocation, a Wait's timer, the branches of a Parallel or a Map listening for it). Making an
 * AbortController costs more than running a Pass state, and most short executions (Pass and
 * Choice states, a Task answered by a mock or a Lambda in the same turn) never need one.
 */
export class StopSwitch {
  private controller: AbortController | undefined;
  private stopped = false;
  private why: unknown;

  get aborted(): boolean {
    return this.stopped;
  }

  /** What the switch was thrown with (undefined while it is not). */
  get reason(): unknown {
    return this.why;
  }

  /** A signal that aborts when the switch is thrown (already aborted if it was). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.why);
    }
    return this.controller.signal;
  }

  /** Throws the switch; the first reason stands, as an AbortController's does. */
  abort(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.why = reason;
    this.controller?.abort(reason);
  }
}

/** Whether and why a thread of an execution was stopped: its execution's switch, or a branch's signal. */
export type StopSource = StopSwitch | AbortSignal;

/** The AbortSignal of a stop source, for code that needs a real one. */
export function signalOf(source: StopSource): AbortSignal {
  return source instanceof StopSwitch ? source.signal : source;
}
