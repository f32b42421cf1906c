import { type Json, isObject } from '@myblog/asl';

/**
 * An intrinsic function was given arguments it cannot take. The service reports every such case
 * with the same words, `Invalid arguments in States.X`, whatever the argument and whatever was
 * wrong with it; compileCall (index.ts) turns this into the States.Runtime error naming the call.
 */
export class InvalidIntrinsicArguments extends Error {
  override readonly name = 'InvalidIntrinsicArguments';
  constructor(readonly functionName: string) {
    super(`Invalid arguments in ${functionName}`);
  }
}

export function fail(name: string): never {
  throw new InvalidIntrinsicArguments(name);
}

/** Argument checks shared by the intrinsic functions. */
export function expectCount(name: string, args: readonly Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) fail(name);
}

export function stringArg(name: string, args: readonly Json[], position: number): string {
  const value = args[position];
  return typeof value === 'string' ? value : fail(name);
}

export function numberArg(name: string, args: readonly Json[], position: number): number {
  const value = args[position];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(name);
}

/**
 * A number argument the function uses as an integer. The service takes a fractional one and
 * drops its fraction (towards zero, as a cast to int does): ArrayRange(1.6, 1.4, 1) is [1],
 * ArrayPartition($.a, 2.6) cuts chunks of 2, ArrayGetItem($.a, 1.2) reads index 1, and
 * MathRandom(1.4, 1.6) is refused as an empty range. MathAdd is the exception: it rounds.
 */
export function truncatedArg(name: string, args: readonly Json[], position: number): number {
  return Math.trunc(numberArg(name, args, position)) + 0;
}

export function arrayArg(name: string, args: readonly Json[], position: number): Json[] {
  const value = args[position];
  return Array.isArray(value) ? value : fail(name);
}

export function objectArg(name: string, args: readonly Json[], position: number): { [key: string]: Json } {
  const value = args[position];
  return isObject(value) ? value : fail(name);
}

export function booleanArg(name: string, args: readonly Json[], position: number): boolean {
  const value = args[position];
  return typeof value === 'boolean' ? value : fail(name);
}
