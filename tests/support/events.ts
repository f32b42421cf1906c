/** Small factories for the events AWS delivers, shaped as the services document them. */
import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1).toString().padStart(6, '0')}`;

export interface SubscriberFields {
  email?: unknown;
  name?: unknown;
  locale?: unknown;
  consent?: unknown;
}

/** A DynamoDB stream INSERT record of the subscribers table (NEW_IMAGE view). */
export function subscriberInsertRecord(fields: SubscriberFields = {}, eventID = nextId('event')) {
  const image = { email: 'ada@example.com', name: 'Ada', locale: 'en', consent: true, ...fields };
  return {
    eventID,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:123456789012:table/subscribers/stream/2026-11-24T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1795514400,
      Keys: marshall({ email: image.email }, { removeUndefinedValues: true }),
      NewImage: marshall(image, { removeUndefinedValues: true }),
      SequenceNumber: '100',
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** An S3 event notification for ObjectCreated:Put, with the key URL-encoded as S3 sends it. */
export function s3Notification(bucket: string, keys: string[], size = 1234) {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-11-24T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          size,
          eTag: 'abc123',
        },
      },
    })),
  };
}

export const s3TestEvent = (bucket: string) => ({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-24T10:00:00.000Z',
  Bucket: bucket,
});

/** An SQS message as a Pipe delivers it (the shape Lambda receives from SQS), with `body` as text. */
export function sqsMessage(body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId: nextId('message'),
    receiptHandle: 'handle',
    body: text,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795514400000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1795514400001',
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:jobs',
    awsRegion: 'us-east-1',
  };
}

/** The SNS envelope an SQS subscription receives (raw delivery off). */
export function snsEnvelope(message: unknown) {
  return {
    Type: 'Notification',
    MessageId: nextId('sns'),
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:release-published',
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-11-24T10:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
    UnsubscribeURL:
      'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:release-published:1',
  };
}
