import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { MAX_IMAGE_BYTES } from '../shared/image-limits';
import { createLogger } from '../shared/logger';
import { parsePhotoEvent, thumbnailRequestSchema } from '../shared/photo-event';
import { readBoundedObject } from '../shared/s3-body';
import { rethrowStorageError } from '../shared/storage-errors';
import { makeThumbnail, thumbnailKey } from './resize';

const config = readConfig({ THUMBNAILS_BUCKET: z.string().min(1) });
const logger = createLogger('make-thumbnail');
const s3 = new S3Client(s3ClientConfig());

export interface ThumbnailResult {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly format: 'webp' | 'jpeg';
  readonly bytes: number;
}

/** Input: a photo reference with one size. Output: where that thumbnail was written and its size. */
export const handler = async (event: unknown): Promise<ThumbnailResult> => {
  const request = parsePhotoEvent(thumbnailRequestSchema, event);
  const source = await readBoundedObject(s3, request.bucket, request.key, MAX_IMAGE_BYTES);
  const thumbnail = await makeThumbnail(source, request.width, request.format);
  const key = thumbnailKey(request.photoId, request.width, request.format);
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: config.THUMBNAILS_BUCKET,
        Key: key,
        Body: thumbnail.data,
        ContentType: thumbnail.contentType,
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );
  } catch (error) {
    rethrowStorageError(error, `Writing s3://${config.THUMBNAILS_BUCKET}/${key}`);
  }
  logger.info('Wrote thumbnail', { photoId: request.photoId, key, bytes: thumbnail.data.length });
  return {
    key,
    width: thumbnail.width,
    height: thumbnail.height,
    format: thumbnail.format,
    bytes: thumbnail.data.length,
  };
};
