import type { AwsFunction } from './aws-functions';
import { callBuiltIn } from './library-environment';

/**
 * $max and $min over arrays of any length. The library passes the whole array as arguments
 * (`Math.max.apply(Math, args)`), and past about 120,000 numbers that overflows the stack:
 * `$max([1..200000])` failed with "Maximum call stack size exceeded". Longer arrays are folded
 * here one number at a time with the same Math.max / Math.min, which give the same value taken
 * in any grouping (NaN wins, and +0 is above -0, either way). Everything else, and every error
 * (a non-number is refused by the signature, T0412, before either runs), is the library's.
 */

/** Up to this many numbers the library's own call is used: its spread takes ~80 KB of stack. */
const LIBRARY_ARGUMENTS = 10_000;

function fold(items: readonly number[], pick: (a: number, b: number) => number): number {
  let extreme = pick(items[0] as number, items[1] as number);
  for (let i = 2; i < items.length; i += 1) extreme = pick(extreme, items[i] as number);
  return extreme;
}

function max(this: unknown, args: unknown): unknown {
  if (!Array.isArray(args) || args.length <= LIBRARY_ARGUMENTS) return callBuiltIn('max', this, [args]);
  return fold(args as number[], Math.max);
}

function min(this: unknown, args: unknown): unknown {
  if (!Array.isArray(args) || args.length <= LIBRARY_ARGUMENTS) return callBuiltIn('min', this, [args]);
  return fold(args as number[], Math.min);
}

/** Registered on every expression after Step Functions' own functions (registered-functions.ts). */
export const EXTREMES: readonly AwsFunction[] = [
  { name: 'max', implementation: max, signature: '<a<n>:n>' },
  { name: 'min', implementation: min, signature: '<a<n>:n>' },
];
