import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { InvalidSubscriber, MalformedEvent } from '../shared/errors';
import { subscriberSchema, type Subscriber } from '../shared/subscriber';
import { describeIssues } from '../shared/validation';

const streamRecordSchema = z.object({
  eventID: z.string(),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    NewImage: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * The subscriber in a DynamoDB stream INSERT record. The input is what the Pipe sends: a batch
 * array (of one, as configured) or a single record.
 */
export function subscriberFromStreamInput(input: unknown): Subscriber & { eventId: string } {
  const records = Array.isArray(input) ? input : [input];
  if (records.length !== 1) {
    throw new MalformedEvent(`Expected one stream record per execution, got ${records.length}`);
  }
  const parsed = streamRecordSchema.safeParse(records[0]);
  if (!parsed.success) {
    throw new MalformedEvent(`Not a DynamoDB stream record: ${describeIssues(parsed.error)}`);
  }
  const { eventID, eventName, dynamodb } = parsed.data;
  if (eventName !== 'INSERT' || dynamodb.NewImage === undefined) {
    throw new MalformedEvent(`Expected an INSERT record with a NewImage, got ${eventName}`);
  }
  let image: Record<string, unknown>;
  try {
    image = unmarshall(dynamodb.NewImage as Record<string, AttributeValue>);
  } catch (error) {
    throw new MalformedEvent(`NewImage is not a DynamoDB item: ${(error as Error).message}`);
  }
  const subscriber = subscriberSchema.safeParse(image);
  if (!subscriber.success) throw new InvalidSubscriber(describeIssues(subscriber.error));
  return { ...subscriber.data, eventId: eventID };
}
