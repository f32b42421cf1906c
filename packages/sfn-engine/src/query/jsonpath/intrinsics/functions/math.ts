import { expectCount, fail, numberArg, truncatedArg } from '../arguments';
import type { Json } from '@myblog/asl';
import { JavaRandom } from '../java-random';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function checkInt32(name: string, value: number): number {
  return value < INT_MIN || value > INT_MAX ? fail(name) : value;
}

/**
 * The sum of two integers. A fractional argument is rounded to the nearest integer, a half
 * upwards (Java's Math.round, which JavaScript's matches): 1.5 is 2, -1.5 is -1, -0.5 is 0
 * (LocalStack's test_math_operations snapshot, test_math_add, recorded on AWS).
 */
export function statesMathAdd(args: Json[]): Json {
  const name = 'States.MathAdd';
  expectCount(name, args, 2);
  const a = checkInt32(name, Math.round(numberArg(name, args, 0)));
  const b = checkInt32(name, Math.round(numberArg(name, args, 1)));
  return checkInt32(name, a + b) + 0;
}

/**
 * A random integer from start (inclusive) to end (exclusive). Unlike MathAdd, fractional bounds
 * lose their fraction: MathRandom(1.6, 5.4) can return 1, and MathRandom(1.4, 1.6) is refused.
 * A seeded call draws from java.util.Random, the generator the service's seeded randoms use.
 */
export function statesMathRandom(args: Json[]): Json {
  const name = 'States.MathRandom';
  expectCount(name, args, 2, 3);
  const start = checkInt32(name, truncatedArg(name, args, 0));
  const end = checkInt32(name, truncatedArg(name, args, 1));
  if (end <= start) fail(name);
  const bound = end - start;
  if (args.length === 2) return start + Math.floor(Math.random() * bound);
  const random = new JavaRandom(truncatedArg(name, args, 2));
  return start + (bound <= INT_MAX ? random.nextInt(bound) : Math.floor(random.nextDouble() * bound));
}
