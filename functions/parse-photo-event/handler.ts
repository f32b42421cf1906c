import { createLogger } from '../shared/logger';
import { photosFromBatch } from './photos';

const logger = createLogger('parse-photo-event');

/** Input: the Pipe batch of thumbnail-jobs messages. Output: {isTestEvent, photos}. */
export const handler = async (event: unknown) => {
  const result = photosFromBatch(event);
  logger.info('Read photo notification', { photos: result.photos.length, isTestEvent: result.isTestEvent });
  return result;
};
