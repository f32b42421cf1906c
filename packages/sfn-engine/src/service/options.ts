/** How a StepFunctionsEngine is set up: its integrations, clock, quotas, journal and compatibility. */
import type { Clock } from '../clock';
import type { Compatibility } from '../compat';
import type { ExecutionResult } from '../execution/contracts';
import type { TaskResolver } from '../execution/services';
import type { ObjectStore } from '../states/map/object-store';
import type { JournalSink } from './journal/records';
import type { RandomSource } from './versions/routing';

export interface EngineOptions {
  /** Runs Task resources. Default: every task fails with a clear States.TaskFailed. */
  readonly resolver?: TaskResolver;
  /** Default: real time. Tests pass a VirtualClock. */
  readonly clock?: Clock;
  readonly region?: string;
  readonly accountId?: string;
  /** Default 256 KiB, the service's quota. */
  readonly payloadLimitBytes?: number;
  /** Executions running at once; more wait their turn. Default 1000. */
  readonly maxConcurrentExecutions?: number;
  /** Task invocations in flight at once within one execution (its Map and Parallel included). Default 100. */
  readonly maxConcurrentTasksPerExecution?: number;
  /** Finished executions kept for Describe/History; older ones are forgotten. Default 10,000. */
  readonly retainedExecutions?: number;
  /** S3 for distributed Map's ItemReader/ResultWriter. */
  readonly objects?: ObjectStore;
  /** Told when an execution ends (the server forgets per-execution mock counts then). */
  readonly onExecutionFinished?: (executionArn: string, result: ExecutionResult) => void;
  /** Where state machines and executions are recorded as they change (the server's --data-dir). */
  readonly journal?: JournalSink;
  /** Which version of a weighted alias an execution runs. Default Math.random; tests choose. */
  readonly random?: RandomSource;
  /** How long GetActivityTask waits for a task before answering without one. Default 60 s, the service's. */
  readonly activityPollMs?: number;
  /**
   * `aws` (default) answers as AWS Step Functions; `stepfunctions-local` as AWS Step Functions
   * Local (the jar) where it differs, so suites written against it pass (src/compat).
   */
  readonly compatibility?: Compatibility;
}
