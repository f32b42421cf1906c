import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface Digest {
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * SHA-256 of a stream, chunk by chunk: memory stays at one chunk however large the file (a
 * 15 GB pack included).
 */
export async function sha256OfStream(stream: Readable | AsyncIterable<Uint8Array>): Promise<Digest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
