import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { ManifestNotFound } from '../shared/errors';
import { readLatestRelease } from '../shared/latest-release';
import { createLogger } from '../shared/logger';
import { type ReleaseManifest } from '../shared/manifest';
import { assertSafeKey } from '../shared/s3-keys';
import { isNotFound, rethrowStorageError } from '../shared/storage-errors';
import { parseEvent } from '../shared/validation';
import { assertFolderNamesVersion, isNewerRelease, parseManifest } from './manifest-check';

const config = readConfig({ DISTRIBUTION_BUCKET: z.string().min(1) });
const logger = createLogger('validate-manifest');
const s3 = new S3Client(s3ClientConfig());

const eventSchema = z.object({ bucket: z.string().min(1), manifestKey: z.string().min(1) });

async function readText(bucket: string, key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return object.Body === undefined ? '' : await object.Body.transformToString('utf-8');
  } catch (error) {
    if (isNotFound(error)) return null;
    return rethrowStorageError(error, `Reading s3://${bucket}/${key}`);
  }
}

/**
 * The stable release latest.json points at, or null before the first release. Only a first look, to skip
 * copying a stale release: latest.json itself moves only by point-latest-release's conditional write.
 */
async function currentVersion(): Promise<string | null> {
  return (await readLatestRelease(s3, config.DISTRIBUTION_BUCKET))?.version ?? null;
}

export interface ManifestReview {
  readonly release: ReleaseManifest;
  readonly sourceBucket: string;
  readonly sourcePrefix: string;
  readonly currentVersion: string | null;
  readonly isNewer: boolean;
}

/** Input: where the manifest is. Output: the validated release and whether it is newer than the current one. */
export const handler = async (event: unknown): Promise<ManifestReview> => {
  const { bucket, manifestKey } = parseEvent(eventSchema, event, 'a manifest location');
  assertSafeKey(manifestKey);
  const text = await readText(bucket, manifestKey);
  if (text === null) throw new ManifestNotFound(`No manifest at s3://${bucket}/${manifestKey}`);
  const release = parseManifest(text);
  assertFolderNamesVersion(manifestKey, release.version);
  const current = await currentVersion();
  const review = {
    release,
    sourceBucket: bucket,
    sourcePrefix: manifestKey.slice(0, manifestKey.length - 'manifest.json'.length),
    currentVersion: current,
    isNewer: isNewerRelease(release.version, current),
  };
  logger.info('Reviewed release manifest', { version: release.version, current, isNewer: review.isNewer });
  return review;
};
