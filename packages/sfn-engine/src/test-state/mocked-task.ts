import { CallbackRegistry } from '../execution/callbacks';
import type { TaskInvocation, TaskResolver } from '../execution/services';
import { StatesError } from '../errors';
import type { Json } from '@myblog/asl';
import type { MockedWork } from '../states/mocked-work';

/**
 * Answers the Task under test with its mock instead of calling the resource: the result, or the
 * error thrown. For `.waitForTaskToken` the mock is what the callback brings back; the call itself
 * only hands the token out.
 */
export class MockedTaskResolver implements TaskResolver {
  constructor(
    private readonly outcome: MockedWork['outcome'],
    private readonly callbacks: CallbackRegistry,
  ) {}

  invoke(invocation: TaskInvocation): Promise<Json> {
    const outcome = this.outcome;
    const token = invocation.taskToken;
    if (token !== undefined) {
      // The task registered its waiter before calling: completing it now answers the wait.
      if ('error' in outcome) this.callbacks.fail(token, outcome.error.error, outcome.error.cause);
      else this.callbacks.succeed(token, outcome.result);
      return Promise.resolve({});
    }
    if ('error' in outcome) return Promise.reject(new StatesError(outcome.error.error, outcome.error.cause));
    return Promise.resolve(outcome.result);
  }
}

/** Task tokens of a test run: the one the supplied context object names, if it names one. */
export class TestStateCallbacks extends CallbackRegistry {
  constructor(private readonly token: string | undefined) {
    super();
  }

  override newToken(): string {
    return this.token ?? super.newToken();
  }
}
