import type { HistoryEvent } from '../../../packages/sfn-engine/src/execution/history';
import type { Json, JsonObject } from '../../../packages/asl/src/json';
import type { ObjectStore } from '../../../packages/sfn-engine/src/states/map/object-store';
import { engineWith, runDefinition } from '../harness';

/**
 * Map and Parallel events as AWS records them, with their previousEventId chains. Sources:
 * LocalStack's snapshots recorded on AWS (tests/aws/services/stepfunctions/v2/scenarios/
 * test_base_scenarios.snapshot.json: test_map_state_break_condition, test_map_state_catch,
 * test_map_state_retry, test_map_state_config_distributed_item_selector and _parameters,
 * test_parallel_state), and the findings against a suite recorded on AWS.
 */

/** Each event as `id<-previousEventId Type`, which is what these behaviours are about. */
const chain = (events: readonly HistoryEvent[]): string[] =>
  events.map((e) => `${e.id}<-${e.previousEventId} ${e.type}`);

async function history(definition: JsonObject, input: Json = {}, objects?: ObjectStore) {
  const engine = engineWith({}, objects === undefined ? {} : { objects });
  const { execution } = await runDefinition(definition, input, {}, engine);
  return {
    execution,
    events: engine.getExecutionHistory(execution.executionArn, { includeExecutionData: false }),
  };
}

const map = (fields: JsonObject): JsonObject => ({
  StartAt: 'M',
  States: { M: { Type: 'Map', End: true, ...fields } },
});
const passItem = { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } };
const failItem = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ItemFailed', Cause: 'bad item' } } };
const distributed = (processor: JsonObject): JsonObject => ({
  ...processor,
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
});

describe('Inline Map', () => {
  test('iterations follow one another from their last state; MapStateSucceeded and MapStateExited both follow the last MapIterationSucceeded', async () => {
    const { events } = await history(map({ MaxConcurrency: 1, ItemProcessor: passItem }), [1, 2]);
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapIterationStarted',
      '5<-4 PassStateEntered',
      '6<-5 PassStateExited',
      '7<-6 MapIterationSucceeded',
      '8<-6 MapIterationStarted',
      '9<-8 PassStateEntered',
      '10<-9 PassStateExited',
      '11<-10 MapIterationSucceeded',
      '12<-11 MapStateSucceeded',
      '13<-11 MapStateExited',
      '14<-13 ExecutionSucceeded',
    ]);
  });

  test('a retried Map records MapStateFailed once, after its last attempt; each retry starts after the failed iteration', async () => {
    const retried = map({
      ItemProcessor: failItem,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }],
    });
    const { events } = await history(retried, [1]);
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapIterationStarted',
      '5<-4 FailStateEntered',
      '6<-5 MapIterationFailed',
      '7<-5 MapStateStarted',
      '8<-7 MapIterationStarted',
      '9<-8 FailStateEntered',
      '10<-9 MapIterationFailed',
      '11<-9 MapStateStarted',
      '12<-11 MapIterationStarted',
      '13<-12 FailStateEntered',
      '14<-13 MapIterationFailed',
      '15<-13 MapStateFailed',
      '16<-15 ExecutionFailed',
    ]);
  });

  test('a caught Map records MapStateFailed after the failed iteration, and MapStateExited after it', async () => {
    const caught: JsonObject = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: failItem,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { events } = await history(caught, [1]);
    expect(chain(events).slice(2, 8)).toEqual([
      '3<-2 MapStateStarted',
      '4<-3 MapIterationStarted',
      '5<-4 FailStateEntered',
      '6<-5 MapIterationFailed',
      '7<-5 MapStateFailed',
      '8<-7 MapStateExited',
    ]);
  });

  test('items that are not an array start the state with length 0, and States.Runtime ends the execution without MapStateFailed', async () => {
    const { execution, events } = await history(map({ ItemsPath: '$.list', ItemProcessor: passItem }), {
      list: 'not a list',
    });
    expect(execution.error).toBe('States.Runtime');
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 ExecutionFailed',
    ]);
    expect(events[2]?.['mapStateStartedEventDetails']).toEqual({ length: 0 });
  });

  test('a States.Runtime raised in an iteration is the iteration failing: MapStateFailed is recorded', async () => {
    const badPath = { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } } };
    const { execution, events } = await history(map({ ItemProcessor: badPath }), [{}]);
    expect(execution.error).toBe('States.Runtime');
    expect(events.map((e) => e.type).slice(-3)).toEqual([
      'MapIterationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  test('JSONata Items that are not an array start the state, then EvaluationFailed and MapStateFailed', async () => {
    const definition = {
      ...map({ Items: '{% $states.input.list %}', ItemProcessor: passItem }),
      QueryLanguage: 'JSONata',
    };
    const { execution, events } = await history(definition, { list: 7 });
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });
});

describe('Distributed Map', () => {
  test('records MapStateStarted with the number of items, the map run, and MapStateSucceeded not chained to', async () => {
    const { events } = await history(map({ ItemProcessor: distributed(passItem) }), ['Hello', 'World']);
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapRunStarted',
      '5<-4 MapRunSucceeded',
      '6<-5 MapStateSucceeded',
      '7<-5 MapStateExited',
      '8<-7 ExecutionSucceeded',
    ]);
    expect(events[2]?.['mapStateStartedEventDetails']).toEqual({ length: 2 });
    expect((events[3]?.['mapRunStartedEventDetails'] as { mapRunArn: string }).mapRunArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:mapRun:conformance-\d+\/[0-9a-f-]{36}:[0-9a-f-]{36}$/,
    );
  });

  test('with an ItemReader, MapStateStarted says 0 items: the map run reads them', async () => {
    const objects: ObjectStore = {
      getObjectText: () => Promise.resolve('[1, 2, 3]'),
      listObjects: () => Promise.resolve([]),
      putObjectText: () => Promise.resolve(),
    };
    const reader = {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { Bucket: 'b', Key: 'items.json' },
    };
    const { execution, events } = await history(
      map({ ItemReader: reader, ItemProcessor: distributed(passItem) }),
      {},
      objects,
    );
    expect(JSON.parse(execution.output as string)).toEqual([1, 2, 3]);
    expect(events[2]).toMatchObject({ type: 'MapStateStarted', mapStateStartedEventDetails: { length: 0 } });
  });

  test('a ToleratedFailureCountPath that selects nothing fails the state before its map run starts, with no MapStateFailed', async () => {
    const { execution, events } = await history(
      map({ ToleratedFailureCountPath: '$.tolerated', ItemProcessor: distributed(passItem) }),
      [1],
    );
    expect(execution.error).toBe('States.Runtime');
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'ExecutionFailed',
    ]);
  });

  test('a map run that fails records MapRunFailed with its error, then MapStateFailed and ExecutionFailed', async () => {
    const { execution, events } = await history(map({ ItemProcessor: distributed(failItem) }), [1, 2]);
    expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapRunStarted',
      '5<-4 MapRunFailed',
      '6<-5 MapStateFailed',
      '7<-6 ExecutionFailed',
    ]);
    expect(events[4]?.['mapRunFailedEventDetails']).toEqual({
      error: 'States.ExceedToleratedFailureThreshold',
      cause: expect.stringContaining('tolerated failure threshold') as unknown,
    });
  });

  test('an item source the map run cannot read fails the map run', async () => {
    const objects: ObjectStore = {
      getObjectText: () => Promise.reject(new Error('NoSuchKey')),
      listObjects: () => Promise.resolve([]),
      putObjectText: () => Promise.resolve(),
    };
    const reader = {
      Resource: 'arn:aws:states:::s3:getObject',
      Parameters: { Bucket: 'b', Key: 'gone.json' },
    };
    const { events } = await history(
      map({ ItemReader: reader, ItemProcessor: distributed(passItem) }),
      {},
      objects,
    );
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    expect(events[4]?.['mapRunFailedEventDetails']).toMatchObject({ error: 'States.ItemReaderFailed' });
  });
});

describe('Parallel', () => {
  test('ParallelStateSucceeded and ParallelStateExited both follow the last branch event', async () => {
    const { events } = await history({
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [passItem], End: true } },
    });
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 ParallelStateEntered',
      '3<-2 ParallelStateStarted',
      '4<-3 PassStateEntered',
      '5<-4 PassStateExited',
      '6<-5 ParallelStateSucceeded',
      '7<-5 ParallelStateExited',
      '8<-7 ExecutionSucceeded',
    ]);
  });

  test('ParallelStateFailed follows the failing branch event, not what the stopped branch recorded after it', async () => {
    const waiting = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } };
    const { events } = await history({
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [waiting, failItem], End: true } },
    });
    const failEntered = events.find((e) => e.type === 'FailStateEntered') as HistoryEvent;
    const parallelFailed = events.find((e) => e.type === 'ParallelStateFailed') as HistoryEvent;
    expect(events.map((e) => e.type)).toContain('WaitStateAborted');
    expect(parallelFailed.previousEventId).toBe(failEntered.id);
  });

  test('a retried Parallel records ParallelStateFailed once; each retry starts after the failed branch', async () => {
    const { events } = await history({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [failItem],
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }],
          End: true,
        },
      },
    });
    expect(chain(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 ParallelStateEntered',
      '3<-2 ParallelStateStarted',
      '4<-3 FailStateEntered',
      '5<-4 ParallelStateStarted',
      '6<-5 FailStateEntered',
      '7<-6 ParallelStateFailed',
      '8<-7 ExecutionFailed',
    ]);
  });
});
