import { S3Client } from '@aws-sdk/client-s3';
import semver from 'semver';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { readLatestRelease } from '../shared/latest-release';
import { createLogger } from '../shared/logger';
import { distributionPrefix } from '../shared/manifest';
import { rethrowStorageError } from '../shared/storage-errors';
import { parseEvent } from '../shared/validation';
import { deletePrefix } from './remove';
import { join } from 'node:path';
import { versionNamedIn } from '../shared/latest-release';
import {
  LATEST_FILE,
  readIfPresent,
  releaseDestination,
  updatesVolumeRoot,
  volumePath,
} from '../shared/updates-volume';
import { removeVersionFolder } from './remove-from-volume';

const config = readConfig({ DISTRIBUTION_BUCKET: z.string().min(1) });
const logger = createLogger('remove-release-copies');
const s3 = new S3Client(s3ClientConfig());

// Only a valid version: the prefix to delete is built from it, so nothing else may widen it.
const eventSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) === v, 'not a semantic version'),
  destination: releaseDestination,
});

/**
 * Input: {version} of a failed release. Output: how many copies were removed, and whether they
 * were kept because latest.json names the version.
 */
export const handler = async (event: unknown): Promise<{ removed: number; keptAsLatest: boolean }> => {
  const { version, destination } = parseEvent(eventSchema, event, '{version} with a semantic version');
  if (destination === 'updateServer') return removeFromUpdateServer(version);
  const prefix = distributionPrefix(version);
  // Pointing latest.json may have succeeded and only its answer been lost, every retry failing
  // after it: clients already download from this prefix, so it stays (a rerun announces it).
  if ((await readLatestRelease(s3, config.DISTRIBUTION_BUCKET))?.version === version) {
    logger.warn('Kept the copies of a failed release: latest.json points at it', { prefix });
    return { removed: 0, keptAsLatest: true };
  }
  try {
    const removed = await deletePrefix(s3, config.DISTRIBUTION_BUCKET, prefix);
    logger.info('Removed partial release copies', { prefix, removed });
    return { removed, keptAsLatest: false };
  } catch (error) {
    return rethrowStorageError(error, `Removing ${prefix}`);
  }
};

/** The same on the update server's volume: its folder for the version goes, unless its latest.json names it. */
async function removeFromUpdateServer(version: string): Promise<{ removed: number; keptAsLatest: boolean }> {
  const root = updatesVolumeRoot();
  const latest = await readIfPresent(join(root, LATEST_FILE));
  if (latest !== null && versionNamedIn(latest) === version) {
    logger.warn('Kept the update server copies of a failed release: its latest.json points at it', {
      version,
    });
    return { removed: 0, keptAsLatest: true };
  }
  const removed = await removeVersionFolder(volumePath(root, version));
  logger.info('Removed partial release copies from the update server volume', { version, removed });
  return { removed, keptAsLatest: false };
}
