import type { JsonataScope } from '../scope';
import { isFunctionName } from './library';

/**
 * Thrown when an evaluation meets what the fast path leaves to the library at run time: a
 * function used as a value, a variable that hides a function, a tuple stream. The expression is
 * then evaluated by the library, which gives the answer (or the error) in full.
 */
export class LeftToLibrary extends Error {
  override readonly name = 'LeftToLibrary';
}

const LEFT_TO_LIBRARY = new LeftToLibrary('evaluated by the jsonata library');

export function leaveToLibrary(): never {
  throw LEFT_TO_LIBRARY;
}

/**
 * The bindings of one evaluation, as the library sees them: the state's variables, `$states`
 * (with `context` when the expression mentions it, as template.ts binds it), `$$` (the input,
 * which is nothing: expressions are evaluated without one), then the functions.
 */
export class Environment {
  private stamp: Date | undefined;
  private statesValue: unknown;

  constructor(
    private readonly scope: JsonataScope,
    private readonly usesContext: boolean,
  ) {}

  /**
   * The evaluation's time, taken once when first read: `$now()` and `$millis()` give the same
   * instant all through one evaluation, as the library's do.
   */
  get timestamp(): Date {
    this.stamp ??= new Date();
    return this.stamp;
  }

  lookup(name: string): unknown {
    if (name === '$') return undefined;
    // A variable is never undefined (an Assign that gives nothing fails), so this finds them all;
    // one named `states` hides $states, as it does in the bindings template.ts hands the library.
    const variable = this.scope.variables(name);
    if (variable !== undefined) return variable;
    if (name === 'states') return this.states();
    if (isFunctionName(name)) leaveToLibrary();
    return undefined;
  }

  /** True when a variable of this name hides the function `$name`. */
  hides(name: string): boolean {
    return this.scope.variables(name) !== undefined;
  }

  private states(): unknown {
    if (this.statesValue === undefined)
      this.statesValue = this.usesContext
        ? { ...this.scope.states, context: this.scope.context() }
        : this.scope.states;
    return this.statesValue;
  }
}
