import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { z } from 'zod';
import { MalformedEvent } from './errors';
import { decodeEventKey } from './s3-keys';
import { describeIssues } from './validation';

// Powertools' S3Schema describes the record AWS sends; moto's (the local runtime's S3) leaves out
// userIdentity, requestParameters, responseElements and bucket.ownerIdentity and writes eventTime
// without a zone, so that schema would refuse every local upload. This one asks only for what we read.
const s3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().optional(),
    }),
  }),
});

// S3 sends s3:TestEvent when a notification is configured: not in Powertools' schemas either.
const notificationSchema = JSONStringified(
  z.union([
    z.object({ Records: z.array(s3RecordSchema) }),
    z.object({ Event: z.literal('s3:TestEvent'), Bucket: z.string().optional() }),
  ]),
);

export interface S3ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
}

export type S3Notification =
  { readonly isTestEvent: true } | { readonly isTestEvent: false; readonly objects: S3ObjectRef[] };

/** Parses an S3 event notification body (JSON text), decoding and validating every key. */
export function parseS3Notification(body: string, where: string): S3Notification {
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) {
    throw new MalformedEvent(`${where} is not an S3 event notification: ${describeIssues(parsed.error)}`);
  }
  if (!('Records' in parsed.data)) return { isTestEvent: true };
  const objects = parsed.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map(
    (record) => ({
      bucket: record.s3.bucket.name,
      key: decodeEventKey(record.s3.object.key),
      size: record.s3.object.size ?? 0,
      eTag: record.s3.object.eTag ?? '',
    }),
  );
  return { isTestEvent: false, objects };
}
