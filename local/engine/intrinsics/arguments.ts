import { StatesIntrinsicFailure } from '../errors';
import { type Json, isObject, jsonTypeName } from '../json';

/** Argument checks shared by the intrinsic functions, with the service's style of message. */
export function expectCount(name: string, args: readonly Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new StatesIntrinsicFailure(
      `Invalid arguments in ${name}: expected ${expected} argument(s), got ${args.length}`,
    );
  }
}

function wrongType(name: string, position: number, expected: string, value: Json): never {
  throw new StatesIntrinsicFailure(
    `Invalid arguments in ${name}: argument ${position + 1} must be ${expected}, got ${jsonTypeName(value)}`,
  );
}

export function stringArg(name: string, args: readonly Json[], position: number): string {
  const value = args[position] as Json;
  return typeof value === 'string' ? value : wrongType(name, position, 'a string', value);
}

export function numberArg(name: string, args: readonly Json[], position: number): number {
  const value = args[position] as Json;
  return typeof value === 'number' ? value : wrongType(name, position, 'a number', value);
}

export function integerArg(name: string, args: readonly Json[], position: number): number {
  const value = numberArg(name, args, position);
  return Number.isInteger(value) ? value : wrongType(name, position, 'an integer', value);
}

export function arrayArg(name: string, args: readonly Json[], position: number): Json[] {
  const value = args[position] as Json;
  return Array.isArray(value) ? value : wrongType(name, position, 'an array', value);
}

export function objectArg(name: string, args: readonly Json[], position: number): { [key: string]: Json } {
  const value = args[position] as Json;
  return isObject(value) ? value : wrongType(name, position, 'an object', value);
}

export function booleanArg(name: string, args: readonly Json[], position: number): boolean {
  const value = args[position] as Json;
  return typeof value === 'boolean' ? value : wrongType(name, position, 'a boolean', value);
}

export function fail(name: string, message: string): never {
  throw new StatesIntrinsicFailure(`Invalid arguments in ${name}: ${message}`);
}
