import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ChecksumMismatch } from '../shared/errors';
import type { ReleaseFile } from '../shared/manifest';
import { partialPathFor } from '../shared/updates-volume';

/**
 * Streams a release file from S3 onto the update server's volume, checking its SHA-256 and size
 * on the way: the bytes checked are the bytes written, whatever happened to the object since
 * "Verify checksum". Written under a temporary name, flushed, then renamed into place, so the
 * update server never serves half a file; a file that does not match is removed and refused.
 */
export async function writeToVolume(
  s3: S3Client,
  source: { readonly bucket: string; readonly key: string },
  file: ReleaseFile,
  path: string,
): Promise<number> {
  const object = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
  await mkdir(dirname(path), { recursive: true });
  const partial = partialPathFor(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const digest = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(object.Body as NodeJS.ReadableStream, digest, createWriteStream(partial));
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256 || bytes !== file.size)
      throw new ChecksumMismatch(
        `${file.name} read from S3 as ${bytes} bytes with SHA-256 ${sha256}; the manifest says ${file.size} bytes, ${file.sha256}`,
      );
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, path);
    return bytes;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
