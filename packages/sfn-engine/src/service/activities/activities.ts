import type { ActivityEncryption, ActivityRecord, JournalSink } from '../journal/records';
import { type ActivityDescription, ActivityRegistry } from './registry';
import {
  type ActivityTasks,
  type ActivityWork,
  ActivityTaskQueue,
  type QueuedActivityTask,
} from './task-queue';

export interface ActivitiesOptions {
  readonly region: string;
  readonly accountId: string;
  readonly now: () => number;
  readonly journal?: JournalSink | undefined;
  /** How long GetActivityTask waits for a task (the service's 60 s). */
  readonly pollMs?: number | undefined;
  /** Registered activities allowed (the service's 10,000). */
  readonly quota?: number | undefined;
  /** Open GetActivityTask requests allowed per activity (the service's 1,000). */
  readonly maxPollers?: number | undefined;
}

/**
 * Activities as the API and the executions see them: the registry of activities and the queue
 * of their scheduled tasks, which workers take with GetActivityTask.
 */
export class Activities implements ActivityTasks {
  private readonly registry: ActivityRegistry;
  private readonly queue: ActivityTaskQueue;

  constructor(options: ActivitiesOptions) {
    this.registry = new ActivityRegistry(options);
    this.queue = new ActivityTaskQueue(options);
  }

  create(
    name: string,
    encryption?: ActivityEncryption,
  ): { activityArn: string; creationDate: Date; created: boolean } {
    return this.registry.create(name, encryption);
  }

  describe(activityArn: string): ActivityDescription {
    return this.registry.describe(activityArn);
  }

  /** Tasks already scheduled for it stay queued: an activity created again under the name serves them. */
  delete(activityArn: string): void {
    this.registry.delete(activityArn);
  }

  list(): ActivityDescription[] {
    return this.registry.list();
  }

  /** GetActivityTask: the next task of the activity, or undefined when none came within the poll. */
  async getTask(activityArn: string, workerName?: string): Promise<ActivityWork | undefined> {
    this.registry.describe(activityArn);
    return this.queue.poll(activityArn, workerName);
  }

  exists(activityArn: string): boolean {
    return this.registry.has(activityArn);
  }

  enqueue(task: QueuedActivityTask): () => void {
    return this.queue.enqueue(task);
  }

  /** The server is stopping: open polls answer at once, with no task. */
  close(): void {
    this.queue.close();
  }

  get openPolls(): number {
    return this.queue.openPolls;
  }

  restore(records: readonly ActivityRecord[]): void {
    this.registry.restore(records);
  }

  records(): ActivityRecord[] {
    return this.registry.records();
  }
}
