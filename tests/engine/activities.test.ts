import { activityArn } from '../../packages/sfn-engine/src/service/activities/activity-arn';
import type { ActivityWork } from '../../packages/sfn-engine/src/service/activities/task-queue';
import type { StepFunctionsEngine } from '../../packages/sfn-engine/src/engine';
import type { HistoryEvent } from '../../packages/sfn-engine/src/execution/history';
import type { Json, JsonObject } from '../../packages/asl/src/json';
import { engineWith } from './harness';

const REVIEW = activityArn('us-east-1', '123456789012', 'review');

/** An engine on virtual time with the activity `review`; polls wait `pollMs` of real time. */
function engineWithReview(pollMs = 10_000): StepFunctionsEngine {
  const engine = engineWith({}, { activityPollMs: pollMs });
  engine.activities.create('review');
  return engine;
}

const reviewTask = (fields: JsonObject = {}): JsonObject => ({
  StartAt: 'Review',
  States: { Review: { Type: 'Task', Resource: REVIEW, End: true, ...fields } },
});

let counter = 0;
function start(engine: StepFunctionsEngine, definition: JsonObject, input: Json = {}): string {
  counter += 1;
  const { stateMachineArn } = engine.createStateMachine({ name: `activity-${counter}`, definition });
  return engine.startExecution({ stateMachineArn, input }).executionArn;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function untilEvent(engine: StepFunctionsEngine, arn: string, type: string): Promise<void> {
  while (!engine.recordedHistory(arn).some((event) => event.type === type)) await settle();
}

/** The events from the Task's entry on, as GetExecutionHistory shows them, without timestamps. */
function taskEvents(engine: StepFunctionsEngine, arn: string): Omit<HistoryEvent, 'timestamp'>[] {
  return engine
    .getExecutionHistory(arn)
    .slice(1)
    .map(({ timestamp: _timestamp, ...event }) => event);
}

const timestampOf = (engine: StepFunctionsEngine, arn: string, type: string): number =>
  engine.recordedHistory(arn).find((event) => event.type === type)?.timestamp ?? NaN;

async function takeTask(engine: StepFunctionsEngine, workerName?: string): Promise<ActivityWork> {
  const work = await engine.activities.getTask(REVIEW, workerName);
  if (work === undefined) throw new Error('no task reached the worker');
  return work;
}

describe('an activity Task', () => {
  test('a worker gets the effective input and a token, and SendTaskSuccess completes the task with its output', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ Parameters: { 'order.$': '$.id' } }), { id: 7 });
    const work = await takeTask(engine, 'reviewer-1');
    expect(JSON.parse(work.input)).toEqual({ order: 7 });
    engine.sendTaskSuccess(work.taskToken, '{"approved":true}');
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    expect(taskEvents(engine, arn)).toEqual([
      {
        id: 2,
        previousEventId: 0,
        type: 'TaskStateEntered',
        stateEnteredEventDetails: { name: 'Review', input: '{"id":7}', inputDetails: { truncated: false } },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'ActivityScheduled',
        activityScheduledEventDetails: {
          resource: REVIEW,
          input: '{"order":7}',
          inputDetails: { truncated: false },
        },
      },
      {
        id: 4,
        previousEventId: 3,
        type: 'ActivityStarted',
        activityStartedEventDetails: { workerName: 'reviewer-1' },
      },
      {
        id: 5,
        previousEventId: 4,
        type: 'ActivitySucceeded',
        activitySucceededEventDetails: { output: '{"approved":true}', outputDetails: { truncated: false } },
      },
      {
        id: 6,
        previousEventId: 5,
        type: 'TaskStateExited',
        stateExitedEventDetails: {
          name: 'Review',
          output: '{"approved":true}',
          outputDetails: { truncated: false },
        },
      },
      {
        id: 7,
        previousEventId: 6,
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: '{"approved":true}', outputDetails: { truncated: false } },
      },
    ]);
  });

  test('ActivityScheduled carries TimeoutSeconds and HeartbeatSeconds', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ TimeoutSeconds: 60, HeartbeatSeconds: 10 }));
    engine.sendTaskSuccess((await takeTask(engine, 'w')).taskToken, '{}');
    await engine.waitForExecution(arn);
    const scheduled = engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityScheduled');
    expect(scheduled?.['activityScheduledEventDetails']).toEqual({
      resource: REVIEW,
      input: '{}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 60,
      heartbeatInSeconds: 10,
    });
  });

  test('a worker that gives no name is recorded with empty ActivityStarted details', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask());
    engine.sendTaskSuccess((await takeTask(engine)).taskToken, '{}');
    await engine.waitForExecution(arn);
    const started = engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityStarted');
    expect(started?.['activityStartedEventDetails']).toEqual({});
  });

  test('SendTaskFailure fails the task with ActivityFailed, and the execution with its error and cause', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask());
    engine.sendTaskFailure((await takeTask(engine, 'w')).taskToken, 'Rejected', 'not in stock');
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'not in stock' });
    expect(taskEvents(engine, arn).map((e) => e.type)).toEqual([
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityFailed',
      'ExecutionFailed',
    ]);
    const failed = engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityFailed');
    expect(failed?.['activityFailedEventDetails']).toEqual({ error: 'Rejected', cause: 'not in stock' });
  });

  test('an ActivityFailed is caught like any task error', async () => {
    const engine = engineWithReview();
    const definition: JsonObject = {
      StartAt: 'Review',
      States: {
        Review: {
          Type: 'Task',
          Resource: REVIEW,
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.why', Next: 'Refund' }],
          End: true,
        },
        Refund: { Type: 'Pass', End: true },
      },
    };
    const arn = start(engine, definition, { order: 1 });
    engine.sendTaskFailure((await takeTask(engine, 'w')).taskToken, 'Rejected', 'damaged');
    const done = await engine.waitForExecution(arn);
    expect(JSON.parse(done.output as string)).toEqual({
      order: 1,
      why: { Error: 'Rejected', Cause: 'damaged' },
    });
  });

  test('a Task on an activity that does not exist fails the execution with States.Runtime before scheduling', async () => {
    const engine = engineWithReview();
    engine.activities.delete(REVIEW);
    const arn = start(engine, reviewTask());
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: `An error occurred while executing the state 'Review' (entered at the event id #2). The activity ${REVIEW} does not exist.`,
    });
    expect(taskEvents(engine, arn).map((e) => e.type)).toEqual(['TaskStateEntered', 'ExecutionFailed']);
  });
});

describe('activity timeouts and heartbeats (virtual time)', () => {
  test('neither TimeoutSeconds nor HeartbeatSeconds runs while the task waits for a worker', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ TimeoutSeconds: 5, HeartbeatSeconds: 2 }));
    await untilEvent(engine, arn, 'ActivityScheduled');
    await engine.clock.sleep(3_600_000);
    expect(engine.describeExecution(arn).status).toBe('RUNNING');
    engine.sendTaskSuccess((await takeTask(engine, 'late')).taskToken, '"done"');
    expect(await engine.waitForExecution(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
  });

  test('TimeoutSeconds runs from ActivityStarted: a worker that never answers times the task out with States.Timeout', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ TimeoutSeconds: 5 }));
    await untilEvent(engine, arn, 'ActivityScheduled');
    await engine.clock.sleep(60_000);
    const work = await takeTask(engine, 'slow');
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(timestampOf(engine, arn, 'ActivityTimedOut') - timestampOf(engine, arn, 'ActivityStarted')).toBe(
      5000,
    );
    const timedOut = engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityTimedOut');
    expect(timedOut?.['activityTimedOutEventDetails']).toEqual({ error: 'States.Timeout' });
    expect(() => engine.sendTaskSuccess(work.taskToken, '{}')).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  test('heartbeats keep a started task alive past HeartbeatSeconds', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ TimeoutSeconds: 100, HeartbeatSeconds: 10 }));
    const { taskToken } = await takeTask(engine, 'steady');
    for (let beat = 0; beat < 3; beat += 1) {
      await engine.clock.sleep(8_000);
      engine.sendTaskHeartbeat(taskToken);
    }
    await engine.clock.sleep(8_000);
    engine.sendTaskSuccess(taskToken, '"reviewed"');
    expect(await engine.waitForExecution(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"reviewed"' });
  });

  test('a started task without a heartbeat for HeartbeatSeconds times out with States.HeartbeatTimeout', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask({ HeartbeatSeconds: 10 }));
    const { taskToken } = await takeTask(engine, 'silent');
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect(timestampOf(engine, arn, 'ActivityTimedOut') - timestampOf(engine, arn, 'ActivityStarted')).toBe(
      10_000,
    );
    const timedOut = engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityTimedOut');
    expect(timedOut?.['activityTimedOutEventDetails']).toEqual({ error: 'States.HeartbeatTimeout' });
    expect(() => engine.sendTaskHeartbeat(taskToken)).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  test('the state machine TimeoutSeconds bounds a task no worker takes', async () => {
    const engine = engineWithReview(50);
    const arn = start(engine, { ...reviewTask(), TimeoutSeconds: 30 });
    const done = await engine.waitForExecution(arn);
    // As the service describes a timed-out execution: the error is in the history, not here.
    expect(done).toMatchObject({ status: 'TIMED_OUT' });
    expect(done).not.toHaveProperty('error');
    // Nothing is left for a worker to take.
    await expect(engine.activities.getTask(REVIEW, 'too-late')).resolves.toBeUndefined();
  });
});

describe('GetActivityTask', () => {
  test('a poll opened before the task is scheduled is answered with it, first poll first', async () => {
    const engine = engineWithReview();
    const first = engine.activities.getTask(REVIEW, 'first');
    const second = engine.activities.getTask(REVIEW, 'second');
    const one = start(engine, reviewTask(), { n: 1 });
    const work = await first;
    expect(JSON.parse(work?.input ?? '')).toEqual({ n: 1 });
    const two = start(engine, reviewTask(), { n: 2 });
    const later = await second;
    expect(JSON.parse(later?.input ?? '')).toEqual({ n: 2 });
    engine.sendTaskSuccess(work?.taskToken ?? '', '{}');
    engine.sendTaskSuccess(later?.taskToken ?? '', '{}');
    await engine.waitForExecution(one);
    await engine.waitForExecution(two);
    const worker = (arn: string) =>
      engine.getExecutionHistory(arn).find((e) => e.type === 'ActivityStarted')?.[
        'activityStartedEventDetails'
      ];
    expect([worker(one), worker(two)]).toEqual([{ workerName: 'first' }, { workerName: 'second' }]);
  });

  test('tasks waiting for a worker are handed out in the order they were scheduled', async () => {
    const engine = engineWithReview();
    const one = start(engine, reviewTask(), { n: 1 });
    await untilEvent(engine, one, 'ActivityScheduled');
    const two = start(engine, reviewTask(), { n: 2 });
    await untilEvent(engine, two, 'ActivityScheduled');
    expect(JSON.parse((await takeTask(engine)).input)).toEqual({ n: 1 });
    expect(JSON.parse((await takeTask(engine)).input)).toEqual({ n: 2 });
  });

  test('a poll with nothing scheduled answers without a task once its time is up', async () => {
    const engine = engineWithReview(50);
    const began = Date.now();
    await expect(engine.activities.getTask(REVIEW, 'idle')).resolves.toBeUndefined();
    expect(Date.now() - began).toBeGreaterThanOrEqual(45);
    expect(engine.activities.openPolls).toBe(0);
  });

  test('halting the engine answers open polls at once, and later ones without waiting', async () => {
    const engine = engineWithReview(60_000);
    const open = engine.activities.getTask(REVIEW, 'waiting');
    await engine.halt();
    await expect(open).resolves.toBeUndefined();
    await expect(engine.activities.getTask(REVIEW, 'after')).resolves.toBeUndefined();
  });

  test('StopExecution withdraws a task no worker has taken', async () => {
    const engine = engineWithReview(50);
    const arn = start(engine, reviewTask());
    await untilEvent(engine, arn, 'ActivityScheduled');
    engine.stopExecution(arn, { error: 'Cancelled', cause: 'by the customer' });
    expect(await engine.waitForExecution(arn)).toMatchObject({ status: 'ABORTED' });
    expect(taskEvents(engine, arn).map((e) => e.type)).toEqual([
      'TaskStateEntered',
      'ActivityScheduled',
      'ExecutionAborted',
    ]);
    await expect(engine.activities.getTask(REVIEW, 'too-late')).resolves.toBeUndefined();
  });

  test('StopExecution of a started task ends it: the worker can no longer answer it', async () => {
    const engine = engineWithReview();
    const arn = start(engine, reviewTask());
    const { taskToken } = await takeTask(engine, 'busy');
    engine.stopExecution(arn);
    expect(await engine.waitForExecution(arn)).toMatchObject({ status: 'ABORTED' });
    expect(() => engine.sendTaskSuccess(taskToken, '{}')).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
  });

  test('each iteration of a Map schedules its own activity task', async () => {
    const engine = engineWithReview();
    const definition: JsonObject = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Review',
            States: { Review: { Type: 'Task', Resource: REVIEW, End: true } },
          },
          End: true,
        },
      },
    };
    const arn = start(engine, definition, [{ n: 1 }, { n: 2 }]);
    const inputs: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const work = await takeTask(engine, `w${i}`);
      const { n } = JSON.parse(work.input) as { n: number };
      inputs.push(n);
      engine.sendTaskSuccess(work.taskToken, JSON.stringify({ reviewed: n }));
    }
    expect(inputs.sort()).toEqual([1, 2]);
    const done = await engine.waitForExecution(arn);
    expect(JSON.parse(done.output as string)).toEqual([{ reviewed: 1 }, { reviewed: 2 }]);
  });
});
