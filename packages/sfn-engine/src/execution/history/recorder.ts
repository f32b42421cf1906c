import type { Json } from '@myblog/asl';
import { type Entry, PlainEntry, StateEntry, StatePairEntry } from './entries';
import type { EventDetails, HistoryEvent, HistoryEventType, RecordedEvent } from './events';
import { CLOSING, HistoryQuotaReached, type Quota } from './quota';
import { shaped } from './service-shape';

/**
 * Events are kept as few small objects as possible (a state that ran without waiting is one
 * entry for two events), because recording history is most of the engine's work per state.
 */
/** Milliseconds since the epoch, as the engine's clock tells them. */
export interface TimeSource {
  now(): number;
}

export class History {
  private readonly entries: Entry[] = [];
  private count = 0;
  /** Told of every event as it is recorded (the journal); unset, recording costs nothing more. */
  private listener: ((event: RecordedEvent) => void) | undefined;
  private quota: Quota | undefined;
  /** Events past this many are counted, not kept (see keepAtMost). */
  private keepLimit = Number.POSITIVE_INFINITY;
  /** Cut short: nothing more is recorded but the closing event (see seal). */
  private sealed = false;

  /**
   * `clock`: where event times come from. An object, not a function: every execution's history
   * shares the service's clock, where a closure would be made, and kept, per execution.
   */
  constructor(private readonly clock: TimeSource) {}

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
  static restore(clock: TimeSource, events: readonly RecordedEvent[]): History {
    const history = new History(clock);
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

  /**
   * StopExecution, or the execution's time limit, ended it: what its states record while they
   * unwind (a WaitStateAborted, a TaskStateAborted, a Map's aborted iterations) is not recorded.
   * The service's history ends where the stop came, with only the closing event after it (the
   * test_stop_execution and test_global_timeout histories LocalStack recorded on AWS).
   */
  seal(): void {
    this.sealed = true;
  }

  /** A redrive, or a run launched after a stop came, records again. */
  reopen(): void {
    this.sealed = false;
  }

  /**
   * The event that ends an execution cut short (ExecutionAborted, ExecutionTimedOut): recorded
   * even when sealed, after no event of the execution's (previousEventId 0, as the service
   * records it); the history stays sealed.
   */
  close(type: HistoryEventType, detailsKey: string, details: EventDetails): number {
    this.sealed = false;
    const id = this.add(type, 0, detailsKey, details);
    this.sealed = true;
    return id;
  }

  private push(entry: Entry): number {
    if (this.sealed) return this.count;
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
    return this.push(new PlainEntry(type, previousEventId, this.clock.now(), detailsKey, details));
  }

  /** A StateEntered (`exited` false) or StateExited event; `value` is the input or output. */
  addState(
    type: HistoryEventType,
    previousEventId: number,
    name: string,
    value: Json,
    exited: boolean,
    assigned?: ReadonlyMap<string, Json>,
    timestamp = this.clock.now(),
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
