import { createHash } from 'node:crypto';
import { expectCount, fail, stringArg } from '../arguments';
import type { Json } from '../../json';

const MAX_INPUT_CHARACTERS = 10_000;

export function statesBase64Encode(args: Json[]): Json {
  const name = 'States.Base64Encode';
  expectCount(name, args, 1);
  const text = stringArg(name, args, 0);
  if (text.length > MAX_INPUT_CHARACTERS)
    fail(name, `the input is longer than ${MAX_INPUT_CHARACTERS} characters`);
  return Buffer.from(text, 'utf8').toString('base64');
}

export function statesBase64Decode(args: Json[]): Json {
  const name = 'States.Base64Decode';
  expectCount(name, args, 1);
  const text = stringArg(name, args, 0);
  if (text.length > MAX_INPUT_CHARACTERS)
    fail(name, `the input is longer than ${MAX_INPUT_CHARACTERS} characters`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    fail(name, 'the input is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

const ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function statesHash(args: Json[]): Json {
  const name = 'States.Hash';
  expectCount(name, args, 2);
  const data = args[0] as Json;
  const algorithm = stringArg(name, args, 1);
  const nodeAlgorithm = ALGORITHMS[algorithm];
  if (nodeAlgorithm === undefined) {
    fail(name, `the algorithm must be one of ${Object.keys(ALGORITHMS).join(', ')}, got ${algorithm}`);
  }
  if (data === null) fail(name, 'the data to hash must not be null');
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  if (text.length > MAX_INPUT_CHARACTERS)
    fail(name, `the input is longer than ${MAX_INPUT_CHARACTERS} characters`);
  return createHash(nodeAlgorithm).update(text, 'utf8').digest('hex');
}
