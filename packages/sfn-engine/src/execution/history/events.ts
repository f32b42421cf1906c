/**
 * Execution history, event by event, with the service's event types and detail fields. Values are
 * kept as JSON values and turned into the service's text form (JSON strings) only when read, so
 * recording costs no serialisation in the hot loop.
 */
import type { Json } from '@myblog/asl';

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'ExecutionRedriven'
  | `${StateType}StateEntered`
  | `${StateType}StateExited`
  | 'FailStateEntered'
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'LambdaFunctionScheduled'
  | 'LambdaFunctionStarted'
  | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed'
  | 'ParallelStateAborted'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapStateAborted'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapIterationAborted'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed'
  | 'MapRunAborted'
  | 'TaskStateAborted'
  | 'WaitStateAborted'
  | 'ActivityScheduled'
  | 'ActivityStarted'
  | 'ActivitySucceeded'
  | 'ActivityFailed'
  | 'ActivityTimedOut'
  | 'EvaluationFailed';

type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Parallel' | 'Map';

/** Detail values: plain fields, or JSON values that are rendered as JSON text when read. */
export type DetailValue =
  string | number | boolean | { json: Json } | { [key: string]: DetailValue } | undefined;
export type EventDetails = { [key: string]: DetailValue };

export interface RecordedEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: HistoryEventType;
  /** The details field name, e.g. `stateEnteredEventDetails`, and its content. */
  readonly detailsKey?: string;
  readonly details?: EventDetails;
}

/** The service's shape of a history event, as GetExecutionHistory returns it. */
export interface HistoryEvent {
  timestamp: Date;
  type: HistoryEventType;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

/** Marks a JSON value to be rendered as JSON text in the event. */
export const asJson = (json: Json): { json: Json } => ({ json });

/** How a JSON value is written into an event's text fields. */
export type JsonText = (json: Json) => string;
