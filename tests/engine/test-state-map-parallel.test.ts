import type { JsonObject } from '../../packages/asl/src/json';
import type { TestStateRequest } from '../../packages/sfn-engine/src/test-state';
import { engineWith, fn } from './harness';

let calls = 0;
const engine = engineWith({
  [fn('work')]: () => {
    calls += 1;
    return 'worked';
  },
});
const testState = (request: Omit<TestStateRequest, 'definition'> & { definition: unknown }) =>
  engine.testState({ ...request, definition: JSON.stringify(request.definition) });

const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: fn('work'), End: true } },
};
const jsonataMap = (fields: JsonObject = {}): JsonObject => ({
  Type: 'Map',
  QueryLanguage: 'JSONata',
  Items: '{% $states.input.Values %}',
  ItemProcessor: processor,
  End: true,
  ...fields,
});
const VALUES = '{"Values":["first","second","third"]}';
const exceeded = {
  error: 'States.ExceedToleratedFailureThreshold',
  cause: 'The specified tolerated failure threshold was exceeded',
};

describe('a mocked Map', () => {
  test('takes the mock as its iterations results, through its Output; no iteration runs', async () => {
    const before = calls;
    const result = await testState({
      definition: jsonataMap({
        Output: { results: '{% $states.result %}', n: '{% $count($states.result) %}' },
      }),
      input: VALUES,
      mock: { result: '[1,4,9]' },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"results":[1,4,9],"n":3}' });
    expect(calls).toBe(before);
  });

  test('JSONPath: DEBUG shows the items, ItemSelector and ItemBatcher inputs, MaxConcurrency and the tolerated failures', async () => {
    const result = await testState({
      definition: {
        Type: 'Map',
        InputPath: '$.in',
        ItemsPath: '$.items',
        ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
        ItemBatcher: { MaxItemsPerBatch: 2 },
        MaxConcurrency: 5,
        ToleratedFailureCount: 1,
        ItemProcessor: processor,
        ResultPath: '$.out',
        End: true,
      },
      input: '{"in":{"items":["a","b","c"]}}',
      mock: { result: '[{"ok":1},{"ok":2}]' },
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"in":{"items":["a","b","c"]}}',
      afterInputPath: '{"items":["a","b","c"]}',
      afterItemsPath: '["a","b","c"]',
      afterItemSelector: '[{"value":"a","index":0},{"value":"b","index":1},{"value":"c","index":2}]',
      afterItemBatcher:
        '[{"Items":[{"value":"a","index":0},{"value":"b","index":1}]},{"Items":[{"value":"c","index":2}]}]',
      maxConcurrency: 5,
      toleratedFailureCount: 1,
      afterResultSelector: '[{"ok":1},{"ok":2}]',
      afterResultPath: '{"in":{"items":["a","b","c"]},"out":[{"ok":1},{"ok":2}]}',
    });
  });

  test('JSONata: DEBUG shows the input, MaxConcurrency (0 by default) and the tolerated failures', async () => {
    const result = await testState({
      definition: jsonataMap({ ToleratedFailureCount: 1 }),
      input: VALUES,
      mock: { result: '[1,1,1]' },
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({ input: VALUES, maxConcurrency: 0, toleratedFailureCount: 1 });
  });

  test('more failed iterations than ToleratedFailureCount fail it with States.ExceedToleratedFailureThreshold', async () => {
    const result = await testState({
      definition: jsonataMap({ ToleratedFailureCount: 1 }),
      input: VALUES,
      mock: { result: '[0,0,1]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(result).toEqual({ status: 'FAILED', ...exceeded });
  });

  test('as many failed iterations as tolerated: it succeeds', async () => {
    const result = await testState({
      definition: jsonataMap({ ToleratedFailureCount: 1 }),
      input: VALUES,
      mock: { result: '[1,1,0]' },
      stateConfiguration: { mapIterationFailureCount: 1 },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '[1,1,0]' });
  });

  test('ToleratedFailurePercentage tolerates that share of the items', async () => {
    const definition = jsonataMap({ ToleratedFailurePercentage: 50 });
    const input = '{"Values":[1,2,3,4]}';
    const within = await testState({
      definition,
      input,
      mock: { result: '[]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    const beyond = await testState({
      definition,
      input,
      mock: { result: '[]' },
      stateConfiguration: { mapIterationFailureCount: 3 },
    });
    expect([within.status, beyond.status]).toEqual(['SUCCEEDED', 'FAILED']);
  });

  test('without a tolerated failure threshold, failed iterations do not fail it', async () => {
    const result = await testState({
      definition: jsonataMap(),
      input: VALUES,
      mock: { result: '[0,0,1]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(result.status).toBe('SUCCEEDED');
  });

  test('an exceeded threshold a Retry matches is RETRIABLE, with the retrier and its back-off', async () => {
    const result = await testState({
      definition: jsonataMap({
        ToleratedFailureCount: 1,
        Retry: [
          { ErrorEquals: ['MockException'], MaxAttempts: 3 },
          { ErrorEquals: ['States.ExceedToleratedFailureThreshold'], MaxAttempts: 2 },
        ],
      }),
      input: VALUES,
      mock: { result: '[0,0,1]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
      inspectionLevel: 'TRACE',
    });
    expect(result).toMatchObject({ status: 'RETRIABLE', ...exceeded });
    expect(result.inspectionData?.errorDetails).toEqual({ retryIndex: 1, retryBackoffIntervalSeconds: 1 });
  });

  test('an exceeded threshold a Catch matches is CAUGHT_ERROR, going to the catcher Next', async () => {
    const result = await testState({
      definition: jsonataMap({
        ToleratedFailureCount: 1,
        Catch: [
          { ErrorEquals: ['MockException'], Next: 'HandleMockError' },
          {
            ErrorEquals: ['States.ExceedToleratedFailureThreshold'],
            Output: '{% $states.errorOutput %}',
            Next: 'HandleThreshold',
          },
        ],
      }),
      input: VALUES,
      mock: { result: '[0,0,1]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(result).toEqual({
      status: 'CAUGHT_ERROR',
      ...exceeded,
      nextState: 'HandleThreshold',
      output: JSON.stringify({ Error: exceeded.error, Cause: exceeded.cause }),
    });
  });

  test('a mocked errorOutput fails it with that error', async () => {
    const result = await testState({
      definition: jsonataMap(),
      input: VALUES,
      mock: { errorOutput: { error: 'MockException', cause: 'Mock the error cause.' } },
      stateConfiguration: { errorCausedByState: 'Work' },
    });
    expect(result).toEqual({ status: 'FAILED', error: 'MockException', cause: 'Mock the error cause.' });
  });

  test('its ItemReader reads mapItemReaderData, as the source holds it, instead of S3', async () => {
    // An ItemReader in place of Items.
    const { Items: _items, ...reading } = jsonataMap({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Arguments: { Bucket: 'b', Key: 'k.csv' },
      },
      ItemSelector: '{% $states.context.Map.Item.Value.name %}',
      ToleratedFailurePercentage: 50,
    });
    const result = await testState({
      definition: reading,
      mock: { result: '[]' },
      stateConfiguration: { mapItemReaderData: 'name,n\nann,1\nbob,2\n', mapIterationFailureCount: 2 },
    });
    // Two items: two failures exceed half of them.
    expect(result).toMatchObject({ status: 'FAILED', ...exceeded });
  });

  test('its mock must be an array', async () => {
    await expect(
      testState({ definition: jsonataMap(), input: VALUES, mock: { result: '{"mock":"object"}' } }),
    ).rejects.toMatchObject({ type: 'ValidationException', message: 'Mocked result must be an array.' });
  });

  test('with a ResultWriter its mock must be an object', async () => {
    await expect(
      testState({
        definition: jsonataMap({
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Arguments: { Bucket: 'b', Prefix: 'p' },
          },
        }),
        input: VALUES,
        mock: { result: '["array"]' },
      }),
    ).rejects.toMatchObject({ type: 'ValidationException', message: 'Mocked result must be a JSON object.' });
  });

  test('errorCausedByState must name the state itself or one nested in it', async () => {
    await expect(
      testState({
        definition: jsonataMap(),
        input: VALUES,
        mock: { errorOutput: { error: 'E' } },
        stateConfiguration: { errorCausedByState: 'Elsewhere' },
      }),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining('Elsewhere') as unknown,
    });
  });

  test('picked from a machine with stateName, it takes the mock the same way', async () => {
    const machine = {
      StartAt: 'State0',
      States: { State0: { ...jsonataMap(), Output: '{% $states.result %}' } },
    };
    const result = await testState({
      definition: machine,
      stateName: 'State0',
      input: VALUES,
      mock: { result: '[7]' },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '[7]' });
  });
});

describe('a mocked Parallel', () => {
  const parallel = {
    Type: 'Parallel',
    Branches: [
      { StartAt: 'A', States: { A: { Type: 'Task', Resource: fn('work'), End: true } } },
      { StartAt: 'B', States: { B: { Type: 'Task', Resource: fn('work'), End: true } } },
    ],
    ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1]' },
    Next: 'After',
  };

  test('takes the mock as its branches results, through its ResultSelector; no branch runs', async () => {
    const before = calls;
    const result = await testState({ definition: parallel, mock: { result: '[{"a":1},{"b":2}]' } });
    expect(result).toEqual({
      status: 'SUCCEEDED',
      output: '{"first":{"a":1},"second":{"b":2}}',
      nextState: 'After',
    });
    expect(calls).toBe(before);
  });

  test('fails with a mocked errorOutput that a branch state caused', async () => {
    const result = await testState({
      definition: parallel,
      mock: { errorOutput: { error: 'States.TaskFailed', cause: 'B broke' } },
      stateConfiguration: { errorCausedByState: 'B' },
    });
    expect(result).toEqual({ status: 'FAILED', error: 'States.TaskFailed', cause: 'B broke' });
  });

  test('its mock must be an array', async () => {
    await expect(testState({ definition: parallel, mock: { result: '{}' } })).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'Mocked result must be an array.',
    });
  });

  test('DEBUG shows its data flow, its raw result included', async () => {
    const result = await testState({
      definition: parallel,
      input: '{"x":1}',
      mock: { result: '[1,2]' },
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"x":1}',
      afterInputPath: '{"x":1}',
      afterParameters: '{"x":1}',
      result: '[1,2]',
      afterResultSelector: '{"first":1,"second":2}',
      afterResultPath: '{"first":1,"second":2}',
    });
  });
});
