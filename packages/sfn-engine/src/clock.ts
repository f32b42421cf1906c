import { pausesInFlight } from './budgets/turn';

/**
 * Time as the engine sees it. Waits, retry back-off and timeouts all go through a Clock, so tests
 * use a virtual one (no real time passes) and the server a real one, optionally scaled.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` (in a microtask, as a sleep's continuation would run) after `ms` of this clock's
   * time unless cancelled first. What sleep does for a caller that only needs to cancel, without
   * an AbortSignal: creating and aborting one costs more than a short execution's five states
   * (an Express execution's five-minute limit is armed and cancelled for every execution).
   * Optional: without it, callers sleep with a signal.
   */
  after?(ms: number, fire: () => void): { cancel(): void };
  /**
   * Runs real asynchronous work (a task invocation). A virtual clock does not move time forward
   * while tracked work is in flight, so a timeout cannot fire just because the work takes real time.
   */
  track<T>(work: Promise<T>): Promise<T>;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/**
 * Node keeps a timer's delay in 32 bits: anything over 2^31-1 ms (24.8 days) is taken as 1 ms, so
 * a 30-day Wait or a year's TimeoutSeconds would fire at once. Longer delays are slept as a chain
 * of shorter timers, each re-reading the wall clock, so the chain also ends on time after the
 * machine was suspended.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function longTimeout(fire: () => void, ms: number): { cancel(): void } {
  const due = Date.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = (delay: number) => {
    timer = setTimeout(
      () => {
        const left = due - Date.now();
        if (left > 0) arm(left);
        else fire();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  };
  arm(ms);
  return { cancel: () => clearTimeout(timer) };
}

/** Wall-clock time; `scale` multiplies every sleep (WAIT_TIME_SCALE: 0.1 makes waits 10× shorter). */
export class RealClock implements Clock {
  constructor(private readonly scale = 1) {}

  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        timer.cancel();
        reject(abortError(signal as AbortSignal));
      };
      const timer = longTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms * this.scale),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  after(ms: number, fire: () => void): { cancel(): void } {
    return longTimeout(() => queueMicrotask(fire), Math.max(0, ms * this.scale));
  }

  track<T>(work: Promise<T>): Promise<T> {
    return work;
  }
}

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time: a sleep completes as soon as nothing else can happen first. Pending sleeps fire in
 * order of due time, one per turn of the event loop, and only while no tracked work is running
 * and no work is pausing for a turn (budgets/turn.ts: an execution or a JSONata evaluation that
 * yields to let requests in), so work that takes real time cannot be timed out by virtual time
 * racing ahead. A tracked
 * call that hangs for longer than `maxHoldMs` of real time no longer holds time still; that is
 * what lets a test of TimeoutSeconds against a task that never answers finish.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  /** Real start times of the tracked work in flight. */
  private readonly inFlight = new Set<{ since: number }>();
  private scheduled = false;
  private readonly maxHoldMs: number;

  constructor(options: { start?: number | string; maxHoldMs?: number } = {}) {
    const start = options.start ?? '2026-01-01T00:00:00.000Z';
    this.current = typeof start === 'number' ? start : Date.parse(start);
    this.maxHoldMs = options.maxHoldMs ?? 250;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer: Timer = {
        due: this.current + Math.max(0, ms),
        seq: (this.seq += 1),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.schedule();
    });
  }

  after(ms: number, fire: () => void): { cancel(): void } {
    // A timer among the sleeps, in the same order; its resolve runs `fire` as a microtask, as
    // a sleep's promise would run what awaits it.
    const timer: Timer = {
      due: this.current + Math.max(0, ms),
      seq: (this.seq += 1),
      resolve: () => queueMicrotask(fire),
    };
    this.timers.push(timer);
    this.schedule();
    return {
      cancel: () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
      },
    };
  }

  async track<T>(work: Promise<T>): Promise<T> {
    const entry = { since: Date.now() };
    this.inFlight.add(entry);
    try {
      return await work;
    } finally {
      this.inFlight.delete(entry);
      this.schedule();
    }
  }

  /** Real milliseconds until the oldest tracked work stops holding time still (0: it does not). */
  private holdRemaining(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const entry of this.inFlight) oldest = Math.min(oldest, entry.since);
    return oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, oldest + this.maxHoldMs - Date.now());
  }

  private schedule(): void {
    if (this.scheduled || this.timers.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      const hold = this.holdRemaining();
      if (hold > 0) {
        setTimeout(() => this.schedule(), hold).unref();
        return;
      }
      // Work that is only yielding a turn (budgets/turn.ts) is not idle: look again shortly.
      if (pausesInFlight() > 0) {
        setTimeout(() => this.schedule(), 1).unref();
        return;
      }
      this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.timers.shift() as Timer;
      this.current = Math.max(this.current, next.due);
      next.resolve();
      this.schedule();
    });
  }
}
