import { StatesError, StatesQueryEvaluationError } from '../errors';
import type { Json, JsonObject } from '@myblog/asl';
import type { PathScope } from '../query/jsonpath/json-path';
import type { JsonataScope } from '../query/jsonata/template';
import type { EventDetails, HistoryEventType } from './history';
import type { ExecutionRun } from './services';
import { signalOf, type StopSource } from './stop-switch';
import type { VariableScope } from './variables';

export interface MapItemContext {
  readonly index: number;
  readonly value: Json;
}

/**
 * One thread of an execution: the top level, a Parallel branch or a Map iteration. It keeps its
 * own variable scope and its own chain of previousEventId.
 */
export class Frame {
  /**
   * Set on the top-level frame only: told of each state about to run, with its input and the
   * variables as they are then, so an execution can later go on from there (redrive, journal).
   */
  checkpoint: ((state: string, input: Json, variables: VariableScope) => void) | undefined;

  constructor(
    readonly run: ExecutionRun,
    readonly variables: VariableScope,
    public lastEventId: number,
    /** The execution's stop switch at the top level; a branch's or an iteration's signal below it. */
    private readonly stop: StopSource,
  ) {}

  /** Whether this thread was stopped (its execution, or its branch's Parallel or Map). */
  get aborted(): boolean {
    return this.stop.aborted;
  }

  /** Why it was stopped. */
  get stopReason(): unknown {
    return this.stop.reason;
  }

  /** A real AbortSignal for what this thread hands work to (a task, a timer, its branches). */
  get signal(): AbortSignal {
    return signalOf(this.stop);
  }

  record(type: HistoryEventType, detailsKey?: string, details?: EventDetails): number {
    this.lastEventId = this.run.history.add(type, this.lastEventId, detailsKey, details);
    return this.lastEventId;
  }

  /**
   * An error left one attempt of a state (or the state): the one place where a runtime error is
   * put in AWS's words and recorded. Its cause gets AWS's prefix naming the state and the event
   * that entered it (once, at the innermost state; see StatesError.citeState). A JSONata
   * expression that failed then gets its EvaluationFailed event naming the state and the field,
   * before the error is retried, caught or ends the run, once per error.
   */
  noteFailure(visit: StateVisit, thrown: unknown): void {
    if (!(thrown instanceof StatesError)) return;
    if (visit.enteredEventId !== undefined) thrown.citeState(visit.stateName, visit.enteredEventId);
    if (!(thrown instanceof StatesQueryEvaluationError) || thrown.recorded) return;
    thrown.recorded = true;
    this.record('EvaluationFailed', 'evaluationFailedEventDetails', {
      error: thrown.error,
      cause: thrown.cause,
      ...(thrown.location === undefined ? {} : { location: thrown.location }),
      state: visit.stateName,
    });
  }

  recordState(
    type: HistoryEventType,
    name: string,
    value: Json,
    exited: boolean,
    assigned?: ReadonlyMap<string, Json>,
    timestamp?: number,
  ): void {
    this.lastEventId = this.run.history.addState(
      type,
      this.lastEventId,
      name,
      value,
      exited,
      assigned,
      timestamp,
    );
  }

  recordStatePair(
    enteredType: HistoryEventType,
    exitedType: HistoryEventType,
    name: string,
    input: Json,
    output: Json,
    assigned: ReadonlyMap<string, Json> | undefined,
    timestamp: number,
  ): void {
    this.lastEventId = this.run.history.addStatePair(
      enteredType,
      exitedType,
      this.lastEventId,
      name,
      input,
      output,
      assigned,
      timestamp,
    );
  }

  private reusableVisit: StateVisit | undefined;

  /**
   * A visit for a state that runs without waiting. Nothing can hold on to it past the state's
   * run, so one object per frame is reused instead of allocating one per state.
   */
  visitWithoutWaiting(stateName: string, enteredAt: number): StateVisit {
    this.reusableVisit ??= new StateVisit(this, stateName, enteredAt);
    return this.reusableVisit.reset(stateName, enteredAt);
  }

  /** A frame for a branch or iteration: child variable scope, history chained after `afterEventId`. */
  child(signal: StopSource, afterEventId: number): Frame {
    return new Frame(this.run, this.variables.child(), afterEventId, signal);
  }
}

/** A PathScope over one visit; the context object is built only if a `$$` path reads it. */
class VisitPathScope implements PathScope {
  constructor(
    private readonly visit: StateVisit,
    readonly input: Json,
  ) {}
  get context(): Json {
    return this.visit.context();
  }
  variable(name: string): Json | undefined {
    return this.visit.frame.variables.get(name);
  }
}

class VisitJsonataScope implements JsonataScope {
  constructor(
    private readonly visit: StateVisit,
    readonly states: { input: Json; result?: Json; errorOutput?: Json },
  ) {}
  context(): Json {
    return this.visit.context();
  }
  variables(name: string): Json | undefined {
    return this.visit.frame.variables.get(name);
  }
  variableNames(): Iterable<string> {
    return this.visit.frame.variables.names();
  }
}

/**
 * One visit of one state: its name, when it was entered and how often it has been retried. It
 * builds the context object only when an expression asks for it.
 */
export class StateVisit {
  retryCount = 0;
  /**
   * Whether `$$.State` has a RetryCount: only in the states that can retry (Task, Parallel,
   * Map). A Pass state's context object has the state's Name and EnteredTime alone (LocalStack's
   * test_context_object snapshot, recorded on AWS).
   */
  countsRetries = true;
  taskToken: string | undefined;
  /**
   * The id of the *StateEntered event of this visit, which AWS cites in the cause of an error
   * raised in the state; undefined where no history is kept (TestState).
   */
  enteredEventId: number | undefined;
  /** TestState's DEBUG inspection: each data-flow step's value, when asked for. */
  inspection: Map<string, Json> | undefined;
  /** Set only while a Map state evaluates its ItemSelector for one item. */
  mapItem: MapItemContext | undefined;
  private cached: JsonObject | undefined;

  constructor(
    readonly frame: Frame,
    public stateName: string,
    /** Milliseconds since the epoch; turned into ISO text only if the context object is read. */
    public enteredAt: number,
  ) {}

  /** Makes this object a fresh visit of another state (see Frame.visitWithoutWaiting). */
  reset(stateName: string, enteredAt: number): this {
    this.stateName = stateName;
    this.enteredAt = enteredAt;
    this.retryCount = 0;
    this.countsRetries = true;
    this.taskToken = undefined;
    this.enteredEventId = undefined;
    this.mapItem = undefined;
    this.cached = undefined;
    return this;
  }

  /** The same visit seen from one Map item (`$$.Map.Item`). */
  forItem(item: MapItemContext): StateVisit {
    const visit = new StateVisit(this.frame, this.stateName, this.enteredAt);
    visit.retryCount = this.retryCount;
    visit.countsRetries = this.countsRetries;
    visit.enteredEventId = this.enteredEventId;
    visit.mapItem = item;
    return visit;
  }

  context(): JsonObject {
    if (this.cached !== undefined) {
      const state = this.cached['State'] as JsonObject;
      const task = this.cached['Task'] as JsonObject | undefined;
      const retries = this.countsRetries ? this.retryCount : undefined;
      if (state['RetryCount'] === retries && task?.['Token'] === this.taskToken) return this.cached;
    }
    const id = this.frame.run.identity;
    const context: JsonObject = {
      Execution: {
        Id: id.executionArn,
        Input: id.input,
        StartTime: id.startTime,
        Name: id.executionName,
        RoleArn: id.roleArn,
        RedriveCount: id.redriveCount,
      },
      // A versioned execution's state machine is its version.
      StateMachine: { Id: id.stateMachineVersionArn ?? id.stateMachineArn, Name: id.stateMachineName },
      State: {
        Name: this.stateName,
        EnteredTime: new Date(this.enteredAt).toISOString(),
        ...(this.countsRetries ? { RetryCount: this.retryCount } : {}),
      },
    };
    if (this.taskToken !== undefined) context['Task'] = { Token: this.taskToken };
    const item = this.mapItem;
    if (item !== undefined) context['Map'] = { Item: { Index: item.index, Value: item.value } };
    this.cached = context;
    return context;
  }

  /** Where JSONPath expressions of this state look: `$` is `input`. */
  pathScope(input: Json): PathScope {
    return new VisitPathScope(this, input);
  }

  /** What JSONata expressions of this state see as `$states` and variables. */
  jsonataScope(states: { input: Json; result?: Json; errorOutput?: Json }): JsonataScope {
    return new VisitJsonataScope(this, states);
  }
}
