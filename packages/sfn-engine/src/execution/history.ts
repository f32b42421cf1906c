import { StatesRuntime } from '../errors';
import type { Json } from '@myblog/asl';

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

function render(value: DetailValue, includeData: boolean, jsonText: JsonText): unknown {
  if (value === undefined || typeof value !== 'object') return value;
  if ('json' in value && Object.keys(value).length === 1)
    return includeData ? jsonText((value as { json: Json }).json) : undefined;
  // fromEntries keeps a variable named __proto__ as data.
  return Object.fromEntries(
    Object.entries(value as EventDetails)
      .map(([key, inner]) => [key, render(inner, includeData, jsonText)] as const)
      .filter(([, rendered]) => rendered !== undefined),
  );
}

const NOT_TRUNCATED = { truncated: false };

function stateDetails(
  name: string,
  value: Json,
  exited: boolean,
  assigned: ReadonlyMap<string, Json> | undefined,
): EventDetails {
  if (!exited) return { name, input: asJson(value), inputDetails: NOT_TRUNCATED };
  const details: EventDetails = { name, output: asJson(value), outputDetails: NOT_TRUNCATED };
  if (assigned !== undefined) {
    details['assignedVariables'] = Object.fromEntries(
      [...assigned].map(([variable, json]) => [variable, asJson(json)]),
    );
    details['assignedVariablesDetails'] = NOT_TRUNCATED;
  }
  return details;
}

/** Any event, with its details as given. */
class PlainEntry {
  constructor(
    readonly type: HistoryEventType,
    readonly previousEventId: number,
    readonly timestamp: number,
    readonly detailsKey: string | undefined,
    readonly details: EventDetails | undefined,
  ) {}
  get count(): number {
    return 1;
  }
  expand(firstId: number, into: RecordedEvent[]): void {
    into.push({
      id: firstId,
      previousEventId: this.previousEventId,
      timestamp: this.timestamp,
      type: this.type,
      detailsKey: this.detailsKey,
      details: this.details,
    });
  }
}

/** A StateEntered or StateExited event as read back. */
function stateEvent(
  id: number,
  previousEventId: number,
  timestamp: number,
  type: HistoryEventType,
  name: string,
  value: Json,
  exited: boolean,
  assigned: ReadonlyMap<string, Json> | undefined,
): RecordedEvent {
  return {
    id,
    previousEventId,
    timestamp,
    type,
    detailsKey: exited ? 'stateExitedEventDetails' : 'stateEnteredEventDetails',
    details: stateDetails(name, value, exited, assigned),
  };
}

/** One StateEntered or StateExited event. */
class StateEntry {
  constructor(
    readonly type: HistoryEventType,
    readonly previousEventId: number,
    readonly timestamp: number,
    readonly name: string,
    readonly value: Json,
    readonly exited: boolean,
    readonly assigned: ReadonlyMap<string, Json> | undefined,
  ) {}
  get count(): number {
    return 1;
  }
  expand(firstId: number, into: RecordedEvent[]): void {
    into.push(
      stateEvent(
        firstId,
        this.previousEventId,
        this.timestamp,
        this.type,
        this.name,
        this.value,
        this.exited,
        this.assigned,
      ),
    );
  }
}

/**
 * A state that ran without waiting (Pass, Choice, Succeed in JSONPath): its StateEntered and
 * StateExited events are adjacent, so they are kept as one entry and expanded when read.
 */
class StatePairEntry {
  constructor(
    readonly enteredType: HistoryEventType,
    readonly exitedType: HistoryEventType,
    readonly previousEventId: number,
    readonly timestamp: number,
    readonly name: string,
    readonly input: Json,
    readonly output: Json,
    readonly assigned: ReadonlyMap<string, Json> | undefined,
  ) {}
  get count(): number {
    return 2;
  }
  expand(firstId: number, into: RecordedEvent[]): void {
    into.push(
      stateEvent(
        firstId,
        this.previousEventId,
        this.timestamp,
        this.enteredType,
        this.name,
        this.input,
        false,
        undefined,
      ),
    );
    into.push(
      stateEvent(
        firstId + 1,
        firstId,
        this.timestamp,
        this.exitedType,
        this.name,
        this.output,
        true,
        this.assigned,
      ),
    );
  }
}

type Entry = PlainEntry | StateEntry | StatePairEntry;

/** The events that end an execution: they always fit, so an execution past its quota still ends. */
const CLOSING: ReadonlySet<HistoryEventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** The service's hard quota of events in a Standard execution's history. */
export const HISTORY_EVENT_QUOTA = 25_000;

/**
 * What the service says when an execution reaches its quota: it fails with States.Runtime, the
 * failure being the quota's last event (event 25,000 is ExecutionFailed).
 */
export class HistoryQuotaReached extends StatesRuntime {
  constructor(maxEvents: number) {
    super(`The execution reached the maximum number of history events (${maxEvents}).`);
  }
}

interface Quota {
  readonly maxEvents: number;
  /** Stops the execution: every thread of it (Map iterations, branches) ends at once. */
  readonly reached: (error: HistoryQuotaReached) => void;
}

/**
 * Events are kept as few small objects as possible (a state that ran without waiting is one
 * entry for two events), because recording history is most of the engine's work per state.
 */
export class History {
  private readonly entries: Entry[] = [];
  private count = 0;
  /** Told of every event as it is recorded (the journal); unset, recording costs nothing more. */
  private listener: ((event: RecordedEvent) => void) | undefined;
  private quota: Quota | undefined;
  /** Events past this many are counted, not kept (see keepAtMost). */
  private keepLimit = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /**
   * An Express execution has no history quota (the service keeps no history for it; its events
   * go to CloudWatch Logs), so one looping for its five minutes would grow this without bound:
   * past `maxEvents`, events are still counted (ids go on) but neither kept nor journaled.
   */
  keepAtMost(maxEvents: number): void {
    this.keepLimit = maxEvents;
  }

  /**
   * From now on, an event that would take the last place before `maxEvents` (kept for the
   * closing event) is not recorded: `reached` is told, and the recording throws.
   */
  limitTo(maxEvents: number, reached: (error: HistoryQuotaReached) => void): void {
    this.quota = { maxEvents, reached };
  }

  /** A history that goes on from events recorded before (read back from the journal). */
  static restore(now: () => number, events: readonly RecordedEvent[]): History {
    const history = new History(now);
    for (const event of events) {
      history.entries.push(
        new PlainEntry(event.type, event.previousEventId, event.timestamp, event.detailsKey, event.details),
      );
    }
    history.count = events.length;
    return history;
  }

  /** Every event recorded from now on is also handed to `listener`. */
  listen(listener: (event: RecordedEvent) => void): void {
    this.listener = listener;
  }

  private push(entry: Entry): number {
    const quota = this.quota;
    if (quota !== undefined && this.count + entry.count >= quota.maxEvents) {
      if (!(entry instanceof PlainEntry && CLOSING.has(entry.type))) this.refuse(entry, quota);
    }
    const firstId = this.count + 1;
    const kept = this.count + entry.count <= this.keepLimit;
    if (kept) this.entries.push(entry);
    this.count += entry.count;
    if (kept && this.listener !== undefined) {
      const events: RecordedEvent[] = [];
      entry.expand(firstId, events);
      for (const event of events) this.listener(event);
    }
    return this.count;
  }

  /** Past the quota: what still fits of `entry` is recorded (a pair's entry), then the execution fails. */
  private refuse(entry: Entry, quota: Quota): never {
    if (entry instanceof StatePairEntry && this.count + 1 < quota.maxEvents) {
      this.push(
        new StateEntry(
          entry.enteredType,
          entry.previousEventId,
          entry.timestamp,
          entry.name,
          entry.input,
          false,
          undefined,
        ),
      );
    }
    const error = new HistoryQuotaReached(quota.maxEvents);
    quota.reached(error);
    throw error;
  }

  /** Appends an event after `previousEventId` and returns its id. */
  add(type: HistoryEventType, previousEventId: number, detailsKey?: string, details?: EventDetails): number {
    return this.push(new PlainEntry(type, previousEventId, this.now(), detailsKey, details));
  }

  /** A StateEntered (`exited` false) or StateExited event; `value` is the input or output. */
  addState(
    type: HistoryEventType,
    previousEventId: number,
    name: string,
    value: Json,
    exited: boolean,
    assigned?: ReadonlyMap<string, Json>,
    timestamp = this.now(),
  ): number {
    return this.push(new StateEntry(type, previousEventId, timestamp, name, value, exited, assigned));
  }

  /** StateEntered and StateExited of a state that ran without waiting; returns the exit's id. */
  addStatePair(
    enteredType: HistoryEventType,
    exitedType: HistoryEventType,
    previousEventId: number,
    name: string,
    input: Json,
    output: Json,
    assigned: ReadonlyMap<string, Json> | undefined,
    timestamp: number,
  ): number {
    return this.push(
      new StatePairEntry(enteredType, exitedType, previousEventId, timestamp, name, input, output, assigned),
    );
  }

  get length(): number {
    return this.count;
  }

  /** Recorded events with values as JSON (not text), for in-process assertions and the dashboard. */
  recorded(): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    let id = 1;
    for (const entry of this.entries) {
      entry.expand(id, events);
      id += entry.count;
    }
    return events;
  }

  /** Events in the service's shape; without data, inputs and outputs are left out. */
  toServiceEvents(includeExecutionData = true): HistoryEvent[] {
    return this.recorded().map((event) => shaped(event, includeExecutionData));
  }

  /**
   * The events at positions [from, to) (0-based, in id order) in the service's shape. Only those
   * are expanded and rendered: a page of a history of millions of events costs a walk over the
   * entries (no allocation) and the page itself, not a copy of the whole history.
   */
  serviceEvents(from: number, to: number, includeExecutionData = true): HistoryEvent[] {
    const start = Math.max(0, from);
    const end = Math.min(this.count, to);
    const page: HistoryEvent[] = [];
    if (start >= end) return page;
    let id = 1;
    const expanded: RecordedEvent[] = [];
    for (const entry of this.entries) {
      const next = id + entry.count;
      // Positions are ids - 1: this entry holds positions [id - 1, next - 1).
      if (next - 1 > start) {
        entry.expand(id, expanded);
        for (const event of expanded) {
          if (event.id - 1 >= start && event.id - 1 < end) page.push(shaped(event, includeExecutionData));
        }
        expanded.length = 0;
        if (next - 1 >= end) break;
      }
      id = next;
    }
    return page;
  }
}

/** A recorded event in the service's shape; `jsonText` writes its JSON values (JSON.stringify). */
export function shaped(
  event: RecordedEvent,
  includeExecutionData: boolean,
  jsonText: JsonText = JSON.stringify,
): HistoryEvent {
  const shape: HistoryEvent = {
    timestamp: new Date(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (event.detailsKey !== undefined && event.details !== undefined) {
    shape[event.detailsKey] = render(event.details, includeExecutionData, jsonText);
  }
  return shape;
}
