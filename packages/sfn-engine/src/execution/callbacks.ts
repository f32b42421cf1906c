import { randomBytes } from 'node:crypto';
import { StatesError } from '../errors';
import type { Json } from '@myblog/asl';

interface Waiter {
  resolve(output: Json): void;
  reject(error: StatesError): void;
  /** Called on SendTaskHeartbeat. */
  heartbeat(): void;
}

export class TaskDoesNotExist extends Error {
  override readonly name = 'TaskDoesNotExist';
}

/** A callback for a task that timed out (the service's TaskTimedOut). */
export class TaskTimedOut extends Error {
  override readonly name = 'TaskTimedOut';
}

/** Timed-out tokens remembered so a late callback hears TaskTimedOut; oldest forgotten first. */
const EXPIRED_KEPT = 10_000;

/**
 * Task tokens handed out by `.waitForTaskToken` tasks, and the callbacks that complete them
 * (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat).
 */
export class CallbackRegistry {
  private readonly waiters = new Map<string, Waiter>();
  private readonly expired = new Set<string>();

  newToken(): string {
    return randomBytes(96).toString('base64url');
  }

  register(token: string, waiter: Waiter): () => void {
    this.waiters.set(token, waiter);
    return () => this.waiters.delete(token);
  }

  private take(token: string): Waiter {
    const waiter = this.waiters.get(token);
    if (waiter === undefined) {
      if (this.expired.has(token)) throw new TaskTimedOut('Task Timed Out');
      throw new TaskDoesNotExist('Task does not exist anymore');
    }
    return waiter;
  }

  /** The task behind `token` timed out: later callbacks are told so. */
  expire(token: string): void {
    this.waiters.delete(token);
    this.expired.add(token);
    if (this.expired.size > EXPIRED_KEPT) this.expired.delete(this.expired.values().next().value as string);
  }

  succeed(token: string, output: Json): void {
    const waiter = this.take(token);
    this.waiters.delete(token);
    waiter.resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    const waiter = this.take(token);
    this.waiters.delete(token);
    waiter.reject(new StatesError(error, cause));
  }

  heartbeat(token: string): void {
    this.take(token).heartbeat();
  }

  get pending(): number {
    return this.waiters.size;
  }
}
