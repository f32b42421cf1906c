import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith, fail, fn, runDefinition } from './harness';

const flaky = fn('flaky');

/** Seconds of virtual time between consecutive attempts of the task, read from history. */
async function retryGaps(retrier: JsonObject, failures: number): Promise<number[]> {
  let calls = 0;
  const tasks = {
    [flaky]: () => {
      calls += 1;
      if (calls <= failures) throw fail('Boom');
      return 'ok';
    },
  };
  const definition = {
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: flaky, Retry: [{ ErrorEquals: ['Boom'], ...retrier }], End: true },
    },
  };
  const { engine, execution } = await runDefinition(definition, {}, tasks);
  const scheduled = engine
    .getExecutionHistory(execution.executionArn)
    .filter((e) => e.type === 'LambdaFunctionScheduled')
    .map((e) => e.timestamp.getTime());
  return scheduled.slice(1).map((t, i) => (t - (scheduled[i] as number)) / 1000);
}

describe('Retry back-off in virtual time', () => {
  test('IntervalSeconds grows by BackoffRate with each attempt', async () => {
    expect(await retryGaps({ IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }, 3)).toEqual([2, 4, 8]);
  });

  test('the defaults are one second doubling', async () => {
    expect(await retryGaps({}, 3)).toEqual([1, 2, 4]);
  });

  test('MaxDelaySeconds caps the wait', async () => {
    expect(
      await retryGaps({ IntervalSeconds: 3, BackoffRate: 3, MaxAttempts: 4, MaxDelaySeconds: 10 }, 4),
    ).toEqual([3, 9, 10, 10]);
  });

  test('BackoffRate 1 keeps the interval constant', async () => {
    expect(await retryGaps({ IntervalSeconds: 5, BackoffRate: 1, MaxAttempts: 3 }, 3)).toEqual([5, 5, 5]);
  });

  test('FULL jitter waits a random part of the capped delay', async () => {
    const gaps = await retryGaps(
      { IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
      5,
    );
    const caps = [10, 20, 30, 30, 30];
    expect(gaps).toHaveLength(5);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(caps[i] as number);
    });
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });
});

describe('Wait in virtual time', () => {
  const elapsed = async (state: JsonObject, input: JsonObject = {}) => {
    const { execution } = await runDefinition(
      { StartAt: 'W', States: { W: { ...state, Type: 'Wait', End: true } } },
      input,
    );
    expect(execution.status).toBe('SUCCEEDED');
    return ((execution.stopDate as Date).getTime() - execution.startDate.getTime()) / 1000;
  };

  test('Seconds waits that long', async () => {
    expect(await elapsed({ Seconds: 3600 })).toBe(3600);
  });

  test('SecondsPath reads the input', async () => {
    expect(await elapsed({ SecondsPath: '$.s' }, { s: 90 })).toBe(90);
  });

  test('Timestamp waits until that time', async () => {
    // The virtual clock starts at 2026-01-01T00:00:00Z.
    expect(await elapsed({ Timestamp: '2026-01-02T00:00:00Z' })).toBe(86_400);
  });

  test('TimestampPath in the past does not wait', async () => {
    expect(await elapsed({ TimestampPath: '$.t' }, { t: '2020-01-01T00:00:00Z' })).toBe(0);
  });

  test('a negative SecondsPath is States.Runtime', async () => {
    const { execution } = await runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
      { s: -1 },
    );
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('a Wait state needs exactly one duration field', () => {
    expect(() =>
      engineWith().createStateMachine({
        name: 'w',
        definition: {
          StartAt: 'W',
          States: { W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } },
        },
      }),
    ).toThrow(
      /There should only be one of the following fields: \[SecondsPath, Seconds, TimestampPath, Timestamp\]/,
    );
  });

  test('a workflow with a day of waits finishes at once in virtual time', async () => {
    const started = Date.now();
    await elapsed({ Seconds: 86_400 });
    // A day of waits in under a minute of real time: 1,440 times faster at the least, so no
    // busy machine makes this pass or fail by luck.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('Execution TimeoutSeconds', () => {
  test('an execution that runs past its TimeoutSeconds times out', async () => {
    const { engine, execution } = await runDefinition({
      TimeoutSeconds: 60,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 120, End: true } },
    });
    expect(execution).toMatchObject({ status: 'TIMED_OUT' });
    const types = engine.getExecutionHistory(execution.executionArn).map((e) => e.type);
    expect(types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
  });

  test('as the service records it: ExecutionTimedOut follows no event and names only the error; DescribeExecution has neither error nor cause', async () => {
    const { engine, execution } = await runDefinition({
      TimeoutSeconds: 3,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 25, End: true } },
    });
    expect(execution).not.toHaveProperty('error');
    expect(execution).not.toHaveProperty('cause');
    expect(engine.getExecutionHistory(execution.executionArn).at(-1)).toEqual({
      id: 3,
      previousEventId: 0,
      timestamp: expect.any(Date) as unknown,
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });
});
