import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { eventually, ReminderInbox, remindersOf, startTodo, type TodoUnderTest } from './todo-local';

// An hour of the workflow's time is two seconds here (WAIT_TIME_SCALE).
const SCALE = 1 / 1800;
const HOUR = 3_600_000;

let todo: TodoUnderTest;
let inbox: ReminderInbox;
beforeAll(async () => {
  todo = await startTodo(SCALE);
  inbox = new ReminderInbox(todo.backend);
}, 60_000);
afterAll(() => todo?.stop());

const userId = 'user-ana';
const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function putTodo(todoId: string, fields: { title: string; dueAt?: string }): Promise<void> {
  await todo.backend.clients.dynamodb.send(
    new PutItemCommand({
      TableName: todo.backend.resources.tables.todos,
      Item: {
        userId: { S: userId },
        todoId: { S: todoId },
        title: { S: fields.title },
        completed: { BOOL: false },
        ...(fields.dueAt === undefined ? {} : { dueAt: { S: fields.dueAt } }),
      },
    }),
  );
}

const key = (todoId: string) => ({ userId: { S: userId }, todoId: { S: todoId } });

/** The first execution for the to-do, once it is waiting for the due time. */
const waitingReminder = (todoId: string) =>
  eventually(`a waiting reminder for ${todoId}`, () => {
    const [first] = remindersOf(todo, todoId);
    if (first === undefined || first.status !== 'RUNNING') return undefined;
    const entered = todo.stepFunctions.engine
      .getExecutionHistory(first.executionArn)
      .some((event) => event.type === 'WaitStateEntered');
    return entered ? first : undefined;
  });

const ended = (executionArn: string) =>
  eventually(`${executionArn} to end`, () => {
    const described = todo.stepFunctions.engine.describeExecution(executionArn);
    return described.status === 'RUNNING' ? undefined : described;
  });

test('a to-do written with a due time is reminded through SNS when it falls due, once', async () => {
  const todoId = randomUUID();
  const dueAt = at(HOUR);
  await putTodo(todoId, { title: 'Call the plumber', dueAt });

  const reminders = await eventually('the reminder', async () => {
    const mine = await inbox.for(todoId);
    return mine.length > 0 ? mine : undefined;
  });

  expect(reminders).toEqual([{ kind: 'todo-due', userId, todoId, title: 'Call the plumber', dueAt }]);
  const [execution] = remindersOf(todo, todoId);
  expect(execution?.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution?.output ?? '{}')).toMatchObject({ status: 'sent', todoId, dueAt });
}, 60_000);

test('changing the due time stops the waiting execution and reminds at the new time only', async () => {
  const todoId = randomUUID();
  await putTodo(todoId, { title: 'Renew passport', dueAt: at(HOUR) });
  const first = await waitingReminder(todoId);
  const later = at(2 * HOUR);

  await todo.backend.clients.dynamodb.send(
    new UpdateItemCommand({
      TableName: todo.backend.resources.tables.todos,
      Key: key(todoId),
      UpdateExpression: 'SET dueAt = :dueAt',
      ExpressionAttributeValues: { ':dueAt': { S: later } },
    }),
  );

  expect(await ended(first.executionArn)).toMatchObject({ status: 'ABORTED', error: 'ReminderReplaced' });
  const reminders = await eventually('the moved reminder', async () => {
    const mine = await inbox.for(todoId);
    return mine.length > 0 ? mine : undefined;
  });
  expect(reminders.map((reminder) => reminder.dueAt)).toEqual([later]);
  const [, replacement] = remindersOf(todo, todoId);
  expect((await ended(replacement?.executionArn as string)).status).toBe('SUCCEEDED');
}, 60_000);

test.each([
  [
    'deleting',
    (todoId: string) =>
      new DeleteItemCommand({ TableName: todo.backend.resources.tables.todos, Key: key(todoId) }),
  ],
  [
    'completing',
    (todoId: string) =>
      new UpdateItemCommand({
        TableName: todo.backend.resources.tables.todos,
        Key: key(todoId),
        UpdateExpression: 'SET completed = :done',
        ExpressionAttributeValues: { ':done': { BOOL: true } },
      }),
  ],
])(
  '%s a to-do stops its waiting reminder, and no reminder comes',
  async (_what, change) => {
    const todoId = randomUUID();
    await putTodo(todoId, { title: 'Water the plants', dueAt: at(HOUR) });
    const first = await waitingReminder(todoId);

    await todo.backend.clients.dynamodb.send(change(todoId) as never);

    expect(await ended(first.executionArn)).toMatchObject({ status: 'ABORTED', error: 'ReminderCancelled' });
    const [, cancelling] = remindersOf(todo, todoId);
    expect(JSON.parse((await ended(cancelling?.executionArn as string)).output ?? '{}')).toEqual({
      status: 'cancelled',
      todoId,
    });
    // Past the time it was due (2 s here), nothing was sent for it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await inbox.for(todoId)).toEqual([]);
  },
  60_000,
);

test('a to-do without a due time starts an execution that ends at once, reminding nobody', async () => {
  const todoId = randomUUID();
  await putTodo(todoId, { title: 'Someday: learn the cello' });

  const [execution] = await eventually('its execution', () => {
    const found = remindersOf(todo, todoId);
    return found.length > 0 && found[0]?.status !== 'RUNNING' ? found : undefined;
  });

  expect(JSON.parse(execution?.output ?? '{}')).toEqual({ status: 'unchanged', todoId });
}, 60_000);
