import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { z } from 'zod';
import { MalformedEvent } from './errors';
import { describeIssues } from './validation';

export type SqsMessage = z.output<typeof SqsRecordSchema>;

/**
 * The SQS messages of a Pipe batch (an array of records shaped as Lambda receives them from SQS)
 * or a single message, each checked with Powertools' SQS record schema.
 */
export function sqsMessages(input: unknown): SqsMessage[] {
  const messages = Array.isArray(input) ? input : [input];
  if (messages.length === 0) throw new MalformedEvent('The batch holds no SQS message');
  return messages.map((message, index) => {
    const parsed = SqsRecordSchema.safeParse(message);
    if (!parsed.success) {
      throw new MalformedEvent(`Batch item ${index} is not an SQS message: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  });
}
