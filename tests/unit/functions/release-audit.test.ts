import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { auditEntryFor } from '../../../functions/release-audit/audit';
import { handler } from '../../../functions/release-audit/handler';
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
  expect(auditEntryFor(release, '7', new Date('2026-11-24T00:00:00Z'))).toEqual({
    version: '2.1.0',
    channel: 'stable',
    files: 2,
    totalBytes: 15,
    sequenceNumber: '7',
    recordedAt: '2026-11-24T00:00:00.000Z',
  });
});

test.each([
  ['data that is not JSON', base64('garbage')],
  ['JSON that is not a release event', base64({ version: 'x' })],
  ['a release event on an unknown channel', base64({ ...release, channel: 'nightly' })],
])('reports a record holding %s as a batch item failure and records nothing for it', async (_what, data) => {
  documents.on(PutCommand).resolves({});
  const result = await handler(kinesisEvent([base64(release), data]), {} as Context);
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  expect(documents.commandCalls(PutCommand)).toHaveLength(1);
});

test('a record that is not a Kinesis record is a batch item failure too', async () => {
  documents.on(PutCommand).resolves({});
  const event = kinesisEvent([base64(release), base64(release)]);
  (event.Records[1] as unknown as { eventName: string }).eventName = 'aws:s3:record';
  const result = await handler(event, {} as Context);
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
});

test('a batch in which every record fails is refused whole, so the stream delivers it again', async () => {
  await expect(handler(kinesisEvent([base64('garbage')]), {} as Context)).rejects.toThrow(
    /All records failed processing/,
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
