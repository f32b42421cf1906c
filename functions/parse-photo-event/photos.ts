import { parseS3Notification } from '../shared/s3-event';
import { sqsMessages } from '../shared/sqs-batch';
import { photoIdFor } from '../shared/s3-keys';

export interface PhotoRef {
  readonly photoId: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
}

/**
 * Every photo in a Pipe batch of SQS messages carrying S3 notifications. A batch holding only
 * s3:TestEvent messages is a test event: nothing to do.
 */
export function photosFromBatch(input: unknown): { isTestEvent: boolean; photos: PhotoRef[] } {
  const notifications = sqsMessages(input).map((message) =>
    parseS3Notification(message.body, `Message ${message.messageId}`),
  );
  const photos = notifications.flatMap((notification) =>
    notification.isTestEvent
      ? []
      : notification.objects.map((object) => ({ photoId: photoIdFor(object.key), ...object })),
  );
  const isTestEvent = notifications.every((notification) => notification.isTestEvent);
  return { isTestEvent, photos };
}
