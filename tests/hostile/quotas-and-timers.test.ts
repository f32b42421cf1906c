import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type Clock, RealClock, VirtualClock } from '../../packages/sfn-engine/src/clock';
import {
  type EngineOptions,
  StepFunctionsEngine,
  type StateMachineType,
} from '../../packages/sfn-engine/src/engine';
import type { RecordedEvent } from '../../packages/sfn-engine/src/execution/history';
import type { TaskInvocation } from '../../packages/sfn-engine/src/execution/services';
import { JournalFile } from '../../packages/sfn-engine/src/service/journal/journal-file';
import type { Json, JsonObject } from '../../packages/asl/src/json';
import { startLocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { stopAll } from '../support/stop-all';

// The service's quotas on one execution (25,000 history events) and its timers (any Wait or
// timeout up to a year), and fairness: no execution keeps the API from answering. Each test
// stops what it started, even when it fails; none has a wall-clock budget a busy machine could
// exceed: real time is used only to show a timer does NOT fire, against a shorter one that did.

const DAY_S = 86_400;
const YEAR_S = 365 * DAY_S;
const START = Date.parse('2026-01-01T00:00:00.000Z');

const stops: (() => unknown)[] = [];
afterEach(async () => {
  await stopAll(...stops.splice(0).reverse());
});

let machines = 0;

/** An engine whose running executions are stopped after the test. */
function engineOn(clock: Clock, options: Omit<EngineOptions, 'clock'> = {}): StepFunctionsEngine {
  const engine = new StepFunctionsEngine({ clock, ...options });
  stops.push(() => {
    for (const execution of engine.listExecutions({ statusFilter: 'RUNNING' }))
      engine.stopExecution(execution.executionArn);
  });
  return engine;
}

function start(
  engine: StepFunctionsEngine,
  definition: JsonObject,
  type: StateMachineType = 'STANDARD',
  input: Json = {},
): string {
  machines += 1;
  const { stateMachineArn } = engine.createStateMachine({ name: `quota-${machines}`, definition, type });
  return engine.startExecution({ stateMachineArn, input }).executionArn;
}

const waitFor = (seconds: object): JsonObject => ({
  StartAt: 'W',
  States: { W: { Type: 'Wait', ...seconds, End: true } as JsonObject },
});

/** A task that never answers, and gives up when stopped (as every real integration does). */
const answersOnlyAbort = ({ signal }: TaskInvocation): Promise<Json> =>
  new Promise((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
  );

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await settle();
}

const event = (events: readonly RecordedEvent[], type: string): RecordedEvent | undefined =>
  events.find((e) => e.type === type);

/**
 * Runs `definition` beside a one-second Wait started after it, on real time, and returns how the
 * first stood when the one-second Wait ended: a timer that fires at once has fired by then.
 */
async function standingAfterOneSecond(definition: JsonObject, engine = engineOn(new RealClock())) {
  const arn = start(engine, definition);
  await until(() => engine.recordedHistory(arn).length > 1);
  const short = start(engine, waitFor({ Seconds: 1 }));
  await engine.waitForExecution(short);
  return { engine, arn, status: engine.describeExecution(arn).status };
}

describe('quotas of one execution', () => {
  test('a loop that never ends fails at 25,000 history events with States.Runtime, as the service ends it', async () => {
    const engine = engineOn(new VirtualClock());
    // The service refuses a machine with no terminal state, so the loop has an end it never takes.
    const arn = start(engine, {
      StartAt: 'Again',
      States: {
        Again: { Type: 'Pass', Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
          Default: 'Again',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const events = engine.recordedHistory(arn);
    expect(events).toHaveLength(25_000);
    // Event 25,000 is the failure itself; 24,999 is the last the machine made.
    expect(events[24_999]).toMatchObject({ id: 25_000, type: 'ExecutionFailed', previousEventId: 24_999 });
    expect(events[24_998]).toMatchObject({ id: 24_999, type: 'PassStateExited' });
    expect(done.redriveStatus).toBe('NOT_REDRIVABLE');
  });

  test("an inline Map's iterations count in its execution's 25,000 events", async () => {
    const engine = engineOn(new VirtualClock());
    const arn = start(engine, {
      QueryLanguage: 'JSONata',
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          Items: '{% [1..10000] %}',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    const events = engine.recordedHistory(arn);
    expect(events).toHaveLength(25_000);
    // Stopped mid-Map: no MapStateExited, and no event after the quota but the failure.
    expect(event(events, 'MapStateExited')).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ id: 25_000, type: 'ExecutionFailed' });
  });

  test('an Express execution has no history quota (the service keeps no history for it); past 25,000 events it keeps only the first 25,000', async () => {
    const engine = engineOn(new VirtualClock());
    const arn = start(
      engine,
      {
        StartAt: 'Count',
        States: {
          Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Check' },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericLessThan: 10_000, Next: 'Count' }],
            Default: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      'EXPRESS',
      { n: 0 },
    );
    const done = await engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"n":10000}' });
    const kept = engine.recordedHistory(done.executionArn).length;
    expect(kept).toBeLessThanOrEqual(25_000);
    expect(kept).toBeGreaterThan(24_990);
  });

  test('an Express execution times out at five minutes, the longest the service lets one run', async () => {
    const engine = engineOn(new VirtualClock({ start: START }));
    const done = await engine.waitForExecution(start(engine, waitFor({ Seconds: 400 }), 'EXPRESS'));
    expect(done).toMatchObject({ status: 'TIMED_OUT' });
    expect(done.stopDate?.getTime()).toBe(done.startDate.getTime() + 300_000);
  });

  test("an Express execution's shorter TimeoutSeconds still applies", async () => {
    const engine = engineOn(new VirtualClock({ start: START }));
    const done = await engine.waitForExecution(
      start(engine, { TimeoutSeconds: 60, ...waitFor({ Seconds: 400 }) }, 'EXPRESS'),
    );
    expect(done).toMatchObject({ status: 'TIMED_OUT' });
    expect(done.stopDate?.getTime()).toBe(done.startDate.getTime() + 60_000);
  });
});

describe('timers longer than Node holds (2^31-1 ms, 24.8 days)', () => {
  test('a 30-day Wait is still waiting after a 1-second Wait started after it has ended', async () => {
    const { status } = await standingAfterOneSecond(waitFor({ Seconds: 30 * DAY_S }));
    expect(status).toBe('RUNNING');
  });

  test('a Wait until a Timestamp in 2030 is still waiting after a 1-second Wait has ended', async () => {
    const { status } = await standingAfterOneSecond(waitFor({ Timestamp: '2030-01-01T00:00:00Z' }));
    expect(status).toBe('RUNNING');
  });

  test('an execution TimeoutSeconds of a year (the maximum) has not timed out after a second', async () => {
    const { status } = await standingAfterOneSecond({
      TimeoutSeconds: YEAR_S,
      ...waitFor({ Seconds: 2 * DAY_S }),
    });
    expect(status).toBe('RUNNING');
  });

  test('a Task with a TimeoutSeconds of a year has not timed out after a second', async () => {
    const engine = engineOn(new RealClock(), {
      // The task never answers: only its timeout can end it.
      resolver: { invoke: answersOnlyAbort },
    });
    const { status, arn } = await standingAfterOneSecond(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: YEAR_S, End: true },
        },
      },
      engine,
    );
    expect(status).toBe('RUNNING');
    expect(event(engine.recordedHistory(arn), 'TaskTimedOut')).toBeUndefined();
  });

  test('in virtual time, a 30-day Wait ends exactly 30 days after it began', async () => {
    const engine = engineOn(new VirtualClock({ start: START }));
    const done = await engine.waitForExecution(start(engine, waitFor({ Seconds: 30 * DAY_S })));
    expect(done.status).toBe('SUCCEEDED');
    const events = engine.recordedHistory(done.executionArn);
    const entered = event(events, 'WaitStateEntered')?.timestamp as number;
    expect(event(events, 'WaitStateExited')?.timestamp).toBe(entered + 30 * DAY_S * 1000);
  });

  test('in virtual time, a Wait until 2030 ends at that instant', async () => {
    const engine = engineOn(new VirtualClock({ start: START }));
    const done = await engine.waitForExecution(start(engine, waitFor({ Timestamp: '2030-01-01T00:00:00Z' })));
    expect(done.stopDate?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  test('in virtual time, an execution TimeoutSeconds of a year times out exactly a year after it started', async () => {
    const engine = engineOn(new VirtualClock({ start: START }));
    const done = await engine.waitForExecution(
      start(engine, { TimeoutSeconds: YEAR_S, ...waitFor({ Seconds: 400 * DAY_S }) }),
    );
    expect(done).toMatchObject({ status: 'TIMED_OUT' });
    expect(done.stopDate?.getTime()).toBe(done.startDate.getTime() + YEAR_S * 1000);
  });

  test('in virtual time, a Task with a TimeoutSeconds of a year fails States.Timeout exactly a year after it was scheduled', async () => {
    // A task that never answers holds virtual time still for 20 ms of real time, then time moves.
    const engine = engineOn(new VirtualClock({ start: START, maxHoldMs: 20 }), {
      resolver: { invoke: answersOnlyAbort },
    });
    const done = await engine.waitForExecution(
      start(engine, {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: YEAR_S, End: true },
        },
      }),
    );
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const events = engine.recordedHistory(done.executionArn);
    const scheduled = event(events, 'TaskScheduled')?.timestamp as number;
    expect(event(events, 'TaskTimedOut')?.timestamp).toBe(scheduled + YEAR_S * 1000);
  });

  test('a 30-day Wait resumed from --data-dir 10 days later waits the 20 days left, not 30 more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quota-journal-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    // The first process: its clock never moves, so the Wait is in progress when it "dies".
    const frozen: Clock = {
      now: () => START,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
        ),
      track: (work) => work,
    };
    const first = JournalFile.open(dir, 10_000);
    const before = new StepFunctionsEngine({ clock: frozen, journal: first.journal });
    const arn = start(before, waitFor({ Seconds: 30 * DAY_S }));
    await until(() => event(before.recordedHistory(arn), 'WaitStateEntered') !== undefined);
    first.journal.close();

    const second = JournalFile.open(dir, 10_000);
    stops.push(() => second.journal.close());
    const after = engineOn(new VirtualClock({ start: START + 10 * DAY_S * 1000 }), {
      journal: second.journal,
    });
    expect(after.restore(second.snapshot)).toEqual([arn]);
    const done = await after.waitForExecution(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate?.getTime()).toBe(START + 30 * DAY_S * 1000);
  });
});

describe('fairness', () => {
  test('a 50,000-item inline Map lets DescribeStateMachine answer while it runs', async () => {
    const server = await startLocalStepFunctions({
      port: 0,
      clock: new RealClock(),
      target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
      log: () => undefined,
    });
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    stops.push(
      () => server.close(),
      () => sfn.destroy(),
      () => {
        for (const execution of server.engine.listExecutions({ statusFilter: 'RUNNING' }))
          server.engine.stopExecution(execution.executionArn);
      },
    );
    const { stateMachineArn } = server.engine.createStateMachine({
      name: 'long-map',
      type: 'EXPRESS',
      definition: {
        QueryLanguage: 'JSONata',
        StartAt: 'Map',
        States: {
          Map: {
            Type: 'Map',
            Items: '{% [1..50000] %}',
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            Output: '{% $count($states.result) %}',
            End: true,
          },
        },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const arn = executionArn as string;
    await until(() => event(server.engine.recordedHistory(arn), 'MapIterationStarted') !== undefined);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    // Read in the same turn the answer arrived: the Map was still running when it was answered.
    const status = server.engine.describeExecution(arn).status;
    expect(described.name).toBe('long-map');
    expect(status).toBe('RUNNING');
    const done = await server.engine.waitForExecution(arn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '50000' });
  });
});
