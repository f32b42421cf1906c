import type { Clock } from '../clock';
import { type StatesError, StatesTimeout } from '../errors';
import type { Json } from '@myblog/asl';
import { toStatesError } from '../states/error-handling';
import type { CompiledMachine } from '../states/state';
import type { ExecutionResult, ResumePoint } from './contracts';
import { Frame } from './frame';
import type { ExecutionRun } from './services';
import { asJson, type EventDetails } from './history';
import { runMachine } from './run-machine';
import { VariableScope } from './variables';

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

/** The service's quota on an Express execution's duration: five minutes. */
export const EXPRESS_MAX_DURATION_SECONDS = 300;

export interface ExecuteOptions {
  /** Go on from here instead of starting at StartAt (the history so far is kept). */
  readonly resume?: ResumePoint;
  /** A redrive: records ExecutionRedriven before going on. */
  readonly redriven?: boolean;
  /** When the execution's time limit started counting (ms); default now. */
  readonly timeLimitFrom?: number;
  /**
   * The longest the service lets this type of execution run, whatever its TimeoutSeconds says
   * (an Express execution: five minutes).
   */
  readonly maxDurationSeconds?: number;
  /**
   * The resumed state is a Wait that was waiting when the process stopped, entered then (ms): it
   * waits out only the rest (see resumedWaitEnteredAt).
   */
  readonly resumeEnteredAt?: number;
  /**
   * Told of each top-level state about to run (see Frame.checkpoint), with the live variable
   * scope: the caller snapshots it only if it needs to.
   */
  readonly onTopLevelState?: (state: string, input: Json, variables: VariableScope) => void;
}

/**
 * The earlier of the definition's TimeoutSeconds and the type's longest duration. Which one it
 * was is not said anywhere: the service's ExecutionTimedOut names only States.Timeout.
 */
function timeLimitSeconds(
  timeoutSeconds: number | undefined,
  maxDurationSeconds: number | undefined,
): number | undefined {
  if (maxDurationSeconds === undefined) return timeoutSeconds;
  return timeoutSeconds === undefined ? maxDurationSeconds : Math.min(timeoutSeconds, maxDurationSeconds);
}

/**
 * Runs a whole execution: ExecutionStarted, the machine from StartAt, and the closing event
 * (Succeeded, Failed, TimedOut or Aborted). Never throws; the result says how it ended. With a
 * resume point it goes on from there instead (a redrive, or a restart from the journal).
 */
export async function executeMachine(
  machine: CompiledMachine,
  run: ExecutionRun,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const { identity, services, stop } = run;
  const { resume } = options;
  run.history.reopen();
  const variables = new VariableScope();
  if (resume !== undefined) variables.assign(resume.variables);
  let top: Frame;
  if (resume === undefined) {
    top = new Frame(run, variables, 0, stop);
    // The service chains the first StateEntered to event 0, not to ExecutionStarted.
    run.history.add('ExecutionStarted', 0, 'executionStartedEventDetails', {
      input: asJson(identity.input),
      inputDetails: NOT_TRUNCATED,
      roleArn: identity.roleArn,
      ...(identity.stateMachineAliasArn === undefined
        ? {}
        : { stateMachineAliasArn: identity.stateMachineAliasArn }),
      ...(identity.stateMachineVersionArn === undefined
        ? {}
        : { stateMachineVersionArn: identity.stateMachineVersionArn }),
    });
  } else {
    top = new Frame(run, variables, run.history.length, stop);
    if (options.redriven === true) {
      top.record('ExecutionRedriven', 'executionRedrivenEventDetails', {
        redriveCount: identity.redriveCount,
      });
    }
  }
  top.checkpoint = options.onTopLevelState;
  let timer: { cancel(): void } | undefined;
  const limitSeconds = timeLimitSeconds(machine.timeoutSeconds, options.maxDurationSeconds);
  if (limitSeconds !== undefined) {
    const elapsed = services.clock.now() - (options.timeLimitFrom ?? services.clock.now());
    timer = after(services.clock, Math.max(0, limitSeconds * 1000 - elapsed), () => {
      run.history.seal();
      stop.abort(new StatesTimeout(''));
    });
  }
  try {
    const output =
      resume === undefined
        ? await runMachine(machine, identity.input, top)
        : await runMachine(machine, resume.input, top, resume.state, options.resumeEnteredAt);
    top.record('ExecutionSucceeded', 'executionSucceededEventDetails', {
      output: asJson(output),
      outputDetails: NOT_TRUNCATED,
    });
    return { status: 'SUCCEEDED', output };
  } catch (thrown) {
    const reason: unknown = stop.aborted ? stop.reason : thrown;
    if (reason instanceof ExecutionStopped) {
      // Details as the caller gave them: none is an empty object, as the service records it.
      const details: EventDetails = {};
      if (reason.error !== '') details['error'] = reason.error;
      if (reason.cause !== '') details['cause'] = reason.cause;
      run.history.close('ExecutionAborted', 'executionAbortedEventDetails', details);
      return { status: 'ABORTED', error: reason.error, cause: reason.cause };
    }
    if (reason instanceof StatesTimeout && stop.aborted) {
      // The service names the error in the event only: its DescribeExecution of a TIMED_OUT
      // execution has neither error nor cause (test_global_timeout, recorded on AWS).
      run.history.close('ExecutionTimedOut', 'executionTimedOutEventDetails', { error: reason.error });
      return { status: 'TIMED_OUT', error: '', cause: '' };
    }
    const error: StatesError = toStatesError(reason);
    top.record('ExecutionFailed', 'executionFailedEventDetails', { error: error.error, cause: error.cause });
    return { status: 'FAILED', error: error.error, cause: error.cause };
  } finally {
    timer?.cancel();
  }
}

/** Why a sleep standing for a cancelled timer ends (a constant: a DOMException costs its stack). */
const CANCELLED = new Error('the execution ended first');

/** `fire` after `ms` unless cancelled: the clock's own timer, or a sleep it can abort. */
function after(clock: Clock, ms: number, fire: () => void): { cancel(): void } {
  if (clock.after !== undefined) return clock.after(ms, fire);
  const timer = new AbortController();
  clock.sleep(ms, timer.signal).then(fire, () => undefined);
  return { cancel: () => timer.abort(CANCELLED) };
}
