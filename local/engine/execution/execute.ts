import { type StatesError, StatesTimeout } from '../errors';
import type { Json } from '../json';
import { toStatesError } from '../states/error-handling';
import type { CompiledMachine } from '../states/state';
import { Frame, type ExecutionRun } from './frame';
import { asJson } from './history';
import { runMachine } from './run-machine';
import { VariableScope } from './variables';

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export type ExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; readonly error: string; readonly cause: string };

/** Why an execution was stopped: StopExecution's error and cause. */
export class ExecutionStopped extends Error {
  override readonly name = 'ExecutionStopped';
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`Execution stopped${error === '' ? '' : `: ${error}`}`);
  }
}

const NOT_TRUNCATED = { truncated: false };

/**
 * Runs a whole execution: ExecutionStarted, the machine from StartAt, and the closing event
 * (Succeeded, Failed, TimedOut or Aborted). Never throws; the result says how it ended.
 */
export async function executeMachine(
  machine: CompiledMachine,
  run: ExecutionRun,
  abort: AbortController,
): Promise<ExecutionResult> {
  const { identity, services } = run;
  const top = new Frame(run, new VariableScope(), 0, abort.signal);
  // The service chains the first StateEntered to event 0, not to ExecutionStarted.
  run.history.add('ExecutionStarted', 0, 'executionStartedEventDetails', {
    input: asJson(identity.input),
    inputDetails: NOT_TRUNCATED,
    roleArn: identity.roleArn,
  });
  let timer: AbortController | undefined;
  if (machine.timeoutSeconds !== undefined) {
    timer = new AbortController();
    services.clock.sleep(machine.timeoutSeconds * 1000, timer.signal).then(
      () =>
        abort.abort(
          new StatesTimeout(`The execution exceeded its TimeoutSeconds of ${machine.timeoutSeconds}`),
        ),
      () => undefined,
    );
  }
  try {
    const output = await runMachine(machine, identity.input, top);
    top.record('ExecutionSucceeded', 'executionSucceededEventDetails', {
      output: asJson(output),
      outputDetails: NOT_TRUNCATED,
    });
    return { status: 'SUCCEEDED', output };
  } catch (thrown) {
    const reason: unknown = abort.signal.aborted ? abort.signal.reason : thrown;
    if (reason instanceof ExecutionStopped) {
      const details =
        reason.error === '' && reason.cause === '' ? undefined : { error: reason.error, cause: reason.cause };
      top.record(
        'ExecutionAborted',
        details === undefined ? undefined : 'executionAbortedEventDetails',
        details,
      );
      return { status: 'ABORTED', error: reason.error, cause: reason.cause };
    }
    if (reason instanceof StatesTimeout && abort.signal.aborted) {
      top.record('ExecutionTimedOut', 'executionTimedOutEventDetails', {
        error: reason.error,
        cause: reason.cause,
      });
      return { status: 'TIMED_OUT', error: reason.error, cause: reason.cause };
    }
    const error: StatesError = toStatesError(reason);
    top.record('ExecutionFailed', 'executionFailedEventDetails', { error: error.error, cause: error.cause });
    return { status: 'FAILED', error: error.error, cause: error.cause };
  } finally {
    timer?.abort();
  }
}
