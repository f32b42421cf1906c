import { ActivityWorkerLimitExceeded } from '../../api/errors';

/** An activity task scheduled by an execution, waiting for a worker. */
export interface QueuedActivityTask {
  readonly activityArn: string;
  /** The task's effective input as the worker gets it: JSON text. */
  readonly input: string;
  /**
   * A worker took it: the execution records ActivityStarted, starts the task's timers and
   * returns the token the worker completes it with. Called synchronously as the worker gets it,
   * so the token is live before the worker can send anything back. Undefined when the task could
   * not start after all (its execution reached its history quota): the worker gets nothing.
   */
  start(workerName: string | undefined): string | undefined;
}

/** What an execution's activity Task needs: whether its activity exists, and its workers' queue. */
export interface ActivityTasks {
  exists(activityArn: string): boolean;
  /** Returns what withdraws the task while no worker has taken it yet. */
  enqueue(task: QueuedActivityTask): () => void;
}

/** What GetActivityTask hands a worker. */
export interface ActivityWork {
  readonly taskToken: string;
  readonly input: string;
}

interface Poller {
  readonly workerName: string | undefined;
  readonly answer: (work: ActivityWork | undefined) => void;
}

/** The service holds a GetActivityTask for at most 60 s. */
export const ACTIVITY_POLL_MS = 60_000;
/** GetActivityTask requests one activity may have open at once. */
export const ACTIVITY_POLLERS_QUOTA = 1000;

export interface ActivityTaskQueueOptions {
  /** How long a poll waits for a task before it answers without one. Default ACTIVITY_POLL_MS. */
  readonly pollMs?: number | undefined;
  /** Default ACTIVITY_POLLERS_QUOTA. */
  readonly maxPollers?: number | undefined;
}

/**
 * Scheduled activity tasks and the workers' long polls (GetActivityTask), per activity, each
 * served first come, first served. A poll holds no thread: it is a promise answered by the next
 * task, by its time running out, or by close().
 */
export class ActivityTaskQueue {
  private readonly tasks = new Map<string, QueuedActivityTask[]>();
  private readonly pollers = new Map<string, Poller[]>();
  private readonly pollMs: number;
  private readonly maxPollers: number;
  private closed = false;

  constructor(options: ActivityTaskQueueOptions = {}) {
    this.pollMs = options.pollMs ?? ACTIVITY_POLL_MS;
    this.maxPollers = options.maxPollers ?? ACTIVITY_POLLERS_QUOTA;
  }

  /**
   * Offers a task to its activity's workers: the longest-waiting poll takes it now, or the next
   * poll will. Returns what takes it back out of the queue (its execution stopped first).
   */
  enqueue(task: QueuedActivityTask): () => void {
    const poller = take(this.pollers, task.activityArn);
    if (poller !== undefined) {
      poller.answer(handOut(task, poller.workerName));
      return () => undefined;
    }
    add(this.tasks, task.activityArn, task);
    return () => remove(this.tasks, task.activityArn, task);
  }

  /** GetActivityTask: a task now if one waits, else the first one scheduled within the poll's time. */
  poll(activityArn: string, workerName: string | undefined): Promise<ActivityWork | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const task = take(this.tasks, activityArn);
    if (task !== undefined) return Promise.resolve(handOut(task, workerName));
    if ((this.pollers.get(activityArn)?.length ?? 0) >= this.maxPollers)
      throw new ActivityWorkerLimitExceeded(
        'The maximum number of workers concurrently polling for activity tasks has been reached.',
      );
    return new Promise((resolve) => {
      const poller: Poller = {
        workerName,
        answer: (work) => {
          clearTimeout(timer);
          resolve(work);
        },
      };
      // Real time, whatever the engine's clock: the poll is the HTTP request the worker holds
      // open, and its socket timeout is wall-clock time.
      const timer = setTimeout(() => {
        remove(this.pollers, activityArn, poller);
        resolve(undefined);
      }, this.pollMs);
      add(this.pollers, activityArn, poller);
    });
  }

  /** Answers every open poll with no task, and any later one at once (the server is stopping). */
  close(): void {
    this.closed = true;
    const open = [...this.pollers.values()].flat();
    this.pollers.clear();
    for (const poller of open) poller.answer(undefined);
  }

  /** How many polls are open, for tests and the dashboard. */
  get openPolls(): number {
    let count = 0;
    for (const waiting of this.pollers.values()) count += waiting.length;
    return count;
  }
}

function handOut(task: QueuedActivityTask, workerName: string | undefined): ActivityWork | undefined {
  const taskToken = task.start(workerName);
  return taskToken === undefined ? undefined : { taskToken, input: task.input };
}

function add<T>(queues: Map<string, T[]>, key: string, item: T): void {
  const queue = queues.get(key);
  if (queue === undefined) queues.set(key, [item]);
  else queue.push(item);
}

function take<T>(queues: Map<string, T[]>, key: string): T | undefined {
  const queue = queues.get(key);
  const item = queue?.shift();
  if (queue?.length === 0) queues.delete(key);
  return item;
}

function remove<T>(queues: Map<string, T[]>, key: string, item: T): void {
  const queue = queues.get(key);
  const index = queue?.indexOf(item) ?? -1;
  if (queue === undefined || index < 0) return;
  queue.splice(index, 1);
  if (queue.length === 0) queues.delete(key);
}
