import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { auditEntryFromRecord } from '../../../functions/release-audit/audit';
import { handler } from '../../../functions/release-audit/handler';
import { MalformedEvent } from '../../../functions/shared/errors';
import { manifestFor } from '../../support/releases';

const documents = mockClient(DynamoDBDocumentClient);
beforeEach(() => documents.reset());

const release = manifestFor('2.1.0', { 'a.zip': Buffer.alloc(10), 'b.zip': Buffer.alloc(5) });
const base64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

const kinesisEvent = (datas: string[]): KinesisStreamEvent => ({
  Records: datas.map((data, i) => ({
    eventID: `shardId-000000000000:${i}`,
    eventName: 'aws:kinesis:record',
    eventVersion: '1.0',
    eventSource: 'aws:kinesis',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/release-events',
    awsRegion: 'us-east-1',
    invokeIdentityArn: 'arn',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: '2.1.0',
      sequenceNumber: String(i + 1),
      data,
      approximateArrivalTimestamp: 1,
    },
  })),
});

test('summarises a release event: version, channel, file count and bytes', () => {
  expect(auditEntryFromRecord(base64(release), '7', new Date('2026-11-24T00:00:00Z'))).toEqual({
    version: '2.1.0',
    channel: 'stable',
    files: 2,
    totalBytes: 15,
    sequenceNumber: '7',
    recordedAt: '2026-11-24T00:00:00.000Z',
  });
});

test('refuses a record that is not a release event as MalformedEvent', () => {
  expect(() => auditEntryFromRecord(base64('nope'), '1', new Date())).toThrow(MalformedEvent);
  expect(() => auditEntryFromRecord(base64({ version: 'x' }), '1', new Date())).toThrow(
    /not a release event/,
  );
});

test('records each event and reports only the bad record as a batch item failure', async () => {
  documents.on(PutCommand).resolves({});
  const result = await handler(kinesisEvent([base64(release), base64('garbage')]), {} as Context);
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
    TableName: 'release-audit',
    Item: { version: '2.1.0' },
  });
});
