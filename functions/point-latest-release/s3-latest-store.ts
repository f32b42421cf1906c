import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  LATEST_RELEASE_CACHE_CONTROL,
  LATEST_RELEASE_KEY,
  readLatestRelease,
} from '../shared/latest-release';
import { rethrowStorageError } from '../shared/storage-errors';
import type { LatestStore } from './point-latest';

interface ServiceErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * S3's answers to a conditional write whose object is no longer the one read: 412 when the ETag no
 * longer matches (or an object now exists where none was), 409 when another conditional write to
 * the key was in flight at the same moment, and NoSuchKey when the object read was deleted since.
 */
function isLostRace(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ServiceErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  return (
    status === 412 ||
    status === 409 ||
    shape.name === 'PreconditionFailed' ||
    shape.name === 'ConditionalRequestConflict' ||
    shape.name === 'NoSuchKey'
  );
}

/** latest.json in the distribution bucket, replaced with S3 conditional writes (If-Match / If-None-Match). */
export function s3LatestStore(s3: S3Client, bucket: string): LatestStore {
  return {
    read: () => readLatestRelease(s3, bucket),
    async replaceIfUnchanged(body, readEtag) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: LATEST_RELEASE_KEY,
            Body: body,
            ContentType: 'application/json',
            CacheControl: LATEST_RELEASE_CACHE_CONTROL,
            // No latest.json yet: create it only if none was created meanwhile.
            ...(readEtag === null ? { IfNoneMatch: '*' } : { IfMatch: readEtag }),
          }),
        );
        return 'replaced';
      } catch (error) {
        if (isLostRace(error)) return 'changed';
        return rethrowStorageError(error, `Writing s3://${bucket}/${LATEST_RELEASE_KEY}`);
      }
    },
  };
}
