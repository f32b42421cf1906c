import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaHandler } from '@myblog/stepfunctions-local';

/** A Kinesis record as an event source mapping hands it to Lambda. */
export function lambdaKinesisRecord(
  record: _Record,
  shardId: string,
  streamArn: string,
  region: string,
): object {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey,
      sequenceNumber: record.SequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/local',
    awsRegion: region,
    eventSourceARN: streamArn,
  };
}

export interface KinesisConsumerOptions {
  readonly kinesis: KinesisClient;
  readonly sqs: SQSClient;
  readonly streamName: string;
  readonly streamArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maximumRetryAttempts: number;
  readonly deadLetterQueueUrl: string;
  readonly handler: LambdaHandler;
}

/**
 * A Lambda event source mapping from Kinesis: batches in order per shard, partial batch
 * responses honoured (only failed records are retried), and records that still fail after
 * their retries sent to the dead-letter queue. The checkpoint moves on only once a batch is
 * handled: killed in the middle of one, the mapping hands it over again.
 */
export class KinesisConsumer {
  private readonly iterators = new Map<string, string | undefined>();

  constructor(private readonly options: KinesisConsumerOptions) {}

  async round(signal: AbortSignal = new AbortController().signal): Promise<number> {
    const { kinesis, streamName } = this.options;
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    for (const shard of shards.Shards ?? []) {
      const id = shard.ShardId as string;
      if (this.iterators.has(id)) continue;
      const iterator = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: id,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.iterators.set(id, iterator.ShardIterator);
    }
    let handled = 0;
    for (const [shard, iterator] of this.iterators) {
      if (iterator === undefined) continue;
      const page = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize }),
      );
      const records = page.Records ?? [];
      if (records.length > 0) {
        signal.throwIfAborted();
        await this.deliver(
          records.map((record) =>
            lambdaKinesisRecord(record, shard, this.options.streamArn, this.options.region),
          ),
        );
        handled += records.length;
      }
      signal.throwIfAborted();
      this.iterators.set(shard, page.NextShardIterator);
    }
    return handled;
  }

  private async deliver(records: object[]): Promise<void> {
    let pending = records;
    let lastError = '';
    for (let attempt = 0; attempt <= this.options.maximumRetryAttempts && pending.length > 0; attempt += 1) {
      try {
        const response = (await this.options.handler({ Records: pending }, localContext())) as
          { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
        const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        pending = pending.filter((record) =>
          failed.has((record as { kinesis: { sequenceNumber: string } }).kinesis.sequenceNumber),
        );
        lastError = 'reported as a batch item failure';
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    if (pending.length === 0) return;
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ records: pending, error: lastError }),
      }),
    );
  }
}

/** The Lambda context a locally invoked function gets. */
export function localContext(functionName = 'release-audit') {
  const deadline = Date.now() + 30_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    awsRequestId: crypto.randomUUID(),
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
