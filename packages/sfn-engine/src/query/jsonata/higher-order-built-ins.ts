import { turnElapsed } from '../../budgets/turn';
import type { AwsFunction } from './aws-functions';
import { failPastTurnBudget } from './evaluation-budget';
import { callBuiltIn } from './library-environment';

/**
 * The built-ins that call a function argument for each item ($map, $filter, $single, $reduce,
 * $each, $sift), registered over the library's with its signatures, the function argument
 * counted. A JSONata function given to them is evaluated under the evaluation budget, which
 * pauses and ends a long evaluation; a built-in one (`$map([1..10000000], $abs)`) is called
 * straight from the library's loop and never meets it: it held the event loop for 6.5 s and
 * then succeeded. So every CHECK_EVERY calls of any counted function, the current event-loop turn
 * is looked at, and one that has run for the whole time budget fails as an evaluation past it
 * would. (A JSONata function pauses every slice, so its turns stay short and this never fires.)
 */

/** Calls between two looks at the clock (a built-in call takes well under a microsecond). */
const CHECK_EVERY = 1_024;
/** One count for all: nested or successive calls that together hold the loop are caught too. */
let callsUntilCheck = CHECK_EVERY;

function countCall(): void {
  callsUntilCheck -= 1;
  if (callsUntilCheck > 0) return;
  callsUntilCheck = CHECK_EVERY;
  failPastTurnBudget();
}

/** A function argument as the library sees one: its closure, which carries its arity. */
type FunctionArgument = ((...args: unknown[]) => unknown) & {
  arity?: unknown;
  implementation?: unknown;
};

/**
 * `func` counted. The library passes a function the value, then its index and the array if the
 * function takes them, reading how many it takes from `arity` (then `implementation.length`, then
 * `length`), so the counted one carries the same arity. Anything that is not a function (no
 * function given, or one a partial application passes as it is) is handed on unchanged, for the
 * library to use or refuse.
 */
function counted(func: unknown): unknown {
  if (typeof func !== 'function') return func;
  const original = func as FunctionArgument;
  // Opens the turn's clock if nothing has yet, so a loop that starts the turn is timed from here.
  turnElapsed();
  const countedCall = function (this: unknown, ...args: unknown[]): unknown {
    countCall();
    return original.apply(this, args);
  };
  const arity =
    typeof original.arity === 'number'
      ? original.arity
      : typeof original.implementation === 'function'
        ? original.implementation.length
        : original.length;
  return Object.assign(countedCall, { arity });
}

// Explicit parameter lists, as the library's own: a partial application (`$map(?, $abs)`) reads a
// built-in's parameter names from its source text.

function map(this: unknown, arr: unknown, func: unknown): unknown {
  return callBuiltIn('map', this, [arr, counted(func)]);
}

function filter(this: unknown, arr: unknown, func: unknown): unknown {
  return callBuiltIn('filter', this, [arr, counted(func)]);
}

function single(this: unknown, arr: unknown, func: unknown): unknown {
  return callBuiltIn('single', this, [arr, counted(func)]);
}

function reduce(this: unknown, sequence: unknown, func: unknown, init: unknown): unknown {
  return callBuiltIn('reduce', this, [sequence, counted(func), init]);
}

function each(this: unknown, obj: unknown, func: unknown): unknown {
  return callBuiltIn('each', this, [obj, counted(func)]);
}

function sift(this: unknown, arg: unknown, func: unknown): unknown {
  return callBuiltIn('sift', this, [arg, counted(func)]);
}

/** Registered on every expression after Step Functions' own functions (registered-functions.ts). */
export const HIGHER_ORDER_BUILT_INS: readonly AwsFunction[] = [
  { name: 'map', implementation: map, signature: '<af>' },
  { name: 'filter', implementation: filter, signature: '<af>' },
  { name: 'single', implementation: single, signature: '<af?>' },
  { name: 'reduce', implementation: reduce, signature: '<afj?:j>' },
  { name: 'each', implementation: each, signature: '<o-f:a>' },
  { name: 'sift', implementation: sift, signature: '<o-f?:o>' },
];
