import type { StatesError } from '../errors';
import type { StateVisit } from '../execution/frame';
import type { Json, JsonObject } from '@myblog/asl';
import type { Assignment, QueryLanguage } from './data-flow';

export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** What a state hands to the execution loop: its output, where to go, and the variables it set. */
export interface StateOutcome {
  readonly output: Json;
  /** The next state's name; undefined when the state ends its scope. */
  readonly next: string | undefined;
  readonly assignment?: Assignment | undefined;
  /** Set when a catcher handled an error: where the state went is the catcher's Next. */
  readonly caught?: StatesError | undefined;
}

/**
 * A state compiled from its definition. `run` is synchronous where it can be (Pass, Choice and
 * Succeed in JSONPath, and in JSONata when their expressions take the fast path), so a loop of
 * simple states costs no promise per step.
 */
export interface StateExecutor {
  readonly name: string;
  readonly type: StateType;
  /**
   * True when `run` records no events and does not wait (the loop records two at once). A
   * JSONata state's `run` still returns a promise when an evaluation falls back to the library
   * (one that fails, for one), which the loop awaits: nothing else runs in the frame meanwhile.
   */
  readonly synchronous?: boolean;
  run(input: Json, visit: StateVisit): StateOutcome | Promise<StateOutcome>;
}

/** What a state's compiler needs to know besides its own definition. */
export interface StateCompileContext {
  readonly name: string;
  readonly definition: JsonObject;
  readonly language: QueryLanguage;
  /** Compiles a nested machine (a Parallel branch or a Map processor). */
  readonly compileMachine: (machine: JsonObject, language: QueryLanguage) => CompiledMachine;
}

/** A compiled machine: the top level, a branch or a Map processor. */
export interface CompiledMachine {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, StateExecutor>;
  readonly language: QueryLanguage;
  /** The top-level TimeoutSeconds, if any. */
  readonly timeoutSeconds: number | undefined;
}

/** `Next`, or undefined when the state has `End: true`. */
export function nextOf(definition: JsonObject): string | undefined {
  return typeof definition['Next'] === 'string' ? definition['Next'] : undefined;
}
