import { randomBytes } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ExecutionDescription } from '../../../packages/sfn-engine/src/engine';
import { startTodoBackend, type TodoBackend } from '../../../local/runtime/todo/backend';
import { inProcessLink } from '../../../local/runtime/step-functions-link';
import {
  type LocalStepFunctions,
  startLocalStepFunctions,
} from '../../../packages/stepfunctions-local/src/server';

/** MyTodoList on the run's shared moto, with a local Step Functions of its own. */
export interface TodoUnderTest {
  readonly backend: TodoBackend;
  readonly stepFunctions: LocalStepFunctions;
  stop(): Promise<void>;
}

export async function startTodo(waitTimeScale = 1): Promise<TodoUnderTest> {
  const motoEndpoint = process.env['MOTO_ENDPOINT'];
  if (motoEndpoint === undefined)
    throw new Error('MOTO_ENDPOINT is not set: the workflows project starts moto in its globalSetup');
  const stepFunctions = await startLocalStepFunctions({
    port: 0,
    waitTimeScale,
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {}, defaultEndpoint: motoEndpoint },
    log: () => undefined,
  });
  const link = inProcessLink(stepFunctions, 'us-east-1');
  try {
    const backend = await startTodoBackend({
      motoEndpoint,
      stepFunctions: link,
      prefix: `todo${randomBytes(3).toString('hex')}`,
      log: () => undefined,
      pollIdleMs: 50,
    });
    return {
      backend,
      stepFunctions,
      stop: async () => {
        await backend.stop();
        await link.close();
      },
    };
  } catch (error) {
    await link.close();
    throw error;
  }
}

/** The reminder workflow's executions whose input is about `todoId`, in the order they started. */
export function remindersOf(todo: TodoUnderTest, todoId: string): ExecutionDescription[] {
  return todo.stepFunctions.engine
    .listExecutions({ stateMachineArn: todo.backend.stateMachineArns.todoReminder })
    .filter((execution) => execution.input.includes(todoId))
    .sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

/** Waits until `check` returns something, polling every 50 ms. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Reminder {
  readonly kind: string;
  readonly userId: string;
  readonly todoId: string;
  readonly title: string;
  readonly dueAt: string;
}

/**
 * Every reminder the topic delivered to the inbox queue (as a user's device would get it), read
 * as they arrive; the SNS envelope's Message is the reminder.
 */
export class ReminderInbox {
  readonly received: Reminder[] = [];

  constructor(private readonly backend: TodoBackend) {}

  async drain(): Promise<Reminder[]> {
    const sqs = this.backend.clients.sqs;
    const queueUrl = this.backend.resources.reminderInboxUrl;
    for (;;) {
      const page = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const messages = page.Messages ?? [];
      if (messages.length === 0) return this.received;
      for (const message of messages) {
        const envelope = JSON.parse(message.Body ?? '{}') as { Message?: string };
        this.received.push(JSON.parse(envelope.Message ?? '{}') as Reminder);
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
  }

  async for(todoId: string): Promise<Reminder[]> {
    return (await this.drain()).filter((reminder) => reminder.todoId === todoId);
  }
}
