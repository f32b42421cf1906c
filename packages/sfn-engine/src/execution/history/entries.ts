/**
 * How History keeps its events: one small entry per event, or one for a state's adjacent
 * StateEntered and StateExited, expanded into RecordedEvents only when read.
 */
import type { Json } from '@myblog/asl';
import { asJson, type EventDetails, type HistoryEventType, type RecordedEvent } from './events';

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
export class PlainEntry {
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
export class StateEntry {
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
export class StatePairEntry {
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

export type Entry = PlainEntry | StateEntry | StatePairEntry;
