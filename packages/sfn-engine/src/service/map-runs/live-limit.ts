import { setMaxListeners } from 'node:events';

/** Why the children still running are stopped when the run fails. */
export class MapRunStopped extends Error {
  override readonly name = 'MapRunStopped';
}

export interface LiveLimit {
  /** How many may run at once now (0: no limit but `ceiling`). */
  readonly limit: () => number;
  /** Calls `changed` whenever the limit may have changed; returns the unsubscribe. */
  readonly watch: (changed: () => void) => () => void;
  /** The most that ever run at once. */
  readonly ceiling: number;
}

/**
 * Runs `count` workers, at most the live limit at once: when it rises more start at once; when
 * it falls the running ones finish and no new one starts until fewer run than it allows. The
 * first worker to throw stops the others (their signal aborts) and is rethrown once all have
 * settled; `stop` does the same from outside (a failure threshold an update lowered).
 */
export function runWithLiveLimit(
  count: number,
  live: LiveLimit,
  signal: AbortSignal,
  worker: (index: number, signal: AbortSignal) => Promise<void>,
): { done: Promise<void>; stop: (error: unknown) => void } {
  const controller = new AbortController();
  // Every running child listens on this one signal; that many listeners is expected.
  setMaxListeners(0, controller.signal);
  let next = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  let settle: () => void = () => undefined;
  let unwatch: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = () => {
      if (running > 0 || (failure === undefined && !signal.aborted && next < count)) return;
      unwatch();
      signal.removeEventListener('abort', forward);
      if (signal.aborted) reject(signal.reason);
      else if (failure !== undefined) reject(failure.error);
      else resolve();
    };
  });
  const stop = (error: unknown) => {
    if (failure !== undefined) return;
    failure = { error };
    controller.abort(new MapRunStopped('the map run stopped'));
    settle();
  };
  const pump = () => {
    const limit = live.limit();
    const allowed = limit <= 0 ? live.ceiling : Math.min(limit, live.ceiling);
    while (failure === undefined && !controller.signal.aborted && next < count && running < allowed) {
      const index = next;
      next += 1;
      running += 1;
      worker(index, controller.signal)
        .then(
          () => undefined,
          (error: unknown) => {
            if (!controller.signal.aborted) stop(error);
          },
        )
        .finally(() => {
          running -= 1;
          pump();
          settle();
        })
        .catch(() => undefined);
    }
    settle();
  };
  const forward = () => {
    controller.abort(signal.reason);
    settle();
  };
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', forward, { once: true });
  unwatch = live.watch(pump);
  pump();
  return { done, stop };
}
