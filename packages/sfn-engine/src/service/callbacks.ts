/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: a worker completes (or keeps alive)
 * the task its token names, answered with the service's errors when the token names none.
 */
import type { Json } from '@myblog/asl';
import {
  InvalidOutput,
  TaskDoesNotExist as TaskDoesNotExistError,
  TaskTimedOut as TaskTimedOutError,
} from '../api/errors';
import { type CallbackRegistry, TaskDoesNotExist, TaskTimedOut } from '../execution/callbacks';

export class TaskCallbacks {
  constructor(private readonly registry: CallbackRegistry) {}

  success(taskToken: string, output: string | Json): void {
    let value: Json;
    if (typeof output === 'string') {
      try {
        value = JSON.parse(output) as Json;
      } catch (error) {
        throw new InvalidOutput(`Invalid Output: '${(error as Error).message}'`);
      }
    } else value = output;
    answered(() => this.registry.succeed(taskToken, value));
  }

  failure(taskToken: string, error = '', cause = ''): void {
    answered(() => this.registry.fail(taskToken, error, cause));
  }

  heartbeat(taskToken: string): void {
    answered(() => this.registry.heartbeat(taskToken));
  }
}

/** The registry's own errors, as the API names them. */
function answered(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof TaskDoesNotExist) throw new TaskDoesNotExistError('Task Does Not Exist');
    if (error instanceof TaskTimedOut) throw new TaskTimedOutError('Task Timed Out');
    throw error;
  }
}
