import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A stream record as a Pipe hands it on: the stream's own fields plus its source ARN. */
export function pipeStreamRecord(record: _Record, streamArn: string): object {
  const dynamodb = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ...dynamodb,
      ...(dynamodb.ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: dynamodb.ApproximateCreationDateTime.getTime() / 1000 }),
    },
    eventSourceARN: streamArn,
  };
}

export interface TableStreamPipeOptions {
  readonly streams: DynamoDBStreamsClient;
  readonly sqs: SQSClient;
  readonly streamArn: string;
  readonly eventNames: readonly string[];
  readonly batchSize: number;
  readonly maximumRetryAttempts: number;
  readonly deadLetterQueueUrl: string;
  readonly start: (input: string) => Promise<unknown>;
}

/**
 * An EventBridge Pipe from a DynamoDB stream: reads every shard from its start, keeps the records
 * whose eventName passes the filter, and starts the workflow per batch. A batch that cannot be
 * started after its retries goes to the dead-letter queue with why, never silently dropped. The
 * checkpoint (the shard iterator) moves on only once a page is delivered: killed in the middle of
 * one, the pipe reads it again (at least once, as a Pipe).
 */
export class TableStreamPipe {
  private readonly iterators = new Map<string, string | undefined>();

  constructor(private readonly options: TableStreamPipeOptions) {}

  async round(signal: AbortSignal = new AbortController().signal): Promise<number> {
    const { streams, streamArn } = this.options;
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId as string;
      if (this.iterators.has(id)) continue;
      const iterator = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      this.iterators.set(id, iterator.ShardIterator);
    }
    let handled = 0;
    for (const [shard, iterator] of this.iterators) {
      if (iterator === undefined) continue;
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = (page.Records ?? []).filter((record) =>
        this.options.eventNames.includes(record.eventName as string),
      );
      for (let i = 0; i < records.length; i += this.options.batchSize) {
        signal.throwIfAborted();
        await this.deliver(
          records.slice(i, i + this.options.batchSize).map((record) => pipeStreamRecord(record, streamArn)),
        );
        handled += 1;
      }
      signal.throwIfAborted();
      this.iterators.set(shard, page.NextShardIterator);
    }
    return handled;
  }

  private async deliver(batch: object[]): Promise<void> {
    const input = JSON.stringify(batch);
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.options.maximumRetryAttempts; attempt += 1) {
      try {
        await this.options.start(input);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: input,
        MessageAttributes: {
          error: { DataType: 'String', StringValue: (lastError as Error)?.message ?? String(lastError) },
        },
      }),
    );
  }
}
