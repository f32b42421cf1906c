import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** A Pipe's view of an SQS message, as the target receives it in the batch array. */
export function pipeSqsRecord(message: Message, queueArn: string, region: string): object {
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [
        key,
        {
          stringValue: value.StringValue,
          dataType: value.DataType,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export interface QueuePipeOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  /** Starts the target workflow with the batch (a JSON array). */
  readonly start: (input: string) => Promise<unknown>;
  /** Long-poll wait; short in tests. */
  readonly waitSeconds?: number;
}

/**
 * One round of an EventBridge Pipe from SQS to Step Functions: receive a batch, start the
 * workflow with it, and delete the messages once the execution has started. If the start fails,
 * or the poller is killed before the delete, the messages stay: they come back after the
 * visibility timeout (a second execution for them: the workflows are idempotent), and after the
 * queue's maxReceiveCount SQS moves them to the dead-letter queue, as with the real Pipe.
 */
export async function queuePipeRound(
  options: QueuePipeOptions,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const received = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: Math.min(10, options.batchSize),
      WaitTimeSeconds: options.waitSeconds ?? 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return 0;
  // A kill is only heard once the execution has started, before the delete: that is the moment
  // that matters (the messages come back and start a second execution). Heard before the start,
  // it would only hold them back for the visibility timeout (up to 5 minutes here).
  await options.start(
    JSON.stringify(messages.map((message) => pipeSqsRecord(message, options.queueArn, options.region))),
  );
  signal.throwIfAborted();
  await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: messages.map((message, i) => ({
        Id: String(i),
        ReceiptHandle: message.ReceiptHandle as string,
      })),
    }),
  );
  return messages.length;
}
