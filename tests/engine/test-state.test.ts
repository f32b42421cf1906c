import type { TestStateRequest } from '../../packages/sfn-engine/src/test-state';
import { engineWith, fn } from './harness';

const ROLE = 'arn:aws:iam::123456789012:role/test';
let calls = 0;
const engine = engineWith({
  [fn('echo')]: (parameters) => {
    calls += 1;
    return { echoed: parameters };
  },
});
const testState = (request: Omit<TestStateRequest, 'definition'> & { definition: unknown }) =>
  engine.testState({
    ...request,
    definition:
      typeof request.definition === 'string' ? request.definition : JSON.stringify(request.definition),
  });

const multiState = {
  QueryLanguage: 'JSONata',
  StartAt: 'State0',
  States: {
    State0: { Type: 'Pass', Next: 'State1' },
    State1: {
      Type: 'Fail',
      Error: 'SomeFailure',
      Cause: "This state machines raises a 'SomeFailure' failure.",
    },
  },
};

describe('TestState of one state', () => {
  test('runs the state once: its output, status and the next state', async () => {
    const result = await testState({
      definition: { Type: 'Pass', Parameters: { 'v.$': '$.a' }, Next: 'Later' },
      input: '{"a":5}',
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"v":5}', nextState: 'Later' });
  });

  test('a Task calls its resource when no mock is given', async () => {
    const before = calls;
    const result = await testState({
      definition: { Type: 'Task', Resource: fn('echo'), End: true },
      input: '{"x":1}',
      roleArn: ROLE,
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"echoed":{"x":1}}' });
    expect(calls).toBe(before + 1);
  });

  test('the context object names the test execution, its state machine and the state, without redrive fields nor, for a Pass, RetryCount', async () => {
    const result = await testState({
      definition: { Type: 'Pass', Parameters: { 'context.$': '$$' }, End: true },
      input: '{"a":1}',
      roleArn: ROLE,
    });
    const context = (
      JSON.parse(result.output as string) as { context: Record<string, Record<string, unknown>> }
    ).context;
    expect(context).toEqual({
      Execution: {
        Id: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:express:[^:]+:[^:]+$/) as unknown,
        Input: { a: 1 },
        Name: expect.any(String) as unknown,
        RoleArn: ROLE,
        StartTime: expect.any(String) as unknown,
      },
      StateMachine: {
        Id: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:stateMachine:/) as unknown,
        Name: expect.any(String) as unknown,
      },
      State: { Name: 'StateName', EnteredTime: expect.any(String) as unknown },
    });
  });

  test('the context object of a state that retries counts its retries (retrierRetryCount)', async () => {
    const result = await testState({
      definition: { Type: 'Task', Resource: fn('echo'), Parameters: { 'state.$': '$$.State' }, End: true },
      mock: { result: '{"ok":true}' },
      stateConfiguration: { retrierRetryCount: 2 },
      inspectionLevel: 'DEBUG',
    });
    expect(JSON.parse(result.inspectionData?.afterParameters as string)).toEqual({
      state: { Name: 'StateName', EnteredTime: expect.any(String) as unknown, RetryCount: 2 },
    });
  });

  test('an unmocked Task without a roleArn is refused', async () => {
    await expect(
      testState({ definition: { Type: 'Task', Resource: fn('echo'), End: true } }),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'RoleArn must be specified when testing a Task state',
    });
  });

  test.each(['Map', 'Parallel'])(
    'a %s state without a mock is InvalidDefinition naming the supported types',
    async (type) => {
      const definition =
        type === 'Map'
          ? {
              Type: 'Map',
              ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
              End: true,
            }
          : {
              Type: 'Parallel',
              Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }],
              End: true,
            };
      await expect(testState({ definition, roleArn: ROLE })).rejects.toMatchObject({
        type: 'InvalidDefinition',
        message:
          'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
      });
    },
  );

  test.each([
    'arn:aws:states:us-east-1:123456789012:activity:work',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  ])('a Task on %s cannot run without a mock', async (resource) => {
    await expect(
      testState({ definition: { Type: 'Task', Resource: resource, End: true }, roleArn: ROLE }),
    ).rejects.toMatchObject({
      type: 'InvalidDefinition',
      message: expect.stringContaining(resource) as unknown,
    });
  });
});

describe('TestState time limit', () => {
  test('a state that runs longer than five minutes fails with States.Timeout', async () => {
    const result = await testState({ definition: { Type: 'Wait', Seconds: 600, Next: 'After' } });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  test('a state that ends within five minutes is not cut short', async () => {
    const result = await testState({ definition: { Type: 'Wait', Seconds: 290, Next: 'After' } });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{}', nextState: 'After' });
  });
});

describe('TestState of one state of a whole machine (stateName)', () => {
  test('runs the named state with the machine query language: its output and next state', async () => {
    const result = await testState({
      definition: multiState,
      stateName: 'State0',
      input: '{"Value":"HelloWorld"}',
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"Value":"HelloWorld"}', nextState: 'State1' });
  });

  test('a Fail state of the machine fails with its error and cause', async () => {
    const result = await testState({ definition: multiState, stateName: 'State1' });
    expect(result).toEqual({
      status: 'FAILED',
      error: 'SomeFailure',
      cause: "This state machines raises a 'SomeFailure' failure.",
    });
  });

  test('a state nested in a Map runs as an iteration: $$.Map.Item is the first item, the input', async () => {
    const machine = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'HandleItem',
            States: {
              HandleItem: {
                Type: 'Pass',
                Parameters: {
                  'index.$': '$$.Map.Item.Index',
                  'value.$': '$$.Map.Item.Value',
                  'state.$': '$$.State.Name',
                },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const result = await testState({ definition: machine, stateName: 'HandleItem', input: '{"v":1}' });
    expect(JSON.parse(result.output as string)).toEqual({ index: 0, value: { v: 1 }, state: 'HandleItem' });
  });

  test('a state of a Parallel branch runs in the query language of its machine', async () => {
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Double',
              States: { Double: { Type: 'Pass', Output: '{% $states.input.n * 2 %}', End: true } },
            },
          ],
          End: true,
        },
      },
    };
    const result = await testState({ definition: machine, stateName: 'Double', input: '{"n":21}' });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '42' });
  });

  test('a JSONata state may read a variable another state of the machine assigns', async () => {
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { greeting: 'hi' }, Next: 'Use' },
        Use: { Type: 'Pass', Output: '{% $greeting %}', End: true },
      },
    };
    const result = await testState({
      definition: machine,
      stateName: 'Use',
      variables: '{"greeting":"hello"}',
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '"hello"' });
  });

  test('a name no state of the machine has is a ValidationException', async () => {
    await expect(testState({ definition: multiState, stateName: 'dne' })).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'State not found in definition',
    });
  });

  test('the whole machine is validated, not only the named state', async () => {
    const machine = {
      StartAt: 'Good',
      States: { Good: { Type: 'Pass', Next: 'Bad' }, Bad: { Type: 'TypeThatDoesNotExist', End: true } },
    };
    await expect(testState({ definition: machine, stateName: 'Good' })).rejects.toMatchObject({
      type: 'InvalidDefinition',
      message: expect.stringContaining('/States/Bad/Type') as unknown,
    });
  });

  test('a single state given with a stateName is refused: the definition must be a whole machine', async () => {
    await expect(
      testState({ definition: { Type: 'Pass', End: true }, stateName: 'StateName' }),
    ).rejects.toMatchObject({ type: 'InvalidDefinition' });
  });
});

describe('TestState inspection (DEBUG and TRACE)', () => {
  test('a JSONPath Task shows each data-flow step as JSON text', async () => {
    const result = await testState({
      definition: {
        Type: 'Task',
        Resource: fn('echo'),
        InputPath: '$.in',
        ResultSelector: { 'e.$': '$.echoed' },
        ResultPath: '$.out',
        End: true,
      },
      input: '{"in":{"x":1}}',
      roleArn: ROLE,
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"in":{"x":1}}',
      afterInputPath: '{"x":1}',
      afterParameters: '{"x":1}',
      result: '{"echoed":{"x":1}}',
      afterResultSelector: '{"e":{"x":1}}',
      afterResultPath: '{"in":{"x":1},"out":{"e":{"x":1}}}',
    });
  });

  test('a JSONata state without Arguments shows only its input', async () => {
    const result = await testState({
      definition: multiState,
      stateName: 'State0',
      input: '{"a":1}',
      inspectionLevel: 'TRACE',
    });
    expect(result.inspectionData).toEqual({ input: '{"a":1}' });
  });

  test('a JSONata Task shows afterArguments and its result', async () => {
    const result = await testState({
      definition: {
        QueryLanguage: 'JSONata',
        Type: 'Task',
        Resource: fn('echo'),
        Arguments: { n: '{% $states.input.n + 1 %}' },
        End: true,
      },
      input: '{"n":1}',
      roleArn: ROLE,
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"n":1}',
      afterArguments: '{"n":2}',
      result: '{"echoed":{"n":2}}',
    });
  });

  test('variables after the state: those given and those the state assigns', async () => {
    const result = await testState({
      definition: { QueryLanguage: 'JSONata', Type: 'Pass', Assign: { b: 2 }, End: true },
      variables: '{"a":1}',
      inspectionLevel: 'DEBUG',
    });
    expect(JSON.parse(result.inspectionData?.variables as string)).toEqual({ a: 1, b: 2 });
  });

  test('a JSONPath Pass without Result shows its input steps but no raw result', async () => {
    const result = await testState({
      definition: { Type: 'Pass', End: true },
      input: '{"v":1}',
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"v":1}',
      afterInputPath: '{"v":1}',
      afterParameters: '{"v":1}',
      afterResultSelector: '{"v":1}',
      afterResultPath: '{"v":1}',
    });
  });

  test('a JSONPath Pass with a Result shows that result and not the input steps it does not use', async () => {
    const result = await testState({
      definition: { Type: 'Pass', Result: { r: 1 }, ResultPath: '$.out', End: true },
      input: '{"v":1}',
      inspectionLevel: 'DEBUG',
    });
    expect(result.inspectionData).toEqual({
      input: '{"v":1}',
      result: '{"r":1}',
      afterResultSelector: '{"r":1}',
      afterResultPath: '{"v":1,"out":{"r":1}}',
    });
  });

  test.each([
    [
      'Choice',
      { Type: 'Choice', Choices: [{ Variable: '$.value', NumericGreaterThan: 20, Next: 'A' }], Default: 'B' },
    ],
    ['Succeed', { Type: 'Succeed' }],
    ['Fail', { Type: 'Fail', Error: 'E', Cause: 'C' }],
  ])('a JSONPath %s shows its input and afterInputPath only', async (_type, definition) => {
    const result = await testState({ definition, input: '{"value":22}', inspectionLevel: 'DEBUG' });
    expect(result.inspectionData).toEqual({ input: '{"value":22}', afterInputPath: '{"value":22}' });
  });

  test('INFO shows no inspection data', async () => {
    const result = await testState({ definition: { Type: 'Pass', End: true } });
    expect(result.inspectionData).toBeUndefined();
  });
});
