import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  GetRecordsCommand as GetKinesisRecordsCommand,
  GetShardIteratorCommand as GetKinesisShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { KinesisConsumer } from '../../../local/runtime/pollers/kinesis-consumer';
import { Poller } from '../../../local/runtime/pollers/poller';
import { queuePipeRound } from '../../../local/runtime/pollers/queue-pipe';
import { TableStreamPipe } from '../../../local/runtime/pollers/table-stream-pipe';

/**
 * A poller killed mid-round loses nothing: what it had not acknowledged (an SQS delete, a stream
 * checkpoint) comes again, so the event is handled at least once, as with a real Pipe.
 */
const sqs = mockClient(SQSClient);
const streams = mockClient(DynamoDBStreamsClient);
const kinesis = mockClient(KinesisClient);
beforeEach(() => {
  sqs.reset();
  streams.reset();
  kinesis.reset();
});

/** A signal aborted while `during` runs: the kill lands in the middle of that step. */
function killDuring<T extends unknown[]>(during: (...args: T) => Promise<void>) {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    step: async (...args: T) => {
      await during(...args);
      controller.abort(new Error('killed'));
    },
  };
}

test('a queue pipe killed while it starts the execution does not delete the messages', async () => {
  sqs
    .on(ReceiveMessageCommand)
    .resolves({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: '{}' }] });
  const started: string[] = [];
  const kill = killDuring(async (input: string) => {
    started.push(input);
  });
  await expect(
    queuePipeRound(
      {
        sqs: sqs as unknown as SQSClient,
        queueUrl: 'q',
        queueArn: 'arn:q',
        region: 'us-east-1',
        batchSize: 1,
        start: kill.step,
      },
      kill.signal,
    ),
  ).rejects.toThrow('killed');
  expect(started).toHaveLength(1);
  expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
});

test('a queue pipe not killed deletes the messages once the execution has started', async () => {
  sqs
    .on(ReceiveMessageCommand)
    .resolves({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: '{}' }] });
  const handled = await queuePipeRound({
    sqs: sqs as unknown as SQSClient,
    queueUrl: 'q',
    queueArn: 'arn:q',
    region: 'us-east-1',
    batchSize: 1,
    start: async () => undefined,
  });
  expect(handled).toBe(1);
  expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(1);
});

test('a stream pipe killed in the middle of a page reads that page again: no record is skipped', async () => {
  streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 's1' }] } });
  streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'at-start' });
  streams.on(GetRecordsCommand, { ShardIterator: 'at-start' }).resolves({
    Records: ['a', 'b', 'c'].map((id) => ({ eventID: id, eventName: 'INSERT', dynamodb: {} })),
    NextShardIterator: 'after-page',
  });
  streams
    .on(GetRecordsCommand, { ShardIterator: 'after-page' })
    .resolves({ Records: [], NextShardIterator: 'after-page' });
  const delivered: string[] = [];
  const record = (input: string) => (JSON.parse(input) as { eventID: string }[])[0]?.eventID as string;
  const kill = killDuring(async (input: string) => {
    delivered.push(record(input));
  });
  const pipe = new TableStreamPipe({
    streams: streams as unknown as DynamoDBStreamsClient,
    sqs: sqs as unknown as SQSClient,
    streamArn: 'arn:stream',
    eventNames: ['INSERT'],
    batchSize: 1,
    maximumRetryAttempts: 0,
    deadLetterQueueUrl: 'dlq',
    start: async (input) => (delivered.length === 0 ? kill.step(input) : void delivered.push(record(input))),
  });
  await expect(pipe.round(kill.signal)).rejects.toThrow('killed');
  expect(delivered).toEqual(['a']);
  await pipe.round();
  expect(delivered).toEqual(['a', 'a', 'b', 'c']);
});

test('a Kinesis event source mapping killed during a batch hands the batch over again', async () => {
  kinesis.on(ListShardsCommand).resolves({
    Shards: [
      {
        ShardId: 'shard-1',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' },
        SequenceNumberRange: { StartingSequenceNumber: '0' },
      },
    ],
  });
  kinesis.on(GetKinesisShardIteratorCommand).resolves({ ShardIterator: 'at-start' });
  kinesis.on(GetKinesisRecordsCommand, { ShardIterator: 'at-start' }).resolves({
    Records: [{ SequenceNumber: '1', PartitionKey: 'p', Data: Buffer.from('{}') }],
    NextShardIterator: 'after-batch',
  });
  kinesis
    .on(GetKinesisRecordsCommand, { ShardIterator: 'after-batch' })
    .resolves({ Records: [], NextShardIterator: 'after-batch' });
  let invocations = 0;
  const controller = new AbortController();
  const consumer = new KinesisConsumer({
    kinesis: kinesis as unknown as KinesisClient,
    sqs: sqs as unknown as SQSClient,
    streamName: 'events',
    streamArn: 'arn:events',
    region: 'us-east-1',
    batchSize: 100,
    maximumRetryAttempts: 0,
    deadLetterQueueUrl: 'dlq',
    handler: async () => {
      invocations += 1;
      if (invocations === 1) controller.abort(new Error('killed'));
      return { batchItemFailures: [] };
    },
  });
  await expect(consumer.round(controller.signal)).rejects.toThrow('killed');
  await consumer.round();
  await consumer.round();
  expect(invocations).toBe(2);
});

test('killing a poller aborts its round in flight; stopping one lets the round finish', async () => {
  const seen: boolean[] = [];
  let release: () => void = () => undefined;
  const round = async (signal: AbortSignal) => {
    await new Promise<void>((resolve) => (release = resolve));
    seen.push(signal.aborted);
    return 1;
  };
  const killed = new Poller('killed', round, () => undefined, 1);
  killed.start();
  await new Promise((resolve) => setImmediate(resolve));
  const killing = killed.kill();
  release();
  await killing;
  const stopped = new Poller('stopped', round, () => undefined, 1);
  stopped.start();
  await new Promise((resolve) => setImmediate(resolve));
  const stopping = stopped.stop();
  release();
  await stopping;
  expect(seen).toEqual([true, false]);
});
