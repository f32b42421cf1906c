import type { ActivityTasks } from '../service/activities/task-queue';
import type { Clock } from '../clock';
import type { MapRuns } from '../service/map-runs/map-runs';
import type { ObjectStore } from '../states/map/object-store';
import type { MockedWork } from '../states/mocked-work';
import type { CallbackRegistry } from './callbacks';
import type { ExecutionIdentity, ExecutionResult } from './contracts';
import type { History } from './history';
import type { Slots } from './slots';
import type { Json } from '@myblog/asl';
import type { StopSwitch } from './stop-switch';

/** One call of a Task state's resource, as the engine hands it to the integration layer. */
export interface TaskInvocation {
  /** The Resource field, e.g. `arn:aws:states:::lambda:invoke` or a Lambda function ARN. */
  readonly resource: string;
  /** The effective parameters (Parameters/Arguments applied). */
  readonly parameters: Json;
  readonly stateName: string;
  readonly executionArn: string;
  /** The top-level execution: itself, or the one whose distributed Map started this child. */
  readonly rootExecutionArn: string;
  readonly stateMachineName: string;
  /** The context object at this state, as `$$` sees it. */
  readonly context: Json;
  /** Present for `.waitForTaskToken`: the token to hand out. */
  readonly taskToken?: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  readonly credentials?: Json;
  /** Aborted when the execution stops or the task times out. */
  readonly signal: AbortSignal;
  /** The mock config test case this execution runs under, if any (`arn#case`). */
  readonly testCase?: string;
  /** How many times this state has been retried so far (mock responses count attempts). */
  readonly retryCount: number;
  /**
   * For `.sync` integrations: report that the job was submitted (recorded as TaskSubmitted) before
   * waiting for it to finish.
   */
  readonly submitted?: (output: Json) => void;
}

/**
 * Runs task resources. The engine only knows that a Task produces a result or an error; what a
 * resource means (Lambda, SQS, a mock response) is the resolver's business. Errors are thrown as
 * StatesError (ASL error name + cause).
 */
export interface TaskResolver {
  invoke(invocation: TaskInvocation): Promise<Json>;
}

/** A task's error as the resolver reports it. */
export interface TaskErrorShape {
  readonly error: string;
  readonly cause: string;
}

/** What an execution needs from the world around it. */
export interface ExecutionServices {
  readonly clock: Clock;
  readonly resolver: TaskResolver;
  readonly region: string;
  readonly accountId: string;
  /** Largest input/output in bytes (256 KiB in the service). */
  readonly payloadLimitBytes: number;
  /** S3 for distributed Map's ItemReader and ResultWriter; absent, those fail with a clear cause. */
  readonly objects?: ObjectStore | undefined;
  /** Told about every child execution a distributed Map starts, so they can be listed and described. */
  readonly children?: ChildExecutionObserver | undefined;
  /** Where distributed Map states keep their map runs (DescribeMapRun, UpdateMapRun); absent, nothing lists them. */
  readonly mapRuns?: MapRuns | undefined;
  /** Activity Tasks' workers; absent (TestState), an activity goes to the resolver as any resource. */
  readonly activities?: ActivityTasks | undefined;
}

export interface ChildExecutionObserver {
  started(run: ExecutionRun, mapRunArn: string, result: Promise<ExecutionResult>): void;
}

/** What every thread of one execution shares: identity, history, services, the stop signal. */
export interface ExecutionRun {
  readonly identity: ExecutionIdentity;
  readonly history: History;
  readonly services: ExecutionServices;
  readonly callbacks: CallbackRegistry;
  /** Thrown when the execution stops (StopExecution, a time limit, the engine halting). */
  readonly stop: StopSwitch;
  /** Bounds the task invocations in flight within this execution. */
  readonly taskSlots: Slots;
  readonly testCase?: string | undefined;
  /** TestState: run one attempt; an error a Retry would retry ends the run as retriable. */
  readonly singleAttempt?: boolean;
  /** TestState: the retries the matching retrier has already made (stateConfiguration.retrierRetryCount). */
  readonly priorRetries?: number;
  /** TestState with a mock: what stands for the work of the Map or Parallel state under test. */
  readonly mockedWork?: MockedWork;
}
