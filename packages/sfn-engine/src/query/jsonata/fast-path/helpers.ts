/**
 * The pieces of the library's evaluator the fast path calls or copies: its helper functions (with
 * the `this` the evaluator gives them), the flags it reads off values, and how it annotates errors.
 */
import { type Focus, type LibraryFunction, callableFunction } from './library';
import { unsupported } from './nodes';
import { createSequence } from './values';

export function libraryFunction(name: string): LibraryFunction {
  return callableFunction(name) ?? unsupported(`function $${name}`);
}

/**
 * The library's own helpers, called with the `this` its evaluator gives them; found when the first
 * expression is compiled (compileTree refuses every expression if the library cannot be reached).
 */
interface Helpers {
  readonly lookup: LibraryFunction['implementation'];
  readonly append: LibraryFunction['implementation'];
  readonly boolean: LibraryFunction['implementation'];
  readonly string: LibraryFunction['implementation'];
  readonly fromMillis: LibraryFunction['implementation'];
}
let found: Helpers | undefined;

export function helpers(): Helpers {
  found ??= {
    lookup: libraryFunction('lookup').implementation,
    append: libraryFunction('append').implementation,
    boolean: libraryFunction('boolean').implementation,
    string: libraryFunction('string').implementation,
    fromMillis: libraryFunction('fromMillis').implementation,
  };
  return found;
}

const STATIC_FOCUS = { createSequence, options: {} } as unknown as Focus;
export const lookup = (input: unknown, key: string): unknown =>
  helpers().lookup.call(STATIC_FOCUS, input, key);
export const append = (left: unknown, right: unknown): unknown =>
  helpers().append.call(STATIC_FOCUS, left, right);
export const toBoolean = (value: unknown): unknown => helpers().boolean.call(STATIC_FOCUS, value);
export const toStringValue = (value: unknown): string => helpers().string.call(STATIC_FOCUS, value) as string;

/** Reads a flag of a value the way the evaluator does (`value && value.flag`). */
export function flag(value: unknown, name: 'tupleStream' | 'outerWrapper' | 'cons' | 'sequence'): unknown {
  return value ? (value as Record<string, unknown>)[name] : undefined;
}

/** Gives a JSONata error the operator or function it came from, as the evaluator does. */
export function annotate(error: unknown, position: unknown, token: string, always: boolean): void {
  if (typeof error !== 'object' || error === null) return;
  // JSONata's errors are plain objects, or carry a code (the AWS functions'); ours stay as they are.
  if (error.constructor === Object || 'code' in error) {
    const fields = error as { position?: unknown; token?: unknown };
    if (always || fields.position === undefined) fields.position = position;
    if (always || fields.token === undefined) fields.token = token;
  }
}
