import { todoChange } from '../support/todo-records';
import { attemptsOf, workflowUnderTest, type WorkflowRun, type WorkflowUnderTest } from './harness';

let workflow: WorkflowUnderTest;
beforeAll(async () => {
  workflow = await workflowUnderTest('todo-reminder');
});
afterAll(() => workflow.close());

const DUE = '2030-01-31T09:00:00Z';
const MOVED = '2030-02-01T09:00:00Z';
const REPLACED = 'arn:aws:states:us-east-1:123456789012:execution:todo-reminder:earlier-change';

const REMINDED = [
  'Read the change',
  'Is it a to-do change?',
  'Does it move the reminder?',
  'Claim the reminder',
  'Was another reminder waiting?',
  'Is a reminder wanted?',
  'Wait until the due time',
  'Read the to-do',
  'Is the to-do still due?',
  'Mark the reminder sent',
  'Notify the user',
  'Reminder sent',
];

/** The parameters each attempt of a Task state was scheduled with. */
function parametersOf(run: WorkflowRun, resourceSuffix: string): Record<string, unknown>[] {
  return run.events
    .filter(
      (event) =>
        event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resource === resourceSuffix,
    )
    .map(
      (event) => JSON.parse(event.taskScheduledEventDetails?.parameters ?? '{}') as Record<string, unknown>,
    );
}

const published = (run: WorkflowRun) => parametersOf(run, 'publish');

describe('todo-reminder (mock config test cases)', () => {
  test('NewTodoReminded: a new to-do with a due time is reminded through SNS once it falls due', async () => {
    const run = await workflow.run('NewTodoReminded', todoChange({ insert: { dueAt: DUE } }));

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ status: 'sent', todoId: 'todo-1', dueAt: DUE, messageId: 'reminder-1' });
    expect(run.entered).toEqual(REMINDED);
    const [message] = published(run);
    expect(message?.['Message']).toEqual({
      kind: 'todo-due',
      userId: 'user-ana',
      todoId: 'todo-1',
      title: 'Buy milk',
      dueAt: DUE,
    });
    expect(message?.['MessageAttributes']).toEqual({
      userId: { DataType: 'String', StringValue: 'user-ana' },
      kind: { DataType: 'String', StringValue: 'todo-due' },
    });
  });

  test('NewTodoReminded: waits until the due time before it reads the to-do again', async () => {
    const run = await workflow.run('NewTodoReminded', todoChange({ insert: { dueAt: DUE } }));

    const read = run.events.find(
      (event) =>
        event.type === 'TaskStateEntered' && event.stateEnteredEventDetails?.name === 'Read the to-do',
    );
    expect((read?.timestamp as Date).getTime()).toBeGreaterThanOrEqual(Date.parse(DUE));
  });

  test('NewTodoReminded: claims the reminder row for this execution, only over an earlier change', async () => {
    const run = await workflow.run(
      'NewTodoReminded',
      todoChange({ insert: { dueAt: DUE } }, '200000000000000000007'),
    );

    const [claim] = parametersOf(run, 'updateItem');
    expect(claim).toMatchObject({
      Key: { todoId: { S: 'todo-1' } },
      ConditionExpression: 'attribute_not_exists(todoId) OR #sequence < :sequence',
      ExpressionAttributeValues: expect.objectContaining({
        ':sequence': { N: '200000000000000000007' },
        ':dueAt': { S: DUE },
        ':userId': { S: 'user-ana' },
      }) as unknown,
      ReturnValues: 'ALL_OLD',
    });
    expect((claim?.['ExpressionAttributeValues'] as Record<string, { S: string }>)[':execution']?.S).toMatch(
      /^arn:aws:states:us-east-1:123456789012:execution:todo-reminder:/,
    );
  });

  test('RenamedWhileWaiting: the reminder carries the title the to-do has when it falls due', async () => {
    const run = await workflow.run('RenamedWhileWaiting', todoChange({ insert: { dueAt: DUE } }));

    expect(published(run)[0]?.['Message']).toMatchObject({ title: 'Buy oat milk' });
  });

  test('a to-do without a due time starts no reminder', async () => {
    const run = await workflow.run('NoTasks', todoChange({ insert: { title: 'Someday' } }));

    expect(run.output).toEqual({ status: 'unchanged', todoId: 'todo-1' });
    expect(run.entered).toEqual([
      'Read the change',
      'Is it a to-do change?',
      'Does it move the reminder?',
      'Reminder unchanged',
    ]);
  });

  test('a title edit leaves the waiting reminder as it is', async () => {
    const run = await workflow.run(
      'NoTasks',
      todoChange({ modify: { from: { dueAt: DUE }, to: { dueAt: DUE, title: 'Buy oat milk' } } }),
    );

    expect(run.output).toEqual({ status: 'unchanged', todoId: 'todo-1' });
  });

  test('deleting a to-do that had no due time, or was done, touches no reminder', async () => {
    const noDue = await workflow.run('NoTasks', todoChange({ remove: {} }));
    const done = await workflow.run('NoTasks', todoChange({ remove: { dueAt: DUE, completed: true } }));

    expect(noDue.output).toEqual({ status: 'unchanged', todoId: 'todo-1' });
    expect(done.output).toEqual({ status: 'unchanged', todoId: 'todo-1' });
  });

  test('DateChangeReplacesWaiting: a new due time stops the waiting execution and waits for the new time', async () => {
    const run = await workflow.run(
      'DateChangeReplacesWaiting',
      todoChange({ modify: { from: { dueAt: MOVED }, to: { dueAt: DUE } } }),
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).toEqual([
      ...REMINDED.slice(0, 5),
      'Stop the replaced reminder',
      ...REMINDED.slice(5),
    ]);
    expect(parametersOf(run, 'stopExecution')).toEqual([
      { ExecutionArn: REPLACED, Error: 'ReminderReplaced', Cause: `The due time changed to ${DUE}` },
    ]);
  });

  test('ReplacedExecutionAlreadyGone: a replaced execution that cannot be stopped does not stop the new reminder', async () => {
    const run = await workflow.run(
      'ReplacedExecutionAlreadyGone',
      todoChange({ modify: { from: { dueAt: MOVED }, to: { dueAt: DUE } } }),
    );

    expect(run.output).toMatchObject({ status: 'sent' });
    expect(attemptsOf(run, 'Stop the replaced reminder').attempts).toBe(1);
  });

  test('CancelStopsWaiting: deleting the to-do stops its waiting reminder and nothing is sent', async () => {
    const run = await workflow.run('CancelStopsWaiting', todoChange({ remove: { dueAt: DUE } }));

    expect(run.output).toEqual({ status: 'cancelled', todoId: 'todo-1' });
    expect(run.entered.slice(-3)).toEqual([
      'Stop the replaced reminder',
      'Is a reminder wanted?',
      'Reminder cancelled',
    ]);
    expect(parametersOf(run, 'stopExecution')).toEqual([
      { ExecutionArn: REPLACED, Error: 'ReminderCancelled', Cause: 'The to-do was deleted' },
    ]);
    expect(published(run)).toEqual([]);
  });

  test('CancelStopsWaiting: completing the to-do stops its waiting reminder', async () => {
    const run = await workflow.run(
      'CancelStopsWaiting',
      todoChange({ modify: { from: { dueAt: DUE }, to: { dueAt: DUE, completed: true } } }),
    );

    expect(run.output).toEqual({ status: 'cancelled', todoId: 'todo-1' });
    expect(parametersOf(run, 'stopExecution')[0]).toMatchObject({
      Error: 'ReminderCancelled',
      Cause: 'The to-do was completed or its due time removed',
    });
  });

  test('CancelWithNothingWaiting: removing a due time nobody waited on records the cancellation only', async () => {
    const run = await workflow.run(
      'CancelWithNothingWaiting',
      todoChange({ modify: { from: { dueAt: DUE }, to: {} } }),
    );

    expect(run.output).toEqual({ status: 'cancelled', todoId: 'todo-1' });
    expect(run.entered).not.toContain('Stop the replaced reminder');
  });

  test('LaterChangeOwnsReminder: a repeated or out-of-order stream record leaves the reminder to the later change', async () => {
    const run = await workflow.run('LaterChangeOwnsReminder', todoChange({ insert: { dueAt: DUE } }));

    expect(run.output).toEqual({ status: 'superseded', todoId: 'todo-1' });
    expect(run.entered.slice(-2)).toEqual(['Claim the reminder', 'Skip: a later change owns the reminder']);
  });

  test.each([
    ['DeletedWhileWaiting', 'Skip: to-do deleted', 'deleted'],
    ['CompletedWhileWaiting', 'Skip: to-do completed', 'completed'],
    ['MovedWhileWaiting', 'Skip: due time moved', 'moved'],
  ])(
    '%s: no reminder for a to-do that is no longer due when the time comes',
    async (testCase, state, reason) => {
      const run = await workflow.run(testCase, todoChange({ insert: { dueAt: DUE } }));

      expect(run.output).toEqual({ status: 'skipped', reason, todoId: 'todo-1' });
      expect(run.entered.at(-1)).toBe(state);
      expect(published(run)).toEqual([]);
    },
  );

  test('ReplacedWhileWaiting: an execution that lost the reminder row while waiting sends nothing', async () => {
    const run = await workflow.run('ReplacedWhileWaiting', todoChange({ insert: { dueAt: DUE } }));

    expect(run.output).toEqual({ status: 'superseded', todoId: 'todo-1' });
    expect(published(run)).toEqual([]);
    const [, mark] = parametersOf(run, 'updateItem');
    expect(mark?.['ConditionExpression']).toBe('executionArn = :execution AND attribute_not_exists(sentAt)');
  });

  test('PublishThrottledThenSent: SNS throttling is retried with capped, jittered back-off', async () => {
    const run = await workflow.run('PublishThrottledThenSent', todoChange({ insert: { dueAt: DUE } }));

    expect(run.output).toMatchObject({ status: 'sent', messageId: 'reminder-2' });
    const { attempts, waits } = attemptsOf(run, 'Notify the user');
    expect(attempts).toBe(3);
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(2 * 2 ** i));
  });

  test('PublishFailsForGood: after the retries run out the execution fails as ReminderFailed, saying why', async () => {
    const run = await workflow.run('PublishFailsForGood', todoChange({ insert: { dueAt: DUE } }));

    expect(run).toMatchObject({
      status: 'FAILED',
      error: 'ReminderFailed',
      cause: 'SNS.ThrottledException: Rate exceeded',
    });
    expect(attemptsOf(run, 'Notify the user').attempts).toBe(6);
  });

  test('ClaimFailsForGood: a table that stays throttled fails the execution as ReminderFailed', async () => {
    const run = await workflow.run('ClaimFailsForGood', todoChange({ insert: { dueAt: DUE } }));

    expect(run).toMatchObject({ status: 'FAILED', error: 'ReminderFailed' });
    expect(attemptsOf(run, 'Claim the reminder').attempts).toBe(5);
    expect(run.entered.at(-1)).toBe('Reminder failed');
  });

  test('a due time that is not a UTC timestamp fails as InvalidDueTime instead of waiting', async () => {
    const run = await workflow.run('CancelWithNothingWaiting', todoChange({ insert: { dueAt: 'tomorrow' } }));

    expect(run).toMatchObject({
      status: 'FAILED',
      error: 'InvalidDueTime',
      cause: 'dueAt tomorrow is not a UTC timestamp such as 2030-01-31T09:00:00Z',
    });
    expect(run.entered).not.toContain('Wait until the due time');
  });

  test.each([
    ['an empty batch', []],
    ['a record of another table', [{ eventName: 'INSERT', dynamodb: { Keys: { email: { S: 'a@b.c' } } } }]],
    [
      'a record without a sequence number',
      [{ eventName: 'INSERT', dynamodb: { Keys: { userId: { S: 'u' }, todoId: { S: 't' } } } }],
    ],
  ])('%s is refused as MalformedStreamRecord before any task runs', async (_what, input) => {
    const run = await workflow.run('NoTasks', input);

    expect(run).toMatchObject({ status: 'FAILED', error: 'MalformedStreamRecord' });
    expect(run.entered).toEqual(['Read the change', 'Is it a to-do change?', 'Not a to-do stream record']);
  });
});
