import { AWS_JSONATA_FUNCTIONS } from '../aws-functions';
import { registeredEnvironment } from '../registered-functions';

/**
 * What the fast path borrows from the `jsonata` library: its functions, exactly as an expression
 * of ours sees them (the built-ins, with our registered functions over them), so a function
 * called on the fast path runs JSONata's own code with JSONata's own argument checks. They are
 * read from a probe's environment (library-environment.ts); should the probe find nothing,
 * every expression simply runs on the library.
 */

/** The `this` JSONata gives a function it calls (some read createSequence or the timestamp). */
export interface Focus {
  readonly environment: { readonly timestamp: Date };
  readonly input: unknown;
  readonly options: Record<string, never>;
  readonly createSequence: (...items: unknown[]) => unknown[];
}

/** A function as the library binds it (its `defineFunction`). */
export interface LibraryFunction {
  readonly implementation: (this: Focus, ...args: unknown[]) => unknown;
  readonly signature?: { validate(args: unknown[], context: unknown): unknown[] };
}

/**
 * The functions the fast path may call: those that are synchronous and take no function as an
 * argument ($map, $filter, $sort, $replace... are evaluated by the library). `now` and `millis`
 * are read from the evaluation's own timestamp (see Environment.timestamp).
 */
const CALLABLE = new Set([
  'sum',
  'count',
  'max',
  'min',
  'average',
  'string',
  'substring',
  'substringBefore',
  'substringAfter',
  'lowercase',
  'uppercase',
  'length',
  'trim',
  'pad',
  'join',
  'formatNumber',
  'formatBase',
  'formatInteger',
  'parseInteger',
  'number',
  'floor',
  'ceil',
  'round',
  'abs',
  'sqrt',
  'power',
  'boolean',
  'not',
  'zip',
  'keys',
  'lookup',
  'append',
  'exists',
  'spread',
  'merge',
  'reverse',
  'type',
  'distinct',
  'shuffle',
  'error',
  'assert',
  'base64encode',
  'base64decode',
  'encodeUrlComponent',
  'encodeUrl',
  'decodeUrlComponent',
  'decodeUrl',
  'toMillis',
  'fromMillis',
  ...AWS_JSONATA_FUNCTIONS.map((fn) => fn.name),
]);

const libraryEnvironment = registeredEnvironment;

function isLibraryFunction(value: unknown): value is LibraryFunction {
  const implementation = (value as { implementation?: unknown } | null)?.implementation;
  // An async implementation would hand back a promise: such a function is left to the library.
  return typeof implementation === 'function' && implementation.constructor.name !== 'AsyncFunction';
}

/** True when the library can be reached at all (false: the fast path compiles nothing). */
export function libraryReachable(): boolean {
  return libraryEnvironment() !== undefined;
}

/** The function `$name` calls, if the fast path may call it. */
export function callableFunction(name: string): LibraryFunction | undefined {
  if (!CALLABLE.has(name)) return undefined;
  const found = libraryEnvironment()?.lookup(name);
  return isLibraryFunction(found) ? found : undefined;
}

/** The library's `$now`/`$millis`: their signatures check the arguments as the library does. */
export function timestampFunction(name: 'now' | 'millis'): LibraryFunction | undefined {
  const found = libraryEnvironment()?.lookup(name);
  return isLibraryFunction(found) ? found : undefined;
}

/** True when `$name` is a function of the expression's environment (a value the fast path declines). */
export function isFunctionName(name: string): boolean {
  return libraryEnvironment()?.lookup(name) !== undefined;
}
