import { randomBytes } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { TodoBackend } from '../runtime/todo/backend';
import { signIn, type SignedInClient } from '../runtime/todo/users';

/**
 * MyTodoList's part of the demo, driven as the mobile app drives it: two users sign up, one adds
 * to-dos through the API (one due soon, one whose date is moved, one deleted), uploads an
 * attachment with the URL the API signs in her folder, and the other is refused her folder with
 * his own credentials. Then the reminder is waited for on the reminders topic, and every
 * todo-reminder execution is checked to have ended as it should.
 */

/** How long the demo's reminder should take in real time, whatever WAIT_TIME_SCALE is. */
const REMINDER_REAL_MS = 3_000;

interface Step {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}

const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function api(
  backend: TodoBackend,
  user: SignedInClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; location: string | null }> {
  const response = await fetch(`${backend.apiUrl}${path}`, {
    method,
    headers: {
      Authorization: user.idToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    location: response.headers.get('location'),
  };
}

/** The reminder for `todoId` from the inbox queue (what a device subscribed to the topic gets). */
async function reminderFor(
  backend: TodoBackend,
  todoId: string,
  timeoutMs: number,
): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await backend.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: backend.resources.reminderInboxUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    for (const message of page.Messages ?? []) {
      await backend.clients.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: backend.resources.reminderInboxUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
      const reminder = JSON.parse(
        (JSON.parse(message.Body ?? '{}') as { Message: string }).Message,
      ) as Record<string, unknown>;
      if (reminder['todoId'] === todoId) return reminder;
    }
  }
  return undefined;
}

/** How each todo-reminder execution of a to-do ended: status, error and output status. */
async function endings(sfn: SFNClient, stateMachineArn: string, todoId: string): Promise<string[]> {
  const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
  const found: { start: number; text: string }[] = [];
  for (const item of listed.executions ?? []) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
    if (!(described.input ?? '').includes(todoId)) continue;
    const output =
      described.output === undefined ? undefined : (JSON.parse(described.output) as { status?: string });
    found.push({
      start: described.startDate?.getTime() ?? 0,
      text: [described.status, described.error, output?.status]
        .filter((part) => part !== undefined)
        .join(' '),
    });
  }
  return found.sort((a, b) => a.start - b.start).map((entry) => entry.text);
}

export async function runTodoDemo(
  backend: TodoBackend,
  sfn: SFNClient,
  waitTimeScale: number,
  say: (line: string) => void = console.log,
): Promise<boolean> {
  const steps: Step[] = [];
  const step = (what: string, ok: boolean, detail: string) => {
    steps.push({ what, ok, detail });
    say(`  ${ok ? '✓' : '✗'} ${what}: ${detail}`);
  };
  say('MyTodoList: two users sign up, add to-dos, upload an attachment, and a reminder fires…');
  const tag = randomBytes(3).toString('hex');
  const [ana, bo] = await Promise.all([
    signIn(backend.signInTarget, `ana-${tag}@example.com`, 'Correct-horse-1', true),
    signIn(backend.signInTarget, `bo-${tag}@example.com`, 'Battery-staple-2', true),
  ]);
  step('sign-up and sign-in', ana.identityId !== bo.identityId, `ana ${ana.identityId}, bo ${bo.identityId}`);

  // Due far enough ahead to be a real reminder, near enough that WAIT_TIME_SCALE makes it ~3 s.
  const ahead = Math.max(60_000, REMINDER_REAL_MS / Math.max(waitTimeScale, 1e-6));
  const dueAt = utcSeconds(Date.now() + ahead);
  const soon = await api(backend, ana, 'POST', '/todos', { title: 'Call the plumber', dueAt });
  const soonId = String(soon.body['todoId']);
  step('a to-do with a due time', soon.status === 201, `${soon.location} due ${dueAt}`);
  const moved = await api(backend, ana, 'POST', '/todos', {
    title: 'Renew passport',
    dueAt: utcSeconds(Date.now() + 30 * 86_400_000),
  });
  const movedId = String(moved.body['todoId']);
  const dropped = await api(backend, ana, 'POST', '/todos', {
    title: 'Water the plants',
    dueAt: utcSeconds(Date.now() + 7 * 86_400_000),
  });
  const droppedId = String(dropped.body['todoId']);
  // Let both reminders start waiting before they are replaced and cancelled.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const change = await api(backend, ana, 'PUT', `/todos/${movedId}`, {
    title: 'Renew passport',
    dueAt: utcSeconds(Date.now() + 60 * 86_400_000),
  });
  step('a due time moved', change.status === 200, 'its waiting reminder is replaced');
  const deleted = await api(backend, ana, 'DELETE', `/todos/${droppedId}`);
  step('a to-do deleted', deleted.status === 204, 'its waiting reminder is stopped');

  const bytes = Buffer.from('%PDF-1.4 demo receipt');
  const granted = await api(backend, ana, 'POST', `/todos/${soonId}/attachments`, {
    name: 'quote.pdf',
    contentType: 'application/pdf',
    size: bytes.length,
  });
  const upload = granted.body['upload'] as { url: string; headers: Record<string, string> } | undefined;
  const put =
    upload === undefined
      ? undefined
      : await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  const key = String((granted.body['attachment'] as { key?: string } | undefined)?.key);
  step('an attachment uploaded with the API’s URL', put?.status === 200, key);

  const asUser = (user: SignedInClient) =>
    new S3Client({
      endpoint: backend.storageUrl,
      region: backend.region,
      forcePathStyle: true,
      credentials: user.credentials,
      maxAttempts: 1,
    });
  const own = await asUser(ana).send(
    new GetObjectCommand({ Bucket: backend.resources.buckets.attachments, Key: key }),
  );
  step(
    'ana reads it with her own credentials',
    (await own.Body?.transformToString()) === bytes.toString(),
    'her folder',
  );
  let refused = 'read it';
  try {
    await asUser(bo).send(new GetObjectCommand({ Bucket: backend.resources.buckets.attachments, Key: key }));
  } catch (error) {
    refused = (error as Error).name;
  }
  step('bo is refused ana’s folder with his credentials', refused === 'AccessDenied', refused);
  const peek = await api(backend, bo, 'GET', `/todos/${soonId}`);
  step('bo cannot see ana’s to-do through the API', peek.status === 404, `HTTP ${peek.status}`);

  const reminder = await reminderFor(backend, soonId, REMINDER_REAL_MS + 30_000);
  step(
    'the reminder fired through SNS',
    reminder?.['dueAt'] === dueAt,
    reminder === undefined ? 'none came' : `"${String(reminder['title'])}" due ${dueAt}`,
  );

  const machine = backend.stateMachineArns.todoReminder;
  const expect = async (todoId: string, wanted: string[], what: string) => {
    const seen = await endings(sfn, machine, todoId);
    step(what, seen.join(' | ') === wanted.join(' | '), seen.join(' | '));
  };
  // The attachment changed the to-do but not its due time: that execution ended at once.
  await expect(soonId, ['SUCCEEDED sent', 'SUCCEEDED unchanged'], 'todo-reminder for the due to-do');
  await expect(movedId, ['ABORTED ReminderReplaced', 'RUNNING'], 'todo-reminder for the moved one');
  await expect(
    droppedId,
    ['ABORTED ReminderCancelled', 'SUCCEEDED cancelled'],
    'todo-reminder for the deleted one',
  );
  const failed = steps.filter((s) => !s.ok).length;
  say(
    failed === 0 ? 'MyTodoList: every step as expected.' : `MyTodoList: ${failed} step(s) not as expected.`,
  );
  return failed === 0;
}
