import { createHash } from 'node:crypto';
import { expectCount, fail, stringArg } from '../arguments';
import { javaText } from '../java-text';
import type { Json } from '@myblog/asl';

/** The service's limit on the text these functions take: 10,000 characters, the limit included. */
const MAX_INPUT_CHARACTERS = 10_000;

function limited(name: string, text: string): string {
  return text.length > MAX_INPUT_CHARACTERS ? fail(name) : text;
}

export function statesBase64Encode(args: Json[]): Json {
  const name = 'States.Base64Encode';
  expectCount(name, args, 1);
  return Buffer.from(limited(name, stringArg(name, args, 0)), 'utf8').toString('base64');
}

/**
 * Decodes as a lenient (MIME) decoder does, as the service does: characters outside the
 * alphabet and surrounding spaces are skipped, missing padding is tolerated, and decoding stops
 * at padding. Bytes that are not UTF-8 become U+FFFD.
 */
export function statesBase64Decode(args: Json[]): Json {
  const name = 'States.Base64Decode';
  expectCount(name, args, 1);
  return Buffer.from(limited(name, stringArg(name, args, 0)), 'base64').toString('utf8');
}

const ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * The hex digest of the data. Data that is not a string is hashed as the service writes it into
 * text (a number as its digits), not refused; null is refused.
 */
export function statesHash(args: Json[]): Json {
  const name = 'States.Hash';
  expectCount(name, args, 2);
  const algorithm = ALGORITHMS[stringArg(name, args, 1)] ?? fail(name);
  const data = args[0] ?? fail(name);
  const text = limited(name, javaText(data));
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}
