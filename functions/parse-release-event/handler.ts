import { createLogger } from '../shared/logger';
import { manifestFromBatch, type ManifestLocation } from './release-event';

const logger = createLogger('parse-release-event');

/** Input: the Pipe batch of publish-jobs messages. Output: where the manifest is. */
export const handler = async (event: unknown): Promise<ManifestLocation> => {
  const location = manifestFromBatch(event);
  logger.info('Read release notification', { ...location });
  return location;
};
