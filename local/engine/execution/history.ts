import type { Json } from '../json';

/**
 * Execution history, event by event, with the service's event types and detail fields. Values are
 * kept as JSON values and turned into the service's text form (JSON strings) only when read, so
 * recording costs no serialisation in the hot loop.
 */
export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
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

function render(value: DetailValue, includeData: boolean): unknown {
  if (value === undefined || typeof value !== 'object') return value;
  if ('json' in value && Object.keys(value).length === 1)
    return includeData ? JSON.stringify((value as { json: Json }).json) : undefined;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as EventDetails)) {
    const rendered = render(inner, includeData);
    if (rendered !== undefined) result[key] = rendered;
  }
  return result;
}

export class History {
  private readonly events: RecordedEvent[] = [];

  constructor(private readonly now: () => number) {}

  /** Appends an event after `previousEventId` and returns its id. */
  add(type: HistoryEventType, previousEventId: number, detailsKey?: string, details?: EventDetails): number {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId, timestamp: this.now(), type, detailsKey, details });
    return id;
  }

  get length(): number {
    return this.events.length;
  }

  /** Raw recorded events (values not serialised), for in-process assertions and the dashboard. */
  recorded(): readonly RecordedEvent[] {
    return this.events;
  }

  /** Events in the service's shape; without data, inputs and outputs are left out. */
  toServiceEvents(includeExecutionData = true): HistoryEvent[] {
    return this.events.map((event) => {
      const shaped: HistoryEvent = {
        timestamp: new Date(event.timestamp),
        type: event.type,
        id: event.id,
        previousEventId: event.previousEventId,
      };
      if (event.detailsKey !== undefined && event.details !== undefined) {
        shaped[event.detailsKey] = render(event.details, includeExecutionData);
      }
      return shaped;
    });
  }
}
