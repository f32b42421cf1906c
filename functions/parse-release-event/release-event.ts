import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SnsSqsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { MalformedEvent } from '../shared/errors';
import { parseS3Notification } from '../shared/s3-event';
import { type SqsMessage, sqsMessages } from '../shared/sqs-batch';
import { describeIssues } from '../shared/validation';

/** An SQS body holding the SNS envelope (raw message delivery off), as Powertools describes it. */
const snsBodySchema = JSONStringified(SnsSqsNotificationSchema);

export interface ManifestLocation {
  readonly bucket: string;
  readonly manifestKey: string;
}

/**
 * What a release notification is about: a manifest, or S3's s3:TestEvent (sent when the bucket
 * notification is configured), which the workflow ends on as a no-op rather than as a failure.
 */
export type ReleaseNotification =
  ({ readonly isTestEvent: false } & ManifestLocation) | { readonly isTestEvent: true };

/**
 * The manifest an update-publishing run is about. The path is SQS message → SNS envelope → S3
 * event notification for `<prefix>/manifest.json`; each layer is checked, and anything else is a
 * MalformedEvent naming the layer that did not fit.
 */
export function manifestFromBatch(input: unknown): ReleaseNotification {
  const messages = sqsMessages(input);
  if (messages.length !== 1) throw new MalformedEvent(`Expected one release message, got ${messages.length}`);
  const [message] = messages as [SqsMessage];
  const parsed = snsBodySchema.safeParse(message.body);
  if (!parsed.success) {
    throw new MalformedEvent(
      `Message ${message.messageId} is not an SNS notification: ${describeIssues(parsed.error)}`,
    );
  }
  const notification = parseS3Notification(parsed.data.Message, `The SNS message in ${message.messageId}`);
  if (notification.isTestEvent) return { isTestEvent: true };
  const manifests = notification.objects.filter((object) => object.key.endsWith('manifest.json'));
  if (manifests.length !== 1) {
    throw new MalformedEvent(`Expected one manifest.json object, got ${manifests.length}`);
  }
  const manifest = manifests[0] as { bucket: string; key: string };
  return { isTestEvent: false, bucket: manifest.bucket, manifestKey: manifest.key };
}
