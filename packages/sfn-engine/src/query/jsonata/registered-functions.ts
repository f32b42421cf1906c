import { AWS_JSONATA_FUNCTIONS } from './aws-functions';
import { CHECKED_EVAL } from './checked-eval';
import { EXTREMES } from './extremes';
import { HIGHER_ORDER_BUILT_INS } from './higher-order-built-ins';
import { type LibraryEnvironment, probeEnvironment } from './library-environment';
import { LINEAR_BUILT_INS } from './linear-built-ins';
import { SIZE_GUARDED_BUILT_INS } from './size-guards';
import { BUDGETED_TO_MILLIS } from './to-millis';

/**
 * Every function registered over the `jsonata` library's on each expression, and on the fast
 * path's view of the library: Step Functions' own functions, the size-guarded built-ins, the
 * built-ins rewritten to run in linear time, $max and $min for arrays of any length, the
 * higher-order built-ins with their function argument counted, $eval with its text's limits
 * checked, and $toMillis with its regex under the regex budget.
 */
export const REGISTERED_FUNCTIONS = [
  ...AWS_JSONATA_FUNCTIONS,
  ...SIZE_GUARDED_BUILT_INS,
  ...LINEAR_BUILT_INS,
  ...EXTREMES,
  ...HIGHER_ORDER_BUILT_INS,
  ...CHECKED_EVAL,
  ...BUDGETED_TO_MILLIS,
];

let environment: LibraryEnvironment | null | undefined;

/**
 * The environment an expression evaluates in once ours are registered: the library's built-ins
 * with REGISTERED_FUNCTIONS over them (undefined should the probe find nothing).
 */
export function registeredEnvironment(): LibraryEnvironment | undefined {
  if (environment === undefined)
    environment =
      probeEnvironment((probe) => {
        for (const fn of REGISTERED_FUNCTIONS)
          probe.registerFunction(fn.name, fn.implementation, fn.signature);
      }) ?? null;
  return environment ?? undefined;
}

let defined: ReadonlyMap<string, unknown> | null | undefined;

/**
 * REGISTERED_FUNCTIONS as JSONata defines them, their signatures parsed once: bound on each new
 * expression as they are (what registerFunction binds), where registering them parsed every
 * signature again for every expression of every definition (a fifth of compiling one).
 */
export function definedFunctions(): ReadonlyMap<string, unknown> | undefined {
  if (defined === undefined) {
    const found = registeredEnvironment();
    defined =
      found === undefined
        ? null
        : new Map(REGISTERED_FUNCTIONS.map((fn) => [fn.name, found.lookup(fn.name)]));
  }
  return defined ?? undefined;
}
