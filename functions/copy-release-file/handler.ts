import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { positiveIntegerText, readConfig } from '../shared/config';
import { MissingReleaseFile } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { distributionPrefix } from '../shared/manifest';
import { parseReleaseFileEvent } from '../shared/release-file-event';
import { releaseDestination, updatesVolumeRoot, volumePath } from '../shared/updates-volume';
import { writeToVolume } from './to-volume';
import { isNotFound, rethrowStorageError } from '../shared/storage-errors';
import { copyInParts, copyWhole } from './copy';
import { needsMultipartCopy } from './copy-plan';

const config = readConfig({
  DISTRIBUTION_BUCKET: z.string().min(1),
  MULTIPART_COPY_THRESHOLD_BYTES: positiveIntegerText,
  MULTIPART_COPY_PART_BYTES: positiveIntegerText,
});
const logger = createLogger('copy-release-file');
const s3 = new S3Client(s3ClientConfig());

/** Versioned files never change, so CloudFront and browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Input: one verified manifest file, and where it goes (`destination`, the distribution bucket
 * unless it says updateServer). Output: its key (or path on the update server's volume), size and
 * part count.
 */
export const handler = async (event: unknown): Promise<{ key: string; bytes: number; parts: number }> => {
  const { file, sourceBucket, sourceKey, version } = parseReleaseFileEvent(event);
  const destination = releaseDestination.parse((event as { destination?: unknown }).destination);
  if (destination === 'updateServer') return toUpdateServer(file, sourceBucket, sourceKey, version);
  const request = {
    sourceBucket,
    sourceKey,
    targetBucket: config.DISTRIBUTION_BUCKET,
    targetKey: `${distributionPrefix(version)}${file.name}`,
    size: file.size,
    contentType: 'application/octet-stream',
    cacheControl: IMMUTABLE,
  };
  let parts = 1;
  try {
    if (needsMultipartCopy(file.size, config.MULTIPART_COPY_THRESHOLD_BYTES)) {
      parts = await copyInParts(s3, request, config.MULTIPART_COPY_PART_BYTES);
    } else {
      await copyWhole(s3, request);
    }
  } catch (error) {
    if (isNotFound(error))
      throw new MissingReleaseFile(`${file.name} is not at s3://${sourceBucket}/${sourceKey}`);
    return rethrowStorageError(error, `Copying ${file.name}`);
  }
  logger.info('Copied release file', { key: request.targetKey, bytes: file.size, parts });
  return { key: request.targetKey, bytes: file.size, parts };
};

/** The update server's copy: streamed onto its volume (EFS) and checked against the manifest on the way. */
async function toUpdateServer(
  file: ReturnType<typeof parseReleaseFileEvent>['file'],
  sourceBucket: string,
  sourceKey: string,
  version: string,
): Promise<{ key: string; bytes: number; parts: number }> {
  const path = volumePath(updatesVolumeRoot(), version, file.name);
  try {
    const bytes = await writeToVolume(s3, { bucket: sourceBucket, key: sourceKey }, file, path);
    logger.info('Wrote release file to the update server volume', { path, bytes });
    return { key: `${version}/${file.name}`, bytes, parts: 1 };
  } catch (error) {
    if (isNotFound(error))
      throw new MissingReleaseFile(`${file.name} is not at s3://${sourceBucket}/${sourceKey}`);
    return rethrowStorageError(error, `Writing ${file.name} to the update server volume`);
  }
}
