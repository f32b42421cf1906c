import { Activities } from '../../packages/sfn-engine/src/service/activities/activities';
import { activityArn } from '../../packages/sfn-engine/src/service/activities/activity-arn';
import { ActivityTaskQueue } from '../../packages/sfn-engine/src/service/activities/task-queue';

const now = () => Date.parse('2026-01-01T00:00:00Z');
const activities = (quota?: number) =>
  new Activities({ region: 'us-east-1', accountId: '123456789012', now, quota, pollMs: 20 });
const arnOf = (name: string) => activityArn('us-east-1', '123456789012', name);

describe('the activity registry', () => {
  test('CreateActivity names the activity by account, region and name, and DescribeActivity gives it back', () => {
    const registry = activities();
    const created = registry.create('review');
    expect(created).toEqual({
      activityArn: 'arn:aws:states:us-east-1:123456789012:activity:review',
      creationDate: new Date(now()),
      created: true,
    });
    expect(registry.describe(created.activityArn)).toEqual({
      activityArn: created.activityArn,
      name: 'review',
      creationDate: new Date(now()),
    });
  });

  test('creating an activity again by name answers with the existing one', () => {
    const registry = activities();
    const first = registry.create('review');
    expect(registry.create('review')).toEqual({ ...first, created: false });
    expect(registry.list()).toHaveLength(1);
  });

  test('a repeat with a different EncryptionConfiguration is ActivityAlreadyExists', () => {
    const registry = activities();
    registry.create('review');
    expect(() =>
      registry.create('review', { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/k' }),
    ).toThrow(expect.objectContaining({ name: 'ActivityAlreadyExists' }));
    // Spelling out the default is the same request.
    expect(registry.create('review', { type: 'AWS_OWNED_KEY' }).created).toBe(false);
  });

  test('an EncryptionConfiguration the service documents as invalid is InvalidEncryptionConfiguration', () => {
    const registry = activities();
    expect(() => registry.create('a', { type: 'CUSTOMER_MANAGED_KMS_KEY' })).toThrow(
      expect.objectContaining({ name: 'InvalidEncryptionConfiguration' }),
    );
    expect(() => registry.create('b', { type: 'AWS_OWNED_KEY', kmsDataKeyReusePeriodSeconds: 300 })).toThrow(
      expect.objectContaining({ name: 'InvalidEncryptionConfiguration' }),
    );
    expect(registry.list()).toEqual([]);
  });

  test.each([
    'activity name',
    'a<b',
    'a{b',
    'a[b',
    'a?b',
    'a*b',
    'a"b',
    'a#b',
    'a%b',
    'a\\b',
    'a^b',
    'a|b',
    'a~b',
    'a`b',
    'a$b',
    'a&b',
    'a,b',
    'a;b',
    'a:b',
    'a/b',
    '\u0000a',
    'a\u001f',
    'a\u007f',
    'a\u0085',
    'a\u009fb',
    '',
    'x'.repeat(81),
  ])('the name %j is InvalidName, with the name as the message', (name) => {
    expect(() => activities().create(name)).toThrow(
      expect.objectContaining({ name: 'InvalidName', message: `Invalid Name: '${name}'` }),
    );
  });

  test.each(['activity.name.v2', 'activity-name_123', 'x'.repeat(80), 'café-\u00a1', 'rocket-\u{1f680}'])(
    'the name %s is accepted',
    (name) => {
      expect(activities().create(name).activityArn).toBe(arnOf(name));
    },
  );

  test('an activity that does not exist is ActivityDoesNotExist naming its ARN', () => {
    const registry = activities();
    expect(() => registry.describe(arnOf('gone'))).toThrow(
      expect.objectContaining({
        name: 'ActivityDoesNotExist',
        message: `Activity Does Not Exist: '${arnOf('gone')}'`,
      }),
    );
  });

  test('text that is not an ARN, or the ARN of something else, is InvalidArn', () => {
    const registry = activities();
    expect(() => registry.describe('no_an_activity_arn')).toThrow(
      expect.objectContaining({
        name: 'InvalidArn',
        message: "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'",
      }),
    );
    const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';
    expect(() => registry.describe(machine)).toThrow(
      expect.objectContaining({
        name: 'InvalidArn',
        message: `Invalid Arn: 'Resource type not valid in this context: ${machine}'`,
      }),
    );
  });

  test('deleting an activity twice succeeds, and it is gone after the first', () => {
    const registry = activities();
    const { activityArn: arn } = registry.create('review');
    registry.delete(arn);
    registry.delete(arn);
    expect(registry.exists(arn)).toBe(false);
    expect(registry.list()).toEqual([]);
  });

  test('ListActivities lists them by name', () => {
    const registry = activities();
    for (const name of ['charlie', 'alpha', 'bravo']) registry.create(name);
    expect(registry.list().map((a) => a.name)).toEqual(['alpha', 'bravo', 'charlie']);
  });

  test('past the quota of registered activities, CreateActivity is ActivityLimitExceeded until one is deleted', () => {
    const registry = activities(2);
    registry.create('one');
    registry.create('two');
    expect(() => registry.create('three')).toThrow(
      expect.objectContaining({ name: 'ActivityLimitExceeded' }),
    );
    // A repeat of an existing one is not a new activity.
    expect(registry.create('two').created).toBe(false);
    registry.delete(arnOf('one'));
    expect(registry.create('three').created).toBe(true);
  });

  test('GetActivityTask on an activity that does not exist is ActivityDoesNotExist', async () => {
    await expect(activities().getTask(arnOf('gone'), 'w')).rejects.toMatchObject({
      name: 'ActivityDoesNotExist',
    });
  });
});

describe('the activity task queue', () => {
  test('past the open polls allowed per activity, another poll is ActivityWorkerLimitExceeded', async () => {
    const queue = new ActivityTaskQueue({ maxPollers: 2, pollMs: 60_000 });
    const open = [queue.poll(arnOf('a'), 'w1'), queue.poll(arnOf('a'), 'w2')];
    expect(() => queue.poll(arnOf('a'), 'w3')).toThrow(
      expect.objectContaining({ name: 'ActivityWorkerLimitExceeded' }),
    );
    // The limit is per activity.
    open.push(queue.poll(arnOf('b'), 'w4'));
    queue.close();
    await expect(Promise.all(open)).resolves.toEqual([undefined, undefined, undefined]);
  });

  test('a withdrawn task is not handed out', async () => {
    const queue = new ActivityTaskQueue({ pollMs: 20 });
    const withdraw = queue.enqueue({ activityArn: arnOf('a'), input: '{}', start: () => 'token' });
    withdraw();
    await expect(queue.poll(arnOf('a'), 'w')).resolves.toBeUndefined();
  });

  test('a task hands its token and input to the worker that takes it, told the worker name', async () => {
    const queue = new ActivityTaskQueue({ pollMs: 20 });
    const startedBy: (string | undefined)[] = [];
    queue.enqueue({
      activityArn: arnOf('a'),
      input: '{"n":1}',
      start: (worker) => {
        startedBy.push(worker);
        return 'token-1';
      },
    });
    await expect(queue.poll(arnOf('a'), 'w')).resolves.toEqual({ taskToken: 'token-1', input: '{"n":1}' });
    expect(startedBy).toEqual(['w']);
  });
});
