import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { planCopyParts, type PartRange } from './copy-plan';

export interface CopyRequest {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  readonly targetBucket: string;
  readonly targetKey: string;
  readonly size: number;
  readonly contentType: string;
  readonly cacheControl: string;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One server-side CopyObject: the bytes never pass through the function. */
export async function copyWhole(s3: S3Client, request: CopyRequest): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      CopySource: encodeURI(`${request.sourceBucket}/${request.sourceKey}`),
      Bucket: request.targetBucket,
      Key: request.targetKey,
      MetadataDirective: 'REPLACE',
      ContentType: request.contentType,
      CacheControl: request.cacheControl,
    }),
  );
}

/**
 * A server-side multipart copy (UploadPartCopy), a few parts at a time. If any part fails the
 * upload is aborted, so no half-copied object and no stored parts are left behind.
 */
export async function copyInParts(
  s3: S3Client,
  request: CopyRequest,
  partBytes: number,
  concurrency = 4,
): Promise<number> {
  const upload = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: request.targetBucket,
      Key: request.targetKey,
      ContentType: request.contentType,
      CacheControl: request.cacheControl,
    }),
  );
  const uploadId = upload.UploadId as string;
  const copyPart = async (part: PartRange) => {
    const result = await s3.send(
      new UploadPartCopyCommand({
        Bucket: request.targetBucket,
        Key: request.targetKey,
        UploadId: uploadId,
        PartNumber: part.partNumber,
        CopySource: encodeURI(`${request.sourceBucket}/${request.sourceKey}`),
        CopySourceRange: `bytes=${part.first}-${part.last}`,
      }),
    );
    return { PartNumber: part.partNumber, ETag: result.CopyPartResult?.ETag };
  };
  try {
    const parts = await mapLimited(planCopyParts(request.size, partBytes), concurrency, copyPart);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: request.targetBucket,
        Key: request.targetKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return parts.length;
  } catch (error) {
    await s3
      .send(
        new AbortMultipartUploadCommand({
          Bucket: request.targetBucket,
          Key: request.targetKey,
          UploadId: uploadId,
        }),
      )
      .catch(() => undefined);
    throw error;
  }
}
