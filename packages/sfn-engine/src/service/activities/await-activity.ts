import type { Clock } from '../../clock';
import { StatesHeartbeatTimeout, StatesTimeout } from '../../errors';
import type { CallbackRegistry } from '../../execution/callbacks';
import { type Heartbeat, withDeadlines } from '../../execution/deadlines';
import type { Json } from '@myblog/asl';
import type { ActivityTasks } from './task-queue';

/** One attempt of an activity Task, as the Task state hands it over once ActivityScheduled is recorded. */
export interface ActivityAttempt {
  readonly activityArn: string;
  /** The effective input: what the worker gets. */
  readonly input: Json;
  /** The enclosing signal: the execution stopped, a sibling branch failed. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly callbacks: CallbackRegistry;
  readonly timeoutMs: number | undefined;
  readonly heartbeatMs: number | undefined;
  /** Records ActivityStarted for the worker that took the task. */
  readonly started: (workerName: string | undefined) => void;
}

/**
 * Waits for a worker to take the task (GetActivityTask), then for its SendTaskSuccess or
 * SendTaskFailure. TimeoutSeconds and HeartbeatSeconds run from the moment a worker takes it,
 * as the service's do: until then the task is only scheduled, however long that lasts (the
 * state machine's own TimeoutSeconds is what bounds a task no worker takes).
 */
export function awaitActivity(tasks: ActivityTasks, attempt: ActivityAttempt): Promise<Json> {
  const { signal } = attempt;
  return new Promise<Json>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let withdraw = (): void => undefined;
    const onAbort = (): void => {
      withdraw();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    withdraw = tasks.enqueue({
      activityArn: attempt.activityArn,
      input: JSON.stringify(attempt.input),
      start: (workerName) => {
        // From here on the deadlines forward an abort of the execution.
        signal.removeEventListener('abort', onAbort);
        try {
          attempt.started(workerName);
        } catch (error) {
          reject(error);
          return undefined;
        }
        const token = attempt.callbacks.newToken();
        withDeadlines(
          {
            clock: attempt.clock,
            signal,
            timeoutMs: attempt.timeoutMs,
            heartbeatMs: attempt.heartbeatMs,
            timeoutError: () => new StatesTimeout(''),
            heartbeatError: () => new StatesHeartbeatTimeout(''),
          },
          (workSignal, heartbeat) => awaitCallback(attempt.callbacks, token, workSignal, heartbeat),
        ).then(resolve, reject);
        return token;
      },
    });
  });
}

/**
 * The worker's answer to `token`: SendTaskSuccess resolves, SendTaskFailure rejects, and
 * SendTaskHeartbeat rearms the heartbeat timer. A token whose task timed out stays known as
 * timed out, so a late answer hears TaskTimedOut.
 */
function awaitCallback(
  callbacks: CallbackRegistry,
  token: string,
  signal: AbortSignal,
  heartbeat: Heartbeat,
): Promise<Json> {
  return new Promise<Json>((resolve, reject) => {
    const unregister = callbacks.register(token, { resolve, reject, heartbeat });
    signal.addEventListener(
      'abort',
      () => {
        const reason: unknown = signal.reason;
        if (reason instanceof StatesTimeout || reason instanceof StatesHeartbeatTimeout)
          callbacks.expire(token);
        else unregister();
        reject(reason);
      },
      { once: true },
    );
  });
}
