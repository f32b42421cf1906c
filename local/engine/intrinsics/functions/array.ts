import { arrayArg, expectCount, fail, integerArg } from '../arguments';
import { type Json, jsonEquals } from '../../json';

const MAX_RANGE_ITEMS = 1000;

export function statesArray(args: Json[]): Json {
  return args;
}

export function statesArrayPartition(args: Json[]): Json {
  const name = 'States.ArrayPartition';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  const size = integerArg(name, args, 1);
  if (size <= 0) fail(name, `chunk size must be a positive integer, got ${size}`);
  const chunks: Json[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

export function statesArrayContains(args: Json[]): Json {
  const name = 'States.ArrayContains';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  return array.some((item) => jsonEquals(item, args[1] as Json));
}

export function statesArrayRange(args: Json[]): Json {
  const name = 'States.ArrayRange';
  expectCount(name, args, 3);
  const [first, last, step] = [
    integerArg(name, args, 0),
    integerArg(name, args, 1),
    integerArg(name, args, 2),
  ];
  if (step === 0) fail(name, 'step must not be 0');
  const result: number[] = [];
  for (let value = first; step > 0 ? value <= last : value >= last; value += step) {
    result.push(value);
    if (result.length > MAX_RANGE_ITEMS) fail(name, `the range has more than ${MAX_RANGE_ITEMS} items`);
  }
  return result;
}

export function statesArrayGetItem(args: Json[]): Json {
  const name = 'States.ArrayGetItem';
  expectCount(name, args, 2);
  const array = arrayArg(name, args, 0);
  const index = integerArg(name, args, 1);
  if (index < 0 || index >= array.length)
    fail(name, `index ${index} is out of bounds for an array of ${array.length}`);
  return array[index] as Json;
}

export function statesArrayLength(args: Json[]): Json {
  expectCount('States.ArrayLength', args, 1);
  return arrayArg('States.ArrayLength', args, 0).length;
}

export function statesArrayUnique(args: Json[]): Json {
  expectCount('States.ArrayUnique', args, 1);
  const unique: Json[] = [];
  for (const item of arrayArg('States.ArrayUnique', args, 0)) {
    if (!unique.some((kept) => jsonEquals(kept, item))) unique.push(item);
  }
  return unique;
}
