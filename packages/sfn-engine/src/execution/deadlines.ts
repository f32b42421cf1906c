import type { Clock } from '../clock';
import { type StatesError } from '../errors';

/** Rearms the heartbeat timer; a callback's SendTaskHeartbeat calls it. */
export type Heartbeat = () => void;

export interface DeadlineOptions {
  readonly clock: Clock;
  /** The enclosing signal (execution stopped, sibling branch failed). */
  readonly signal: AbortSignal;
  readonly timeoutMs?: number | undefined;
  readonly heartbeatMs?: number | undefined;
  readonly timeoutError: () => StatesError;
  readonly heartbeatError: () => StatesError;
}

/**
 * What a cancelled timer's promise becomes: pending for good. A new one each time, never one
 * shared by the module: every promise that adopts a pending one is kept in its list of
 * reactions, and through the race it lost, so is the work's result; a shared promise that
 * never settles kept every Task's result alive for the life of the process.
 */
const pendingForGood = (): Promise<never> => new Promise<never>(() => undefined);

/**
 * Runs `work` against a timeout and a heartbeat timer, whichever fires first. The work gets a
 * signal that aborts when a timer fires or the enclosing signal aborts, so the integration can
 * stop what it is doing.
 */
export async function withDeadlines<T>(
  options: DeadlineOptions,
  work: (signal: AbortSignal, heartbeat: Heartbeat) => Promise<T>,
): Promise<T> {
  const { clock, signal } = options;
  const workController = new AbortController();
  const timersController = new AbortController();
  // The enclosing signal stops the work and ends the race: a stopped execution ends now, even if
  // the work (an in-process handler that does not listen to its signal) never settles.
  let onAbort = (): void => undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => {
      workController.abort(signal.reason);
      reject(signal.reason);
    };
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  const fireAfter = (ms: number, timerSignal: AbortSignal, error: () => StatesError): Promise<never> =>
    clock.sleep(ms, timerSignal).then(() => {
      const thrown = error();
      workController.abort(thrown);
      throw thrown;
    }, pendingForGood);

  let heartbeatTimer: AbortController | undefined;
  let rejectHeartbeat: ((error: unknown) => void) | undefined;
  const heartbeatFired = new Promise<never>((_, reject) => {
    rejectHeartbeat = reject;
  });
  const heartbeat: Heartbeat = () => {
    if (options.heartbeatMs === undefined || timersController.signal.aborted) return;
    heartbeatTimer?.abort();
    heartbeatTimer = new AbortController();
    const timer = heartbeatTimer;
    timersController.signal.addEventListener('abort', () => timer.abort(), { once: true });
    fireAfter(options.heartbeatMs, timer.signal, options.heartbeatError).catch((error: unknown) =>
      rejectHeartbeat?.(error),
    );
  };

  const racers: Promise<T>[] = [work(workController.signal, heartbeat), stopped];
  if (options.timeoutMs !== undefined)
    racers.push(fireAfter(options.timeoutMs, timersController.signal, options.timeoutError));
  if (options.heartbeatMs !== undefined) {
    heartbeat();
    racers.push(heartbeatFired);
  }
  try {
    return await Promise.race(racers);
  } finally {
    timersController.abort();
    signal.removeEventListener('abort', onAbort);
    heartbeatFired.catch(() => undefined);
  }
}
