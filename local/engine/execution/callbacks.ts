import { randomBytes } from 'node:crypto';
import { StatesError } from '../errors';
import type { Json } from '../json';

interface Waiter {
  resolve(output: Json): void;
  reject(error: StatesError): void;
  /** Called on SendTaskHeartbeat. */
  heartbeat(): void;
}

export class TaskDoesNotExist extends Error {
  override readonly name = 'TaskDoesNotExist';
}

/**
 * Task tokens handed out by `.waitForTaskToken` tasks, and the callbacks that complete them
 * (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat).
 */
export class CallbackRegistry {
  private readonly waiters = new Map<string, Waiter>();

  newToken(): string {
    return randomBytes(96).toString('base64url');
  }

  register(token: string, waiter: Waiter): () => void {
    this.waiters.set(token, waiter);
    return () => this.waiters.delete(token);
  }

  private take(token: string): Waiter {
    const waiter = this.waiters.get(token);
    if (waiter === undefined) throw new TaskDoesNotExist('Task does not exist anymore');
    return waiter;
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
