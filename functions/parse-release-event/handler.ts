import { createLogger } from '../shared/logger';
import { manifestFromBatch, type ReleaseNotification } from './release-event';

const logger = createLogger('parse-release-event');

/** Input: the Pipe batch of publish-jobs messages. Output: where the manifest is, or that it was S3's test event. */
export const handler = async (event: unknown): Promise<ReleaseNotification> => {
  const notification = manifestFromBatch(event);
  logger.info('Read release notification', { ...notification });
  return notification;
};
