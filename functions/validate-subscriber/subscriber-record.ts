import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { InvalidSubscriber, MalformedEvent } from '../shared/errors';
import { subscriberSchema, type Subscriber } from '../shared/subscriber';
import { describeIssues } from '../shared/validation';

/**
 * The subscriber in a DynamoDB stream INSERT record. The input is what the Pipe sends: a batch
 * array (of one, as configured) or a single record. Powertools' schema checks the record and
 * unmarshalls its images; a record that does not fit is a MalformedEvent, a new row that is not a
 * subscriber is an InvalidSubscriber.
 */
export function subscriberFromStreamInput(input: unknown): Subscriber & { eventId: string } {
  const records = Array.isArray(input) ? input : [input];
  if (records.length !== 1) {
    throw new MalformedEvent(`Expected one stream record per execution, got ${records.length}`);
  }
  const parsed = DynamoDBStreamRecord.safeParse(records[0]);
  if (!parsed.success) {
    throw new MalformedEvent(`Not a DynamoDB stream record: ${describeIssues(parsed.error)}`);
  }
  const { eventID, eventName, dynamodb } = parsed.data;
  if (eventName !== 'INSERT' || dynamodb.NewImage === undefined) {
    throw new MalformedEvent(`Expected an INSERT record with a NewImage, got ${eventName}`);
  }
  const subscriber = subscriberSchema.safeParse(dynamodb.NewImage);
  if (!subscriber.success) throw new InvalidSubscriber(describeIssues(subscriber.error));
  return { ...subscriber.data, eventId: eventID };
}
