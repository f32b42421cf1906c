import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { parseEvent } from '../shared/validation';
import { sendEmail, type OutgoingEmail } from './send';

const config = readConfig({ IDEMPOTENCY_TABLE_NAME: z.string().min(1), SENDER_ADDRESS: z.email() });
const logger = createLogger('send-welcome-email');
const ses = new SESv2Client({});

const eventSchema = z.object({
  email: z.object({
    to: z.email(),
    subject: z.string().min(1),
    html: z.string().min(1),
    text: z.string().min(1),
  }),
});

/** A welcome goes to an address once: the idempotency key is the recipient, kept for 30 days. */
const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'to', expiresAfterSeconds: 30 * 24 * 3600 });
const sendOnce = makeIdempotent(
  async (email: OutgoingEmail): Promise<{ messageId: string }> => {
    const messageId = await sendEmail(ses, config.SENDER_ADDRESS, email);
    logger.info('Sent welcome email', { messageId });
    return { messageId };
  },
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: config.IDEMPOTENCY_TABLE_NAME,
      awsSdkV3Client: new DynamoDBClient({}),
    }),
    config: idempotency,
  },
);

/** Input: {subscriber, email} from the workflow. Output: the SES message id (the first one, on a repeat). */
export const handler = async (event: unknown, context?: Context): Promise<{ messageId: string }> => {
  // The in-progress record expires with the invocation, so a crashed attempt can be retried.
  if (context !== undefined) idempotency.registerLambdaContext(context);
  const request = parseEvent(eventSchema, event, 'a welcome email request');
  return sendOnce(request.email);
};
