import { S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig } from '../shared/aws';
import { MAX_IMAGE_BYTES } from '../shared/image-limits';
import { createLogger } from '../shared/logger';
import { parsePhotoEvent, photoRefSchema } from '../shared/photo-event';
import { readBoundedObject } from '../shared/s3-body';
import { inspectImage, type ImageFacts } from './inspect';

const logger = createLogger('inspect-image');
const s3 = new S3Client(s3ClientConfig());

/** Input: a photo reference. Output: its real format, dimensions, alpha and frame count. */
export const handler = async (event: unknown): Promise<ImageFacts> => {
  const photo = parsePhotoEvent(photoRefSchema, event);
  const bytes = await readBoundedObject(s3, photo.bucket, photo.key, MAX_IMAGE_BYTES);
  const facts = await inspectImage(bytes, photo.key);
  logger.info('Inspected image', { photoId: photo.photoId, ...facts });
  return facts;
};
