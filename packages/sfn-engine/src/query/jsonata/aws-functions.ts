import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';
import type { Json } from '@myblog/asl';
import { MAX_BUILT_SIZE } from '../../budgets/limits';
import { JavaRandom } from '../jsonpath/intrinsics/java-random';
import { JsonataFunctionError, refused, tooLarge } from './function-error';

/**
 * The functions Step Functions adds to JSONata, with the service's own edge cases (measured on
 * AWS and published with Floci's implementation of the same functions, floci-io/floci PR 2676):
 * a missing or empty argument often gives nothing rather than an error, a fractional number
 * loses its fraction towards zero, and a call with an argument too many is refused naming it.
 * They are registered on every expression, so `$partition(...)` works wherever JSONata does.
 *
 * Their failures are JSONata errors (a code and JSONata's message), which the expression's field
 * reports as it reports any JSONata error.
 */
/** JSONata's own words for an argument of the wrong type (or one too many). */
const badArgument = (fn: string, position: number): never => {
  throw new JsonataFunctionError(
    'T0410',
    `Argument ${position} of function "${fn}" does not match function signature`,
    position,
  );
};

/** A number argument used as an integer: its fraction goes, towards zero (-1.7 is -1). */
function whole(fn: string, value: unknown, position: number): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.trunc(value) + 0
    : badArgument(fn, position);
}

/**
 * Splits an array into chunks. No chunk size gives the array as one chunk; nothing, an empty
 * array or a size whose whole part is 0 give nothing; a negative size is refused.
 */
function partition(array: unknown, size: unknown): Json[] | undefined {
  if (array === undefined) return undefined;
  if (!Array.isArray(array))
    throw new JsonataFunctionError(
      'T0412',
      'Argument 1 of function "partition" must be an array of undefined',
      1,
    );
  const items = array as Json[];
  if (items.length === 0) return undefined;
  if (size === undefined) return [items];
  const chunk = whole('partition', size, 2);
  if (chunk < 0) refused('Second argument must be zero or greater');
  if (chunk === 0) return undefined;
  const chunks: Json[] = [];
  for (let i = 0; i < items.length; i += chunk) chunks.push(items.slice(i, i + chunk));
  return chunks;
}

/**
 * The numbers from start to end (the end included when a step lands on it). No step, a step of 0
 * or one pointing away from the end give nothing; unlike States.ArrayRange there is no
 * 1000-item limit, only the 1e7 of JSONata's own range operator (MAX_BUILT_SIZE). A range of one number is that number, as any one-item JSONata sequence is.
 */
function range(start: unknown, end: unknown, step: unknown): number | number[] | undefined {
  const first = whole('range', start, 1);
  const last = whole('range', end, 2);
  if (step === undefined) return undefined;
  const by = whole('range', step, 3);
  if (by === 0 || (by > 0 && first > last) || (by < 0 && first < last)) return undefined;
  const count = Math.floor((last - first) / by) + 1;
  if (count > MAX_BUILT_SIZE) refused(tooLarge('range', `${count} items`));
  if (count === 1) return first;
  return Array.from({ length: count }, (_, i) => first + i * by);
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** The hex digest of a string; no algorithm gives nothing, an unknown one is refused. */
function hash(value: unknown, algorithm: unknown): string | undefined {
  if (typeof value !== 'string') return badArgument('hash', 1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'string') return badArgument('hash', 2);
  const nodeAlgorithm =
    HASHES[algorithm] ??
    refused(`Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`);
  return createHash(nodeAlgorithm).update(value, 'utf8').digest('hex');
}

/**
 * A number in [0, 1). With a seed, the number java.util.Random gives for it, which is the one
 * the service gives: `$random(42)` is 0.7275636800328681.
 */
function random(seed: unknown): number {
  if (seed === undefined) return Math.random();
  return new JavaRandom(whole('random', seed, 1)).nextDouble();
}

/** JSON text as a value; nothing gives nothing, and text that is not JSON (or blank) is refused. */
function parse(text: unknown): Json | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') return badArgument('parse', 1);
  try {
    return JSON.parse(text) as Json;
  } catch {
    return refused('Invalid JSON');
  }
}

type Implementation = Parameters<ReturnType<typeof jsonata>['registerFunction']>[1];

export interface AwsFunction {
  readonly name: string;
  readonly implementation: Implementation;
  readonly signature: string;
}

/**
 * Each signature takes any value in each of the function's own parameters, so the function
 * answers a wrong type in the service's words, and no more: a surplus argument is refused by
 * JSONata itself, naming its position, as the service refuses it.
 */
export const AWS_JSONATA_FUNCTIONS: readonly AwsFunction[] = [
  { name: 'partition', implementation: partition, signature: '<x?x?:x>' },
  { name: 'range', implementation: range, signature: '<x?x?x?:x>' },
  { name: 'hash', implementation: hash, signature: '<x?x?:x>' },
  { name: 'random', implementation: random, signature: '<x?:n>' },
  { name: 'uuid', implementation: randomUUID, signature: '<:s>' },
  { name: 'parse', implementation: parse, signature: '<x?:x>' },
];
