import type { StepFunctionsEngine } from '../../packages/sfn-engine/src/engine';
import type { TaskInvocation } from '../../packages/sfn-engine/src/execution/services';
import type { Json, JsonObject } from '../../packages/asl/src/json';
import { engineWith, fail, fn } from './harness';

/**
 * The map runs of distributed Map states as DescribeMapRun, ListMapRuns and UpdateMapRun show
 * them (API reference; the fields and counts of LocalStack's test_sfn_api_map_run snapshot,
 * recorded on AWS).
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !check(); i += 1) await settle();
  if (!check()) throw new Error('the condition never held');
}

/** A Task whose invocations wait until the test answers them (or their execution stops). */
class HeldTask {
  readonly waiting: { answer: (value: Json | Error) => void }[] = [];
  readonly resource = fn('Held');
  readonly behaviour = (_input: Json, invocation: TaskInvocation): Promise<Json> =>
    new Promise<Json>((resolve, reject) => {
      const entry = {
        answer: (value: Json | Error) => (value instanceof Error ? reject(value) : resolve(value)),
      };
      this.waiting.push(entry);
      invocation.signal.addEventListener('abort', () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(invocation.signal.reason);
      });
    });
  answerNext(value: Json | Error): void {
    this.waiting.shift()?.answer(value);
  }
}

let counter = 0;

function start(engine: StepFunctionsEngine, map: JsonObject, input: Json): string {
  counter += 1;
  const { stateMachineArn } = engine.createStateMachine({
    name: `map-runs-${counter}`,
    definition: { StartAt: 'M', States: { M: { Type: 'Map', End: true, ...map } } },
  });
  return engine.startExecution({ stateMachineArn, input }).executionArn;
}

const processor = (states: JsonObject, startAt: string): JsonObject => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: startAt,
  States: states,
});
const passThrough = processor({ P: { Type: 'Pass', End: true } }, 'P');
const heldTask = (task: HeldTask) =>
  processor({ T: { Type: 'Task', Resource: task.resource, End: true } }, 'T');
const zero = {
  pending: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total: 0,
  resultsWritten: 0,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
};

describe('DescribeMapRun and ListMapRuns', () => {
  test('a finished map run: its settings, dates, status and counts', async () => {
    const engine = engineWith();
    const arn = start(engine, { Label: 'Items', MaxConcurrency: 1, ItemProcessor: passThrough }, [1, 2]);
    await engine.waitForExecution(arn);
    const [run] = engine.listMapRuns(arn);
    const described = engine.mapRuns.get(run?.arn as string).describe();
    expect(described).toEqual({
      mapRunArn: expect.stringMatching(
        new RegExp(`^arn:aws:states:us-east-1:123456789012:mapRun:map-runs-${counter}/Items:${UUID}$`),
      ) as unknown,
      executionArn: arn,
      status: 'SUCCEEDED',
      startDate: expect.any(Date) as unknown,
      stopDate: expect.any(Date) as unknown,
      maxConcurrency: 1,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      itemCounts: { ...zero, succeeded: 2, total: 2, resultsWritten: 2 },
      executionCounts: { ...zero, succeeded: 2, total: 2, resultsWritten: 2 },
      redriveCount: 0,
    });
  });

  test('ListMapRuns names the labelled state machine the children run', async () => {
    const engine = engineWith();
    const arn = start(engine, { Label: 'Items', ItemProcessor: passThrough }, [1]);
    await engine.waitForExecution(arn);
    const [item] = engine.listMapRuns(arn).map((run) => run.listItem());
    const machineArn = `arn:aws:states:us-east-1:123456789012:stateMachine:map-runs-${counter}/Items`;
    expect(item).toEqual({
      executionArn: arn,
      mapRunArn: expect.any(String) as unknown,
      stateMachineArn: machineArn,
      startDate: expect.any(Date) as unknown,
      stopDate: expect.any(Date) as unknown,
    });
    expect(engine.listExecutions({ mapRunArn: item?.mapRunArn as string })[0]?.stateMachineArn).toBe(
      machineArn,
    );
  });

  test("a child execution's ARN is an execution of the labelled state machine, named by a UUID", async () => {
    const engine = engineWith();
    const arn = start(engine, { Label: 'Items', ItemProcessor: passThrough }, [1]);
    await engine.waitForExecution(arn);
    const [child] = engine.listExecutions({ mapRunArn: engine.listMapRuns(arn)[0]?.arn as string });
    expect(child?.executionArn).toMatch(
      new RegExp(`^arn:aws:states:us-east-1:123456789012:execution:map-runs-${counter}/Items:${UUID}$`),
    );
    expect(child?.executionArn.endsWith(`:${child.name}`)).toBe(true);
  });

  test('without a Label the map run is labelled with a UUID, not the state name', async () => {
    const engine = engineWith();
    const arn = start(engine, { ItemProcessor: passThrough }, [1]);
    await engine.waitForExecution(arn);
    expect(engine.listMapRuns(arn)[0]?.arn).toMatch(
      new RegExp(`:mapRun:map-runs-${counter}/${UUID}:${UUID}$`),
    );
  });

  test('with ItemBatcher, itemCounts count items and executionCounts child executions', async () => {
    const engine = engineWith();
    const arn = start(
      engine,
      { ItemBatcher: { MaxItemsPerBatch: 2 }, ItemProcessor: passThrough },
      [1, 2, 3, 4, 5],
    );
    await engine.waitForExecution(arn);
    const described = engine.listMapRuns(arn)[0]?.describe();
    expect(described?.itemCounts).toMatchObject({ succeeded: 5, total: 5 });
    expect(described?.executionCounts).toMatchObject({ succeeded: 3, total: 3 });
  });

  test('a failed map run counts its failed children, which are not redriven', async () => {
    const engine = engineWith({
      [fn('Odd')]: (n) => {
        if (n === 1) throw fail('Odd', 'one is odd');
        return n;
      },
    });
    const arn = start(
      engine,
      {
        MaxConcurrency: 1,
        ItemProcessor: processor({ T: { Type: 'Task', Resource: fn('Odd'), End: true } }, 'T'),
      },
      [2, 1, 4],
    );
    expect((await engine.waitForExecution(arn)).error).toBe('States.ExceedToleratedFailureThreshold');
    const described = engine.listMapRuns(arn)[0]?.describe();
    expect(described?.status).toBe('FAILED');
    expect(described?.executionCounts).toEqual({
      ...zero,
      succeeded: 1,
      failed: 1,
      pending: 1,
      total: 3,
      failuresNotRedrivable: 1,
    });
  });

  test('a running map run shows its pending and running children', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(engine, { MaxConcurrency: 2, ItemProcessor: heldTask(task) }, [1, 2, 3]);
    await until(() => task.waiting.length === 2);
    const run = engine.listMapRuns(arn)[0];
    expect(run?.describe()).toMatchObject({
      status: 'RUNNING',
      executionCounts: { pending: 1, running: 2, total: 3 },
    });
    expect(run?.describe().stopDate).toBeUndefined();
    task.answerNext('done');
    task.answerNext('done');
    await until(() => task.waiting.length === 1);
    task.answerNext('done');
    await engine.waitForExecution(arn);
  });

  test('ListMapRuns of an execution that does not exist is ExecutionDoesNotExist', () => {
    const engine = engineWith();
    expect(() => engine.listMapRuns('arn:aws:states:us-east-1:123456789012:execution:nope:nope')).toThrow(
      expect.objectContaining({ name: 'ExecutionDoesNotExist' }) as unknown as Error,
    );
  });

  test('DescribeMapRun refuses what is not a map run ARN, and answers ResourceNotFound for one it does not know', () => {
    const engine = engineWith();
    expect(() => engine.mapRuns.get('not-an-arn')).toThrow(
      expect.objectContaining({
        name: 'InvalidArn',
        message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'",
      }) as unknown as Error,
    );
    expect(() => engine.mapRuns.get('arn:aws:states:us-east-1:123456789012:execution:m:e')).toThrow(
      expect.objectContaining({
        name: 'InvalidArn',
        message: "Invalid Arn: 'Resource type not valid in this context: execution'",
      }) as unknown as Error,
    );
    const unknown = `arn:aws:states:us-east-1:123456789012:mapRun:m/label:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`;
    expect(() => engine.mapRuns.get(unknown)).toThrow(
      expect.objectContaining({
        name: 'ResourceNotFound',
        message: `Resource not found: '${unknown}'`,
      }) as unknown as Error,
    );
  });

  test('the map runs of an execution past the retention are forgotten with it', async () => {
    const engine = engineWith({}, { retainedExecutions: 1 });
    const first = start(engine, { ItemProcessor: passThrough }, [1]);
    await engine.waitForExecution(first);
    const run = engine.listMapRuns(first)[0]?.arn as string;
    await engine.waitForExecution(start(engine, { ItemProcessor: passThrough }, [1]));
    expect(() => engine.mapRuns.get(run)).toThrow(
      expect.objectContaining({ name: 'ResourceNotFound' }) as unknown as Error,
    );
  });

  test('stopping the execution aborts its map run; its history ends with the stop', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(engine, { MaxConcurrency: 1, ItemProcessor: heldTask(task) }, [1, 2]);
    await until(() => task.waiting.length === 1);
    engine.stopExecution(arn);
    await engine.waitForExecution(arn);
    const run = engine.listMapRuns(arn)[0]?.describe();
    expect(run).toMatchObject({ status: 'ABORTED', executionCounts: { aborted: 1, pending: 1, total: 2 } });
    expect(engine.getExecutionHistory(arn).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      // Nothing the Map records as it unwinds: the service's history of a stopped execution
      // ends with ExecutionAborted (see History.seal).
      'ExecutionAborted',
    ]);
  });
});

describe('UpdateMapRun', () => {
  test('a higher maxConcurrency starts more children at once', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(engine, { MaxConcurrency: 1, ItemProcessor: heldTask(task) }, [1, 2, 3, 4]);
    await until(() => task.waiting.length === 1);
    const run = engine.listMapRuns(arn)[0]?.arn as string;
    engine.mapRuns.update(run, { maxConcurrency: 3 });
    await until(() => task.waiting.length === 3);
    expect(engine.mapRuns.get(run).describe()).toMatchObject({
      maxConcurrency: 3,
      executionCounts: { running: 3, pending: 1 },
    });
    for (let i = 0; i < 3; i += 1) task.answerNext('done');
    await until(() => task.waiting.length === 1);
    task.answerNext('done');
    expect((await engine.waitForExecution(arn)).status).toBe('SUCCEEDED');
  });

  test('a lower maxConcurrency lets running children finish before more start', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(engine, { MaxConcurrency: 3, ItemProcessor: heldTask(task) }, [1, 2, 3, 4]);
    await until(() => task.waiting.length === 3);
    const run = engine.listMapRuns(arn)[0]?.arn as string;
    engine.mapRuns.update(run, { maxConcurrency: 1 });
    task.answerNext('done');
    task.answerNext('done');
    await until(() => engine.mapRuns.get(run).describe().executionCounts.succeeded === 2);
    expect(task.waiting).toHaveLength(1);
    task.answerNext('done');
    await until(() => task.waiting.length === 1);
    expect(engine.mapRuns.get(run).describe().executionCounts).toMatchObject({ succeeded: 3, running: 1 });
    task.answerNext('done');
    expect((await engine.waitForExecution(arn)).status).toBe('SUCCEEDED');
  });

  test('a tolerance lowered below the failures so far fails the run at once, aborting the running children', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(
      engine,
      { MaxConcurrency: 1, ToleratedFailureCount: 5, ItemProcessor: heldTask(task) },
      [1, 2, 3],
    );
    await until(() => task.waiting.length === 1);
    task.answerNext(fail('ItemFailed', 'bad item'));
    await until(() => task.waiting.length === 1);
    const run = engine.listMapRuns(arn)[0]?.arn as string;
    engine.mapRuns.update(run, { toleratedFailureCount: 0 });
    const execution = await engine.waitForExecution(arn);
    expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(engine.mapRuns.get(run).describe()).toMatchObject({
      status: 'FAILED',
      toleratedFailureCount: 0,
      executionCounts: { failed: 1, aborted: 1, pending: 1, total: 3 },
    });
  });

  test('a tolerance raised while it runs lets more children fail', async () => {
    const task = new HeldTask();
    const engine = engineWith({ [task.resource]: task.behaviour });
    const arn = start(engine, { MaxConcurrency: 1, ItemProcessor: heldTask(task) }, [1, 2]);
    await until(() => task.waiting.length === 1);
    const run = engine.listMapRuns(arn)[0]?.arn as string;
    engine.mapRuns.update(run, { toleratedFailurePercentage: 100 });
    task.answerNext(fail('ItemFailed', 'bad item'));
    await until(() => task.waiting.length === 1);
    task.answerNext(fail('ItemFailed', 'bad item'));
    const execution = await engine.waitForExecution(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual([
      { Error: 'ItemFailed', Cause: 'bad item' },
      { Error: 'ItemFailed', Cause: 'bad item' },
    ]);
    expect(engine.mapRuns.get(run).describe().toleratedFailurePercentage).toBe(100);
  });

  test('values out of the service range are ValidationException', async () => {
    const engine = engineWith();
    const arn = start(engine, { ItemProcessor: passThrough }, [1]);
    await engine.waitForExecution(arn);
    const run = engine.listMapRuns(arn)[0]?.arn as string;
    expect(() => engine.mapRuns.update(run, { maxConcurrency: -1 })).toThrow(
      expect.objectContaining({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '-1' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0",
      }) as unknown as Error,
    );
    expect(() => engine.mapRuns.update(run, { toleratedFailurePercentage: 101 })).toThrow(
      expect.objectContaining({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '101' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
      }) as unknown as Error,
    );
    expect(() => engine.mapRuns.update(run, { toleratedFailureCount: -2 })).toThrow(
      expect.objectContaining({ name: 'ValidationException' }) as unknown as Error,
    );
  });
});
