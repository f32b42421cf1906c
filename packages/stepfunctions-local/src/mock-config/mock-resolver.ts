import { StatesError } from '@myblog/sfn-engine';
import type { TaskInvocation, TaskResolver } from '@myblog/sfn-engine';
import type { Json } from '@myblog/asl';
import { type MockConfig, responseFor } from './config';

/** How a mocked `.waitForTaskToken` task is completed: the mock is the callback. */
export interface CallbackSink {
  succeed(token: string, output: Json): void;
  fail(token: string, error: string, cause: string): void;
}

/**
 * Answers the tasks a test case mocks, as AWS Step Functions Local does; every other task goes
 * to the real integrations. A state's invocations are counted per execution (retries and loops
 * included), which picks the "0", "1-2" ... response.
 */
export class MockResolver implements TaskResolver {
  private readonly counts = new Map<string, number>();
  callbacks: CallbackSink | undefined;

  constructor(
    private readonly config: MockConfig,
    private readonly next: TaskResolver,
  ) {}

  async invoke(invocation: TaskInvocation): Promise<Json> {
    const testCase = invocation.testCase;
    if (testCase === undefined) return this.next.invoke(invocation);
    // Child executions of a distributed Map run as "<machine>/<label>"; they use the machine's cases.
    const machine = invocation.stateMachineName.split('/')[0] as string;
    const responseName = this.config.testCases.get(machine)?.get(testCase)?.get(invocation.stateName);
    if (responseName === undefined) return this.next.invoke(invocation);
    // Counted per top-level execution, so the iterations of a distributed Map share the count.
    const key = `${invocation.rootExecutionArn}|${invocation.stateName}`;
    const count = this.counts.get(key) ?? 0;
    this.counts.set(key, count + 1);
    const response = responseFor(this.config, responseName, count);
    if (response === undefined) return this.next.invoke(invocation);
    const token = invocation.taskToken;
    if (token !== undefined) {
      // The engine waits for the callback; answer it as soon as the task has been submitted.
      setImmediate(() => {
        if (response.kind === 'return') this.callbacks?.succeed(token, response.value);
        else this.callbacks?.fail(token, response.error, response.cause);
      });
      return {};
    }
    if (response.kind === 'throw') throw new StatesError(response.error, response.cause);
    return response.value;
  }

  /** Forgets the counts of an execution that has ended. */
  forget(executionArn: string): void {
    for (const key of this.counts.keys()) if (key.startsWith(`${executionArn}|`)) this.counts.delete(key);
  }
}
