import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import type { ParsedRecord } from '@aws-lambda-powertools/batch/types';
import type {
  KinesisStreamEvent,
  KinesisStreamRecord,
  KinesisStreamBatchResponse,
  Context,
} from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { auditEntryFor, type ReleaseEvent, releaseEventSchema } from './audit';

const config = readConfig({ RELEASE_AUDIT_TABLE: z.string().min(1) });
const logger = createLogger('release-audit');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
// Each record is checked with Powertools' Kinesis record schema, its data decoded from base64 and
// parsed as a release event; a record that is not one fails alone, as a batch item failure.
const processor = new BatchProcessor(EventType.KinesisDataStreams, {
  parser,
  innerSchema: releaseEventSchema,
  transformer: 'base64',
});

/**
 * Records one release event. The entry is keyed by version, so a redelivered record, or a second
 * event for the same release, overwrites its entry rather than adding one.
 */
async function recordRelease(record: ParsedRecord<KinesisStreamRecord, ReleaseEvent>): Promise<void> {
  const entry = auditEntryFor(record.kinesis.data, record.kinesis.sequenceNumber, new Date());
  await documents.send(new PutCommand({ TableName: config.RELEASE_AUDIT_TABLE, Item: entry }));
  logger.info('Recorded release event', { version: entry.version, sequenceNumber: entry.sequenceNumber });
}

/** Kinesis event source mapping handler; failed records are reported so only they are retried. */
export const handler = async (
  event: KinesisStreamEvent,
  context: Context,
): Promise<KinesisStreamBatchResponse> =>
  processPartialResponse(event, recordRelease, processor, { context });
