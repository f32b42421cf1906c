import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { manifestSchema } from '../shared/manifest';
import { parseEvent } from '../shared/validation';
import { pointLatestFor, type PointLatestResult } from './point-latest';
import { s3LatestStore } from './s3-latest-store';
import { releaseDestination, updatesVolumeRoot } from '../shared/updates-volume';
import { volumeLatestStore } from './volume-latest-store';

const config = readConfig({ DISTRIBUTION_BUCKET: z.string().min(1) });
const logger = createLogger('point-latest-release');
const store = s3LatestStore(new S3Client(s3ClientConfig()), config.DISTRIBUTION_BUCKET);

const eventSchema = z.object({ release: manifestSchema, destination: releaseDestination });

/**
 * Input: {release, destination?}, whose files and release.json are in place. Output: whether latest.json moved to
 * it, already named it, names a newer release that got there first (and is left alone), or was left
 * alone because the release is not a stable one.
 */
export const handler = async (event: unknown): Promise<PointLatestResult> => {
  const { release, destination } = parseEvent(eventSchema, event, '{release} with a release manifest');
  // The update server's latest.json (its volume's) when the workflow says so; the bucket's otherwise.
  const target = destination === 'updateServer' ? volumeLatestStore(updatesVolumeRoot()) : store;
  const result = await pointLatestFor(target, release, JSON.stringify(release));
  logger.info('Pointed latest.json', { version: release.version, destination, ...result });
  return result;
};
