import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ImageTooLarge } from './errors';
import { rethrowStorageError } from './storage-errors';

/**
 * Reads a whole object into memory, refusing objects over `maxBytes` before downloading them.
 * Only for bounded objects (images); release files are streamed instead.
 */
export async function readBoundedObject(
  s3: S3Client,
  bucket: string,
  key: string,
  maxBytes: number,
): Promise<Buffer> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const size = head.ContentLength ?? 0;
    if (size > maxBytes) throw new ImageTooLarge(`${key} is ${size} bytes; the limit is ${maxBytes}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (object.Body === undefined) return Buffer.alloc(0);
    return Buffer.from(await object.Body.transformToByteArray());
  } catch (error) {
    if (error instanceof ImageTooLarge) throw error;
    return rethrowStorageError(error, `Reading s3://${bucket}/${key}`);
  }
}
