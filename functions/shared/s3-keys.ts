import { createHash } from 'node:crypto';
import { MalformedEvent } from './errors';

/**
 * S3 event notifications URL-encode object keys, with '+' for a space. Decode them before use,
 * and refuse keys that could escape a prefix or confuse a log line.
 */
export function decodeEventKey(encoded: string): string {
  let key: string;
  try {
    key = decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new MalformedEvent(`Object key is not valid URL encoding: ${JSON.stringify(encoded)}`);
  }
  assertSafeKey(key);
  return key;
}

/** Throws MalformedEvent for empty, over-long, control-character or `..`-segment keys. */
export function assertSafeKey(key: string): void {
  if (key.length === 0 || Buffer.byteLength(key, 'utf8') > 1024) {
    throw new MalformedEvent(`Object key must be 1 to 1024 bytes long, got ${Buffer.byteLength(key)} bytes`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) {
    throw new MalformedEvent(`Object key contains control characters: ${JSON.stringify(key)}`);
  }
  if (key.startsWith('/') || key.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new MalformedEvent(`Object key contains a relative path segment: ${JSON.stringify(key)}`);
  }
}

/**
 * A photo's id: derived from its key, so the API that chose the key and the workflow that made
 * the thumbnails agree on it without talking, and so a repeated event writes the same records.
 */
export function photoIdFor(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24);
}
