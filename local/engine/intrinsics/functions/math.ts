import { expectCount, fail, integerArg } from '../arguments';
import type { Json } from '../../json';
import { seededRandom } from '../../../seeded-random';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function checkInt32(name: string, value: number): number {
  if (value < INT_MIN || value > INT_MAX) fail(name, `${value} is outside the 32-bit integer range`);
  return value;
}

export function statesMathAdd(args: Json[]): Json {
  const name = 'States.MathAdd';
  expectCount(name, args, 2);
  const a = checkInt32(name, integerArg(name, args, 0));
  const b = checkInt32(name, integerArg(name, args, 1));
  return checkInt32(name, a + b);
}

export function statesMathRandom(args: Json[]): Json {
  const name = 'States.MathRandom';
  expectCount(name, args, 2, 3);
  const start = checkInt32(name, integerArg(name, args, 0));
  const end = checkInt32(name, integerArg(name, args, 1));
  if (end <= start) fail(name, `the end (${end}) must be greater than the start (${start})`);
  const random = args.length === 3 ? seededRandom(integerArg(name, args, 2))() : Math.random();
  return start + Math.floor(random * (end - start));
}
