import { arrayArg, expectCount, fail, truncatedArg } from '../arguments';
import { javaText } from '../java-text';
import type { Json } from '@myblog/asl';

const MAX_RANGE_ITEMS = 1000;

export function statesArray(args: Json[]): Json {
  return args;
}

export function statesArrayPartition(args: Json[]): Json {
  const name = 'States.ArrayPartition';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  const size = truncatedArg(name, args, 1);
  if (size <= 0) fail(name);
  const chunks: Json[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

/**
 * Whether the array holds the value. The service compares the values as it writes them into
 * text (see javaText), not structurally: `true` is found among `["true"]` and a number among its
 * digits as a string, `false` is not found among `[0]`, and an object matches only with its keys
 * in the same order.
 */
export function statesArrayContains(args: Json[]): Json {
  const name = 'States.ArrayContains';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  const wanted = javaText(args[1] as Json);
  return array.some((item) => javaText(item) === wanted);
}

export function statesArrayRange(args: Json[]): Json {
  const name = 'States.ArrayRange';
  expectCount(name, args, 3);
  const first = truncatedArg(name, args, 0);
  const last = truncatedArg(name, args, 1);
  const step = truncatedArg(name, args, 2);
  if (step === 0) fail(name);
  // Counted before any item is made: a step of 1 between the int bounds would otherwise build
  // billions of items only to refuse them.
  const count = (step > 0 ? last >= first : last <= first) ? Math.floor((last - first) / step) + 1 : 0;
  if (count > MAX_RANGE_ITEMS) fail(name);
  return Array.from({ length: count }, (_, i) => first + i * step);
}

/**
 * The item at an index. An index past either end is refused, except in an empty array, where
 * the service answers null.
 */
export function statesArrayGetItem(args: Json[]): Json {
  const name = 'States.ArrayGetItem';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  const index = truncatedArg(name, args, 1);
  if (array.length === 0) return null;
  if (index < 0 || index >= array.length) fail(name);
  return array[index] as Json;
}

export function statesArrayLength(args: Json[]): Json {
  expectCount('States.ArrayLength', args, 1);
  return arrayArg('States.ArrayLength', args, 0).length;
}

/**
 * A text equal for two values exactly when jsonEquals says they are: JSON with each object's
 * keys sorted. Recursion is bounded by the nesting limit every payload is held to.
 */
function equalityKey(value: Json): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(equalityKey).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${equalityKey(value[key] as Json)}`).join(',')}}`;
}

/**
 * Each item the first time an equal one appears, in order. Compared by key, not item against item: an
 * input of 40,000 distinct numbers (within the payload quota) took 18 s, the server answering
 * nothing meanwhile, when each item was compared with every one kept.
 */
export function statesArrayUnique(args: Json[]): Json {
  expectCount('States.ArrayUnique', args, 1);
  const seen = new Set<string>();
  const unique: Json[] = [];
  for (const item of arrayArg('States.ArrayUnique', args, 0)) {
    const key = equalityKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(item);
  }
  return unique;
}
