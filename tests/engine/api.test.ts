import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith } from './harness';

const passing: JsonObject = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
const waiting: JsonObject = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } };
const named = (name: string) => expect.objectContaining({ name });

const SLOW = 'arn:aws:lambda:us-east-1:123456789012:function:slow';
/** A task that takes a few real milliseconds and remembers how many ran at once. */
function slowTask(): { run: () => Promise<number>; peak: () => number } {
  let running = 0;
  let peak = 0;
  return {
    run: async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 3));
      running -= 1;
      return 1;
    },
    peak: () => peak,
  };
}

describe('State machines', () => {
  test('create returns the ARN built from region, account and name', () => {
    const engine = engineWith({}, { region: 'eu-west-1', accountId: '111122223333' });
    expect(engine.createStateMachine({ name: 'orders', definition: passing }).stateMachineArn).toBe(
      'arn:aws:states:eu-west-1:111122223333:stateMachine:orders',
    );
  });

  test('an invalid name is InvalidName', () => {
    for (const name of ['', 'has space', 'a/b', 'x'.repeat(81), 'tab\there', 'quote"d']) {
      expect(() => engineWith().createStateMachine({ name, definition: passing })).toThrow(
        named('InvalidName'),
      );
    }
  });

  test('a definition that is not JSON is InvalidDefinition', () => {
    expect(() => engineWith().createStateMachine({ name: 'm', definition: '{not json' })).toThrow(
      named('InvalidDefinition'),
    );
  });

  test('InvalidDefinition names the path of each problem', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    expect(() => engineWith().createStateMachine({ name: 'm', definition })).toThrow(/\/States\/A\/Next/);
  });

  test('the same name with another definition is StateMachineAlreadyExists; the same request is idempotent', () => {
    const engine = engineWith();
    const first = engine.createStateMachine({ name: 'm', definition: passing });
    expect(engine.createStateMachine({ name: 'm', definition: passing })).toEqual(first);
    expect(() => engine.createStateMachine({ name: 'm', definition: waiting })).toThrow(
      named('StateMachineAlreadyExists'),
    );
  });

  test('describe, update, list and delete', () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    engine.updateStateMachine({ stateMachineArn, definition: waiting });
    expect(JSON.parse(engine.describeStateMachine(stateMachineArn).definition)).toEqual(waiting);
    expect(engine.listStateMachines().map((m) => m.name)).toEqual(['m']);
    engine.deleteStateMachine(stateMachineArn);
    expect(() => engine.describeStateMachine(stateMachineArn)).toThrow(named('StateMachineDoesNotExist'));
  });

  test('a malformed state machine ARN is InvalidArn', () => {
    expect(() =>
      engineWith().describeStateMachine('arn:aws:states:us-east-1:123456789012:activity:x'),
    ).toThrow(named('InvalidArn'));
  });
});

describe('Executions', () => {
  test('input that is not JSON is InvalidExecutionInput', () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    expect(() => engine.startExecution({ stateMachineArn, input: '{oops' })).toThrow(
      named('InvalidExecutionInput'),
    );
  });

  test('input over 256 KiB is InvalidExecutionInput', () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    expect(() =>
      engine.startExecution({ stateMachineArn, input: JSON.stringify({ s: 'x'.repeat(262_145) }) }),
    ).toThrow(named('InvalidExecutionInput'));
  });

  test('the input limit counts the UTF-8 bytes of the input as sent, its spaces and multi-byte characters included', () => {
    const engine = engineWith({}, { payloadLimitBytes: 100 });
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    // Seven bytes of JSON padded with spaces to 101 bytes; 48 two-byte characters, 104 bytes in all.
    const padded = `{"a":1}${' '.repeat(94)}`;
    const wide = JSON.stringify({ s: 'é'.repeat(48) });
    for (const input of [padded, wide]) {
      expect(() => engine.startExecution({ stateMachineArn, input })).toThrow(
        expect.objectContaining({
          name: 'InvalidExecutionInput',
          message: expect.stringContaining('larger than the 100 bytes') as unknown,
        }),
      );
    }
    expect(engine.startExecution({ stateMachineArn, input: `{"a":1}${' '.repeat(93)}` })).toBeDefined();
  });

  test('a name reused with other input is ExecutionAlreadyExists; the same start while running is idempotent', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: waiting });
    const first = engine.startExecution({ stateMachineArn, name: 'run-1', input: '{}' });
    expect(engine.startExecution({ stateMachineArn, name: 'run-1', input: '{}' })).toEqual(first);
    expect(() => engine.startExecution({ stateMachineArn, name: 'run-1', input: '{"a":1}' })).toThrow(
      named('ExecutionAlreadyExists'),
    );
    await engine.waitForExecution(first.executionArn);
    expect(() => engine.startExecution({ stateMachineArn, name: 'run-1', input: '{}' })).toThrow(
      named('ExecutionAlreadyExists'),
    );
  });

  test('an unknown execution is ExecutionDoesNotExist', () => {
    expect(() =>
      engineWith().describeExecution('arn:aws:states:us-east-1:123456789012:execution:m:nope'),
    ).toThrow(named('ExecutionDoesNotExist'));
  });

  test('StopExecution aborts a running execution with its error and cause', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      // Waits until its input says stop: a loop the service accepts needs a state that ends it.
      definition: {
        StartAt: 'W',
        States: {
          W: { Type: 'Wait', Seconds: 1, Next: 'Check' },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
            Default: 'W',
          },
          Done: { Type: 'Succeed' },
        },
      },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn });
    await engine.clock.sleep(30_000);
    engine.stopExecution(executionArn, { error: 'Manual', cause: 'operator stopped it' });
    const stopped = await engine.waitForExecution(executionArn);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'operator stopped it' });
    expect(engine.getExecutionHistory(executionArn).at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Manual', cause: 'operator stopped it' },
    });
  });

  test('as the service records a stop: ExecutionAborted right after the state it cut short, following no event, with empty details when none were given', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({
      name: 'waits',
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn });
    await engine.clock.sleep(1_000);
    engine.stopExecution(executionArn);
    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'ABORTED' });
    expect(engine.getExecutionHistory(executionArn).map(({ timestamp: _, ...event }) => event)).toEqual([
      expect.objectContaining({ id: 1, type: 'ExecutionStarted' }),
      expect.objectContaining({ id: 2, type: 'WaitStateEntered' }),
      { id: 3, previousEventId: 0, type: 'ExecutionAborted', executionAbortedEventDetails: {} },
    ]);
  });

  test('ListExecutions filters by status, newest first', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Y' }],
            Default: 'N',
          },
          Y: { Type: 'Succeed' },
          N: { Type: 'Fail' },
        },
      },
    });
    for (const [name, ok] of [
      ['a', true],
      ['b', false],
      ['c', true],
    ] as const)
      await engine.startSyncExecution({ stateMachineArn, name, input: JSON.stringify({ ok }) });
    expect(engine.listExecutions({ stateMachineArn, statusFilter: 'SUCCEEDED' }).map((e) => e.name)).toEqual([
      'c',
      'a',
    ]);
    expect(engine.listExecutions({ stateMachineArn, statusFilter: 'FAILED' }).map((e) => e.name)).toEqual([
      'b',
    ]);
    expect(engine.listExecutions({ stateMachineArn, limit: 2 }).map((e) => e.name)).toEqual(['c', 'b']);
  });

  test('a mock test case suffix on the ARN starts the same machine', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    const result = await engine.startSyncExecution({
      stateMachineArn: `${stateMachineArn}#HappyPath`,
      input: '{"x":1}',
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', stateMachineArn });
  });
});

describe('Limits', () => {
  test('only the newest finished executions are retained', async () => {
    const engine = engineWith({}, { retainedExecutions: 5 });
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
    const arns: string[] = [];
    for (let i = 0; i < 20; i += 1)
      arns.push((await engine.startSyncExecution({ stateMachineArn })).executionArn);
    expect(engine.retainedExecutionCount).toBe(5);
    expect(() => engine.describeExecution(arns[0] as string)).toThrow(named('ExecutionDoesNotExist'));
    expect(engine.describeExecution(arns[19] as string).status).toBe('SUCCEEDED');
  });

  test('executions beyond maxConcurrentExecutions wait for a free slot', async () => {
    const slow = slowTask();
    const task = SLOW;
    const engine = engineWith({ [task]: slow.run }, { maxConcurrentExecutions: 2 });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: task, End: true } } },
    });
    const runs = Array.from({ length: 6 }, () => engine.startExecution({ stateMachineArn }).executionArn);
    const results = await Promise.all(runs.map((arn) => engine.waitForExecution(arn)));
    expect(results.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(slow.peak()).toBe(2);
  });

  test('one execution has at most maxConcurrentTasksPerExecution tasks in flight', async () => {
    const slow = slowTask();
    const task = SLOW;
    const engine = engineWith({ [task]: slow.run }, { maxConcurrentTasksPerExecution: 4 });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: task, End: true } } },
            End: true,
          },
        },
      },
    });
    const result = await engine.startSyncExecution({
      stateMachineArn,
      input: JSON.stringify(Array.from({ length: 30 }, (_, i) => i)),
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(slow.peak()).toBe(4);
  });

  test('what the engine keeps stays bounded across thousands of executions', async () => {
    const engine = engineWith({}, { retainedExecutions: 100 });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    });
    const first = (await engine.startSyncExecution({ stateMachineArn })).executionArn;
    for (let i = 0; i < 3000; i += 1) await engine.startSyncExecution({ stateMachineArn });
    expect(engine.retainedExecutionCount).toBe(100);
    expect(engine.listExecutions({ stateMachineArn })).toHaveLength(100);
    expect(() => engine.describeExecution(first)).toThrow(named('ExecutionDoesNotExist'));
  });

  test('Map runs at most MaxConcurrency iterations at once', async () => {
    const slow = slowTask();
    const task = SLOW;
    const engine = engineWith({ [task]: slow.run });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 3,
            ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: task, End: true } } },
            End: true,
          },
        },
      },
    });
    const result = await engine.startSyncExecution({
      stateMachineArn,
      input: JSON.stringify(Array.from({ length: 12 }, (_, i) => i)),
    });
    expect(JSON.parse(result.output as string)).toHaveLength(12);
    expect(slow.peak()).toBe(3);
  });
});

describe('Progress', () => {
  test('progress grows with every event any execution records, and never goes back', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: waiting });
    const before = engine.progress();
    const { executionArn } = engine.startExecution({ stateMachineArn });
    await new Promise((resolve) => setImmediate(resolve));
    const waitingNow = engine.progress();
    expect(waitingNow).toBeGreaterThan(before);
    engine.stopExecution(executionArn);
    await engine.waitForExecution(executionArn);
    expect(engine.progress()).toBe(before + engine.getExecutionHistory(executionArn).length);
  });
});
