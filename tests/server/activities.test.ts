import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

let counter = 0;
const unique = (base: string) => `${base}-${(counter += 1)}`;

async function createActivity(name = unique('activity')): Promise<string> {
  return (await sfn.send(new CreateActivityCommand({ name }))).activityArn as string;
}

/** A machine whose one Task is the activity, and an execution of it. */
async function startOn(activityArn: string, input: object = {}, fields: object = {}): Promise<string> {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: unique('machine'),
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Review',
        States: { Review: { Type: 'Task', Resource: activityArn, End: true, ...fields } },
      }),
    }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return executionArn as string;
}

async function finished(executionArn: string) {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function historyTypes(executionArn: string): Promise<string[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return (events ?? []).map((event) => event.type as string);
}

describe('the activity API', () => {
  test('CreateActivity, a repeat of it, DescribeActivity, and DeleteActivity twice', async () => {
    const name = unique('review');
    const created = await sfn.send(new CreateActivityCommand({ name }));
    expect(created.activityArn).toBe(`arn:aws:states:us-east-1:123456789012:activity:${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    const repeated = await sfn.send(new CreateActivityCommand({ name }));
    expect(repeated).toMatchObject({ activityArn: created.activityArn, creationDate: created.creationDate });
    const described = await sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
    expect(described).toMatchObject({
      activityArn: created.activityArn,
      name,
      creationDate: created.creationDate,
    });
    await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await expect(
      sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn })),
    ).rejects.toMatchObject({
      name: 'ActivityDoesNotExist',
      message: `Activity Does Not Exist: '${created.activityArn}'`,
    });
  });

  test('a name the service refuses is InvalidName, an ARN that is not one is InvalidArn', async () => {
    await expect(sfn.send(new CreateActivityCommand({ name: 'activity name' }))).rejects.toMatchObject({
      name: 'InvalidName',
      message: "Invalid Name: 'activity name'",
    });
    await expect(
      sfn.send(new DescribeActivityCommand({ activityArn: 'no_an_activity_arn' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'",
    });
    await expect(
      sfn.send(new GetActivityTaskCommand({ activityArn: 'no_an_activity_arn' })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  test('ListActivities pages with maxResults and nextToken', async () => {
    const made = [await createActivity(), await createActivity(), await createActivity()];
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListActivitiesCommand({ maxResults: 2, nextToken }));
      expect((page.activities ?? []).length).toBeLessThanOrEqual(2);
      for (const activity of page.activities ?? []) {
        expect(activity.creationDate).toBeInstanceOf(Date);
        seen.push(activity.activityArn as string);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(seen).toEqual(expect.arrayContaining(made));
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('tags given to CreateActivity are the activity’s; a repeat does not change them', async () => {
    const name = unique('tagged');
    const { activityArn } = await sfn.send(
      new CreateActivityCommand({ name, tags: [{ key: 'team', value: 'blog' }] }),
    );
    await sfn.send(new CreateActivityCommand({ name, tags: [{ key: 'team', value: 'other' }] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn }))).tags).toEqual([
      { key: 'team', value: 'blog' },
    ]);
    await sfn.send(
      new TagResourceCommand({ resourceArn: activityArn, tags: [{ key: 'env', value: 'local' }] }),
    );
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn }))).tags).toEqual([
      { key: 'team', value: 'blog' },
      { key: 'env', value: 'local' },
    ]);
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    await expect(
      sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  test('tags that are not valid create nothing', async () => {
    const name = unique('badly-tagged');
    await expect(
      sfn.send(new CreateActivityCommand({ name, tags: [{ value: 'no key' }] as never })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const { activities } = await sfn.send(new ListActivitiesCommand({ maxResults: 1000 }));
    expect((activities ?? []).map((a) => a.name)).not.toContain(name);
  });

  test('GetActivityTask on an activity that was deleted is ActivityDoesNotExist', async () => {
    const activityArn = await createActivity();
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    await expect(
      sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' })),
    ).rejects.toMatchObject({
      name: 'ActivityDoesNotExist',
      message: `Activity Does Not Exist: '${activityArn}'`,
    });
  });
});

describe('activity workers over HTTP', () => {
  test('a worker polling before the execution starts gets the task, beats and answers it', async () => {
    const activityArn = await createActivity();
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'reviewer' }));
    // No HeartbeatSeconds: on the server's virtual time a heartbeat timer would fire before the worker's
    // request arrives (tests/engine/activities.test.ts covers heartbeats on virtual time).
    const executionArn = await startOn(activityArn, { order: 3 });
    const { taskToken, input } = await poll;
    expect(JSON.parse(input as string)).toEqual({ order: 3 });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }));
    const done = await finished(executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events?.[2]?.activityScheduledEventDetails).toEqual({
      resource: activityArn,
      input: '{"order":3}',
      inputDetails: { truncated: false },
    });
    expect(events?.[3]?.activityStartedEventDetails).toEqual({ workerName: 'reviewer' });
  });

  test('SendTaskFailure from a worker fails the execution with ActivityFailed', async () => {
    const activityArn = await createActivity();
    const executionArn = await startOn(activityArn);
    const { taskToken } = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Rejected', cause: 'out of stock' }));
    expect(await finished(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'out of stock',
    });
    expect(await historyTypes(executionArn)).toContain('ActivityFailed');
  });

  test('an open poll does not hold up other requests', async () => {
    const activityArn = await createActivity();
    let answered = false;
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'patient' })).then((work) => {
      answered = true;
      return work;
    });
    await sfn.send(new DescribeActivityCommand({ activityArn }));
    await sfn.send(new ListStateMachinesCommand({}));
    expect(answered).toBe(false);
    // Answered by the task of an execution started after the poll.
    const executionArn = await startOn(activityArn);
    const { taskToken } = await poll;
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
  });

  test('StopExecution of an execution waiting on an activity aborts it, and no worker gets the task', async () => {
    const activityArn = await createActivity();
    const executionArn = await startOn(activityArn);
    while (!(await historyTypes(executionArn)).includes('ActivityScheduled'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Cancelled' }));
    expect(await finished(executionArn)).toMatchObject({ status: 'ABORTED', error: 'Cancelled' });
    expect((await historyTypes(executionArn)).slice(-2)).toEqual(['ActivityScheduled', 'ExecutionAborted']);
    // Had the stopped execution's task stayed queued, this poll would get it at once.
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'late' }));
    const executionArn2 = await startOn(activityArn, { second: true });
    const { input, taskToken } = await poll;
    expect(JSON.parse(input as string)).toEqual({ second: true });
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await finished(executionArn2);
  });
});

describe('activities and the server’s lifetime', () => {
  test('closing the server answers an open poll instead of leaving it for its minute', async () => {
    const own = await startServer();
    const activityArn = (await own.sfn.send(new CreateActivityCommand({ name: 'closing' }))).activityArn;
    const poll = own.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' })).then(
      (work) => ({ answered: work }),
      (error: unknown) => ({ failed: error }),
    );
    while (own.server.engine.activities.openPolls === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const began = Date.now();
    await own.server.close();
    const outcome = await poll;
    own.sfn.destroy();
    expect(Date.now() - began).toBeLessThan(5000);
    // Either the empty answer reached the client before the socket closed, or the socket closed.
    if ('answered' in outcome) expect(outcome.answered.taskToken).toBeUndefined();
  });

  test('with --data-dir, activities and a resumed execution’s activity task survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'activities-server-'));
    const first = await startServer({ dataDir });
    const activityArn = (await first.sfn.send(new CreateActivityCommand({ name: 'durable' })))
      .activityArn as string;
    const { stateMachineArn } = await first.sfn.send(
      new CreateStateMachineCommand({
        name: 'durable-flow',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Review',
          States: { Review: { Type: 'Task', Resource: activityArn, End: true } },
        }),
      }),
    );
    const { executionArn } = await first.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"order":1}' }),
    );
    while (
      !first.server.engine.recordedHistory(executionArn as string).some((e) => e.type === 'ActivityScheduled')
    )
      await new Promise((resolve) => setTimeout(resolve, 5));
    first.sfn.destroy();
    await first.server.close();

    const second = await startServer({ dataDir });
    try {
      expect(second.server.resumed).toEqual([executionArn]);
      const described = await second.sfn.send(new DescribeActivityCommand({ activityArn }));
      expect(described.name).toBe('durable');
      const { taskToken, input } = await second.sfn.send(
        new GetActivityTaskCommand({ activityArn, workerName: 'w' }),
      );
      expect(JSON.parse(input as string)).toEqual({ order: 1 });
      await second.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '"done"' }));
      for (;;) {
        const { status, output } = await second.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (status === 'RUNNING') {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        expect({ status, output }).toEqual({ status: 'SUCCEEDED', output: '"done"' });
        break;
      }
    } finally {
      second.sfn.destroy();
      await second.server.close();
    }
  });
});
