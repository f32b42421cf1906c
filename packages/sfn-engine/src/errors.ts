import { stateErrorCause } from './error-causes';

/**
 * Runtime errors carry an ASL error name (`error`) and a cause, exactly what Retry and Catch match
 * and what ExecutionFailed reports. The `States.*` names are the service's own; every other name
 * comes from a task (e.g. a Lambda's errorType) or a Fail state.
 */
export class StatesError extends Error {
  override cause: string;
  /**
   * Set once the cause names the state it was raised in (see citeState). An ECMAScript private
   * field, not `private`: the classes statesError() makes are exported, and TypeScript cannot
   * write the declarations of an anonymous class type with a `private` member (TS4094).
   */
  #cited = false;

  constructor(
    readonly error: string,
    cause: string,
  ) {
    super(cause === '' ? error : `${error}: ${cause}`);
    this.cause = cause;
  }
  override get name(): string {
    return this.error;
  }

  /**
   * True for the errors the interpreter itself raises while running a state (a path that
   * selects nothing, an expression that fails, a value of the wrong type): AWS opens their cause
   * with the state and the event that entered it. Errors a task, a Fail state or a nested
   * execution reports, time-outs and the payload quota keep their cause as it is.
   */
  get citesState(): boolean {
    return false;
  }

  /**
   * Opens the cause with AWS's prefix naming the state, once: an error that leaves a Parallel
   * branch or a Map iteration keeps the prefix of the innermost state it was raised in.
   */
  citeState(stateName: string, enteredEventId: number): void {
    if (!this.citesState || this.#cited) return;
    this.#cited = true;
    this.cause = stateErrorCause(stateName, enteredEventId, this.cause);
    this.message = `${this.error}: ${this.cause}`;
  }
}

const statesError = (error: string, citesState = false) =>
  class extends StatesError {
    static readonly errorName = error;
    constructor(cause: string) {
      super(error, cause);
    }
    override get citesState(): boolean {
      return citesState;
    }
  };

/** A Task failed in a way AWS reports as TaskFailed with no more specific name. */
export class StatesTaskFailed extends statesError('States.TaskFailed') {}
/** A Task or the execution ran longer than its TimeoutSeconds. */
export class StatesTimeout extends statesError('States.Timeout') {}
/** A Task sent no heartbeat for HeartbeatSeconds. */
export class StatesHeartbeatTimeout extends statesError('States.HeartbeatTimeout') {}
/** Input/output past the 256 KiB payload quota. */
export class StatesDataLimitExceeded extends statesError('States.DataLimitExceeded') {}
/** ResultPath could not be applied to the state's input. */
export class StatesResultPathMatchFailure extends statesError('States.ResultPathMatchFailure', true) {}
/** A `.$` field's path selected nothing. */
export class StatesParameterPathFailure extends statesError('States.ParameterPathFailure', true) {}
/** A Parallel or Map branch failed and its error could not be reported any other way. */
export class StatesBranchFailed extends statesError('States.BranchFailed') {}
/** No Choice rule matched and the state has no Default. */
export class StatesNoChoiceMatched extends statesError('States.NoChoiceMatched') {}
/** An intrinsic function was called with arguments it cannot take. */
export class StatesIntrinsicFailure extends statesError('States.IntrinsicFailure', true) {}
/** A distributed Map had more failed items than its tolerance. */
export class StatesExceedToleratedFailureThreshold extends statesError(
  'States.ExceedToleratedFailureThreshold',
) {}
/** A distributed Map could not read its items. */
export class StatesItemReaderFailed extends statesError('States.ItemReaderFailed') {}
/** A distributed Map could not write its results. */
export class StatesResultWriterFailed extends statesError('States.ResultWriterFailed') {}
/**
 * A JSONata expression failed or produced a value of the wrong type. The history records it as
 * an EvaluationFailed event naming the field (its `location`), once, wherever it is handled.
 */
export class StatesQueryEvaluationError extends statesError('States.QueryEvaluationError', true) {
  constructor(
    cause: string,
    /** The field whose expression failed: `Arguments`, `Output`, `Assign/total`… */
    public location?: string,
  ) {
    super(cause);
  }
  /** Set once the EvaluationFailed event is in the history. */
  recorded = false;
}
/** Anything else at run time: a path that selects nothing, a value of the wrong type. Not caught by States.ALL. */
export class StatesRuntime extends statesError('States.Runtime', true) {}

/** Errors that `States.ALL` does not match (the service treats them as terminal). */
export const UNCATCHABLE_BY_ALL: ReadonlySet<string> = new Set(['States.Runtime']);

/** One problem in a definition, at a path like `/States/Send/Next`, as the service reports it. */
export interface DefinitionProblem {
  /** The service's diagnostic code (MISSING_TRANSITION_TARGET…); SCHEMA_VALIDATION_FAILED when absent. */
  readonly code?: string;
  /** Where, as the service prints it (`/States/A/Catch[0]/Next`, `/` for the root); absent where it names no place. */
  readonly path?: string;
  readonly message: string;
}

/** One problem as the service words it inside InvalidDefinition: `CODE: message at /path`. */
export const describeProblem = (problem: DefinitionProblem): string =>
  `${problem.code ?? 'SCHEMA_VALIDATION_FAILED'}: ${problem.message} at ${problem.path ?? 'null'}`;

/** A definition the service would refuse (InvalidDefinition), with every problem found. */
export class DefinitionError extends Error {
  override readonly name = 'InvalidDefinition';
  constructor(readonly problems: readonly DefinitionProblem[]) {
    // One problem is quoted once; several are each quoted, joined, and quoted again, as the
    // service prints a list: ''A at /x', 'B at /y''.
    super(
      problems.length === 1
        ? `Invalid State Machine Definition: '${describeProblem(problems[0] as DefinitionProblem)}'`
        : `Invalid State Machine Definition: '${problems.map((p) => `'${describeProblem(p)}'`).join(', ')}'`,
    );
  }
}
