import { z } from 'zod';
import { MalformedEvent } from './errors';
import { decodeEventKey } from './s3-keys';
import { describeIssues } from './validation';

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

const notificationSchema = z.union([
  z.object({ Records: z.array(s3RecordSchema) }),
  z.object({ Event: z.literal('s3:TestEvent'), Bucket: z.string().optional() }),
]);

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
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEvent(`${where} is not JSON`);
  }
  const parsed = notificationSchema.safeParse(json);
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

const sqsMessageSchema = z.object({ messageId: z.string(), body: z.string() });

/** The SQS messages of a Pipe batch (an array) or of a single message, validated. */
export function sqsMessages(input: unknown): { messageId: string; body: string }[] {
  const messages = Array.isArray(input) ? input : [input];
  if (messages.length === 0) throw new MalformedEvent('The batch holds no SQS message');
  return messages.map((message, index) => {
    const parsed = sqsMessageSchema.safeParse(message);
    if (!parsed.success) {
      throw new MalformedEvent(`Batch item ${index} is not an SQS message: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  });
}
