/**
 * What the console's JSON API answers; the page reads the same types. Type-only on both sides,
 * so the browser bundle takes nothing from Node here. Everything in it was read through the
 * Step Functions API (ListStateMachines, DescribeStateMachine, ListExecutions, DescribeExecution,
 * GetExecutionHistory, ListMapRuns, DescribeMapRun), never from an engine.
 */
import type { ExecutionPath } from './execution-path';
import type { LaidOutGraph } from './graph-layout';

/** ExecutionStatus as the API names it. */
export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** A state machine as the console shows it: its graph laid out as Workflow Studio draws it. */
export interface WorkflowView {
  /** What the page's addresses name it by: the state machine's name (unique in an account and region). */
  readonly key: string;
  readonly title: string;
  readonly stateMachineArn: string;
  readonly type: string;
  readonly graph: LaidOutGraph;
}

export interface ExecutionRow {
  readonly executionArn: string;
  readonly name: string;
  /** The key (name) of the state machine it belongs to. */
  readonly workflow: string;
  readonly stateMachineArn: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly redriveCount?: number;
  /** ListExecutions does not answer them: a list has them only when read locally (ApiPace.errorsInLists). */
  readonly error?: string;
  readonly cause?: string;
}

export interface HistoryEventView {
  readonly id: number;
  readonly previousEventId: number;
  readonly type: string;
  readonly timestamp: string;
  /** The event's details object, as GetExecutionHistory returns it. */
  readonly details: Readonly<Record<string, unknown>>;
  /** The state the event belongs to (see readHistory), if any. */
  readonly state?: string;
}

/** A Distributed Map's run, as DescribeMapRun answers it. */
export interface MapRunView {
  readonly mapRunArn: string;
  readonly status: string;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly maxConcurrency: number;
  readonly itemCounts: Readonly<Record<string, number>>;
}

export interface ExecutionDetail extends ExecutionRow {
  readonly input: string;
  readonly output?: string;
  /** RedriveExecution would take it: it failed, timed out or was stopped (and the console may change things). */
  readonly redrivable: boolean;
  readonly redriveCount: number;
  readonly path: ExecutionPath;
  readonly events: readonly HistoryEventView[];
  /** The history had more events than the console reads (HISTORY_LIMIT): the newest are left out. */
  readonly truncated: boolean;
  readonly mapRuns: readonly MapRunView[];
}

/** What StartExecution answered, for the page to open the new execution. */
export interface StartedView {
  readonly executionArn: string;
  readonly startDate: string;
}

/** What the page needs to know about the console it is served by. */
export interface ConsoleConfig {
  /** The Step Functions endpoint watched, in words (a URL, or `AWS (eu-west-1)`). */
  readonly watching: string;
  /** No StartExecution, no RedriveExecution: the server refuses them and the page offers neither. */
  readonly readOnly: boolean;
  /** How often the page asks again (ms): live updates are polls of the API. */
  readonly pollIntervalMs: number;
  /** The page's title. */
  readonly title: string;
  /** ES modules the page imports and whose default export adds tabs (see web/extension.ts). */
  readonly extensionScripts: readonly string[];
  /** Style sheets those tabs need. */
  readonly extensionStyles: readonly string[];
}
