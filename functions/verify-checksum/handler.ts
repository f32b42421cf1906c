import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3ClientConfig } from '../shared/aws';
import { ChecksumMismatch, MissingReleaseFile } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { parseReleaseFileEvent } from '../shared/release-file-event';
import { isNotFound, rethrowStorageError } from '../shared/storage-errors';
import { sha256OfStream } from './sha256';

const logger = createLogger('verify-checksum');
const s3 = new S3Client(s3ClientConfig());

/** Input: one manifest file and where it is. Output: its verified digest; a mismatch is ChecksumMismatch. */
export const handler = async (event: unknown): Promise<{ sha256: string; bytes: number }> => {
  const request = parseReleaseFileEvent(event);
  const { file, sourceBucket, sourceKey } = request;
  let body: Readable;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: sourceBucket, Key: sourceKey }));
    body = object.Body as Readable;
  } catch (error) {
    if (isNotFound(error))
      throw new MissingReleaseFile(`${file.name} is not at s3://${sourceBucket}/${sourceKey}`);
    return rethrowStorageError(error, `Reading s3://${sourceBucket}/${sourceKey}`);
  }
  const digest = await sha256OfStream(body);
  if (digest.bytes !== file.size) {
    throw new ChecksumMismatch(`${file.name} is ${digest.bytes} bytes; the manifest says ${file.size}`);
  }
  if (digest.sha256 !== file.sha256) {
    throw new ChecksumMismatch(`${file.name} has SHA-256 ${digest.sha256}; the manifest says ${file.sha256}`);
  }
  logger.info('Verified release file', { file: file.name, bytes: digest.bytes });
  return digest;
};
