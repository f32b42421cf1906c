import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';
import { StatesQueryEvaluationError } from '../errors';
import type { Json } from '../json';

/**
 * The functions Step Functions adds to JSONata, with the checks the service applies. They are
 * registered on every expression, so `$partition(...)` works wherever JSONata does.
 */
const fail = (fn: string, message: string): never => {
  throw new StatesQueryEvaluationError(`${fn}: ${message}`);
};

function partition(array: unknown, size: unknown): Json[] {
  if (!Array.isArray(array)) fail('$partition', 'the first argument must be an array');
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
    fail('$partition', 'the chunk size must be a positive integer');
  const items = array as Json[];
  const chunks: Json[] = [];
  for (let i = 0; i < items.length; i += size as number) chunks.push(items.slice(i, i + (size as number)));
  return chunks;
}

function range(start: unknown, end: unknown, step: unknown): number[] {
  if (![start, end, step].every((v) => typeof v === 'number' && Number.isInteger(v))) {
    fail('$range', 'start, end and step must be integers');
  }
  if (step === 0) fail('$range', 'step must not be 0');
  const result: number[] = [];
  for (
    let v = start as number;
    (step as number) > 0 ? v <= (end as number) : v >= (end as number);
    v += step as number
  ) {
    result.push(v);
    if (result.length > 1000) fail('$range', 'the range has more than 1000 items');
  }
  return result;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function hash(value: unknown, algorithm: unknown): string {
  if (typeof algorithm !== 'string' || HASHES[algorithm] === undefined) {
    fail('$hash', `the algorithm must be one of ${Object.keys(HASHES).join(', ')}`);
  }
  if (value === undefined || value === null) fail('$hash', 'the value to hash must not be null');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHash(HASHES[algorithm as string] as string)
    .update(text, 'utf8')
    .digest('hex');
}

function random(seed?: unknown): number {
  if (seed === undefined) return Math.random();
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('$random', 'the seed must be an integer');
  let t = ((seed as number) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function parse(text: unknown): Json {
  if (typeof text !== 'string') fail('$parse', 'the argument must be a string');
  try {
    return JSON.parse(text as string) as Json;
  } catch {
    return fail('$parse', 'the string is not valid JSON');
  }
}

type Implementation = Parameters<ReturnType<typeof jsonata>['registerFunction']>[1];

export interface AwsFunction {
  readonly name: string;
  readonly implementation: Implementation;
  readonly signature: string;
}

export const AWS_JSONATA_FUNCTIONS: readonly AwsFunction[] = [
  { name: 'partition', implementation: partition, signature: '<an:a>' },
  { name: 'range', implementation: range, signature: '<nnn:a<n>>' },
  { name: 'hash', implementation: hash, signature: '<xs:s>' },
  { name: 'random', implementation: random, signature: '<n?:n>' },
  { name: 'uuid', implementation: randomUUID, signature: '<:s>' },
  { name: 'parse', implementation: parse, signature: '<s:x>' },
];
