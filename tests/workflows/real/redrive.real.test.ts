import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { lambdaKinesisRecord } from '../../../local/runtime/pollers/kinesis-consumer';
import type { Runtime } from '../../../local/runtime/runtime';
import type { QueueName } from '../../../topology/types';
import { manifestFor } from '../../support/releases';
import { startPipeline } from './local-pipeline';

jest.setTimeout(60_000);

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startPipeline();
});
afterAll(() => runtime.stop());

const put = (queue: QueueName, body: string) =>
  runtime.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: runtime.resources.queueUrls[queue], MessageBody: body }),
  );

const depth = async (queue: QueueName) => {
  const { Attributes } = await runtime.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: runtime.resources.queueUrls[queue],
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.['ApproximateNumberOfMessages']) +
    Number(Attributes?.['ApproximateNumberOfMessagesNotVisible'])
  );
};

function kinesisRecord(data: string, sequenceNumber: string): object {
  return lambdaKinesisRecord(
    { Data: Buffer.from(data), SequenceNumber: sequenceNumber, PartitionKey: 'release' },
    'shardId-000000000000',
    'arn:aws:kinesis:us-east-1:123456789012:stream/release-events',
    'us-east-1',
  );
}

describe('Redriving a dead-letter queue', () => {
  test('only dead-letter queues can be redriven', async () => {
    await expect(runtime.redrive('thumbnailJobs')).rejects.toThrow(
      'thumbnailJobs is not a dead-letter queue',
    );
  });

  test('an event source mapping DLQ hands its records to the function again', async () => {
    const release = { ...manifestFor('7.0.1', { 'a.bin': Buffer.from('a') }) };
    await put(
      'releaseAuditDlq',
      JSON.stringify({ records: [kinesisRecord(JSON.stringify(release), '4242')], error: 'x' }),
    );
    expect(await runtime.redrive('releaseAuditDlq')).toEqual({ moved: 1, kept: 0 });
    const { Item } = await runtime.clients.dynamodb.send(
      new GetItemCommand({
        TableName: runtime.resources.tables.releaseAudit,
        Key: { version: { S: '7.0.1' } },
      }),
    );
    expect(Item?.['sequenceNumber']?.S).toBe('4242');
    expect(await depth('releaseAuditDlq')).toBe(0);
  });

  test('a message its target refuses again stays in the DLQ, visible, and the others move on', async () => {
    await put('releaseAuditDlq', JSON.stringify({ records: [kinesisRecord('not json', '1')], error: 'x' }));
    await put('subscriberEventsDlq', 'this is not a JSON batch');
    expect(await runtime.redrive('releaseAuditDlq')).toEqual({ moved: 0, kept: 1 });
    expect(await runtime.redrive('subscriberEventsDlq')).toEqual({ moved: 0, kept: 1 });
    expect(await depth('releaseAuditDlq')).toBe(1);
    // Visible again at once: a second redrive sees it (and keeps it) rather than finding nothing.
    expect(await runtime.redrive('subscriberEventsDlq')).toEqual({ moved: 0, kept: 1 });
  });
});
