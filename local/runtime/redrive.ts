import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FunctionName, QueueName, Topology, WorkflowName } from '../../topology/types';

/** Where a dead-letter queue's messages go back to when redriven. */
export type RedriveTarget =
  /** The queue whose redrive policy names this DLQ: messages go back to it, as SQS's own redrive does. */
  | { readonly kind: 'queue'; readonly queue: QueueName }
  /** A Pipe's DLQ: the batch is handed to the Pipe's workflow again. */
  | { readonly kind: 'pipe'; readonly workflow: WorkflowName }
  /** An event source mapping's DLQ: the records are handed to its function again. */
  | { readonly kind: 'function'; readonly fn: FunctionName };

/** Every dead-letter queue of the topology and where its messages came from. */
export function redriveTargets(topology: Topology): Partial<Record<QueueName, RedriveTarget>> {
  const targets: Partial<Record<QueueName, RedriveTarget>> = {};
  for (const [queue, spec] of Object.entries(topology.queues) as [
    QueueName,
    Topology['queues'][QueueName],
  ][]) {
    if (spec.deadLetter !== undefined) targets[spec.deadLetter.queue] = { kind: 'queue', queue };
  }
  for (const pipe of topology.pipes) {
    if (pipe.kind === 'tableStream')
      targets[pipe.deadLetterQueue] = { kind: 'pipe', workflow: pipe.workflow };
  }
  for (const consumer of topology.streamConsumers) {
    targets[consumer.deadLetterQueue] = { kind: 'function', fn: consumer.fn };
  }
  return targets;
}

export interface RedriveResult {
  readonly moved: number;
  /** Messages whose target refused them again: they stay in the DLQ, visible. */
  readonly kept: number;
}

/**
 * Moves every message now in a DLQ back through `deliver`, deleting each only once delivered.
 * A message that cannot be delivered stays in the DLQ and is made visible again at the end.
 */
export async function redriveQueue(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  deliver: (message: Message) => Promise<void>,
): Promise<RedriveResult> {
  let moved = 0;
  const kept: Message[] = [];
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        // Hidden while this redrive runs, so it never takes a message twice.
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      try {
        await deliver(message);
      } catch {
        kept.push(message);
        continue;
      }
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      moved += 1;
    }
  }
  for (let i = 0; i < kept.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: deadLetterQueueUrl,
        Entries: kept.slice(i, i + 10).map((message, j) => ({
          Id: String(j),
          ReceiptHandle: message.ReceiptHandle as string,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
  return { moved, kept: kept.length };
}

/** Delivery back to a source queue: the same body and message attributes. */
export function toQueue(sqs: SQSClient, queueUrl: string): (message: Message) => Promise<void> {
  return async (message) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: message.Body ?? '',
        ...(message.MessageAttributes === undefined ? {} : { MessageAttributes: message.MessageAttributes }),
      }),
    );
  };
}
