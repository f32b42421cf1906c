import { S3Client } from '@aws-sdk/client-s3';
import semver from 'semver';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { distributionPrefix } from '../shared/manifest';
import { rethrowStorageError } from '../shared/storage-errors';
import { parseEvent } from '../shared/validation';
import { deletePrefix } from './remove';

const config = readConfig({ DISTRIBUTION_BUCKET: z.string().min(1) });
const logger = createLogger('remove-release-copies');
const s3 = new S3Client(s3ClientConfig());

// Only a valid version: the prefix to delete is built from it, so nothing else may widen it.
const eventSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) === v, 'not a semantic version'),
});

/** Input: {version} of a failed release. Output: how many copies were removed. */
export const handler = async (event: unknown): Promise<{ removed: number }> => {
  const { version } = parseEvent(eventSchema, event, '{version} with a semantic version');
  const prefix = distributionPrefix(version);
  try {
    const removed = await deletePrefix(s3, config.DISTRIBUTION_BUCKET, prefix);
    logger.info('Removed partial release copies', { prefix, removed });
    return { removed };
  } catch (error) {
    return rethrowStorageError(error, `Removing ${prefix}`);
  }
};
