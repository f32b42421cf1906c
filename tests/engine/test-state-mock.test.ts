import type { Json } from '../../packages/asl/src/json';
import type { MockResultChecker, TestStateRequest } from '../../packages/sfn-engine/src/test-state';
import { engineWith, fn } from './harness';

let calls = 0;
const engine = engineWith({
  [fn('real')]: () => {
    calls += 1;
    return 'called';
  },
});
const testState = (
  request: Omit<TestStateRequest, 'definition'> & { definition: unknown },
  checker?: MockResultChecker,
) => engine.testState({ ...request, definition: JSON.stringify(request.definition) }, checker);

const lambdaTask = (fields: Record<string, Json> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'f', 'Payload.$': '$' },
  End: true,
  ...fields,
});
const mockError = { errorOutput: { error: 'MockException', cause: 'Mock the cause of the error.' } };
const retrying = lambdaTask({
  Retry: [{ ErrorEquals: ['MockException'], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 }],
});

/** A checker that records what it was asked and answers `problem`. */
function recordingChecker(problem?: string): MockResultChecker & { asked: [string, Json, string][] } {
  const asked: [string, Json, string][] = [];
  return {
    asked,
    check: (resource, result, mode) => {
      asked.push([resource, result, mode]);
      return Promise.resolve(problem);
    },
  };
}

describe('a mocked Task', () => {
  test('takes the mocked result as its result; its resource is not called', async () => {
    const before = calls;
    const result = await testState({
      definition: { Type: 'Task', Resource: fn('real'), End: true },
      mock: { result: '{"mocked":true}' },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"mocked":true}' });
    expect(calls).toBe(before);
  });

  test('puts the mocked result through its ResultSelector and ResultPath', async () => {
    const result = await testState({
      definition: lambdaTask({ ResultSelector: { 'p.$': '$.Payload' }, ResultPath: '$.out' }),
      input: '{"in":1}',
      mock: { result: '{"Payload":"function output","StatusCode":200}' },
    });
    expect(JSON.parse(result.output as string)).toEqual({ in: 1, out: { p: 'function output' } });
  });

  test('fails with a mocked errorOutput', async () => {
    const result = await testState({ definition: lambdaTask(), mock: mockError });
    expect(result).toEqual({
      status: 'FAILED',
      error: 'MockException',
      cause: 'Mock the cause of the error.',
    });
  });

  test('a mocked error a Catch handles is CAUGHT_ERROR, its catcher named in errorDetails', async () => {
    const result = await testState({
      definition: lambdaTask({
        Catch: [
          { ErrorEquals: ['Other'], Next: 'No' },
          { ErrorEquals: ['MockException'], ResultPath: '$.error', Next: 'Handle' },
        ],
      }),
      input: '{"a":1}',
      mock: mockError,
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({
      status: 'CAUGHT_ERROR',
      error: 'MockException',
      nextState: 'Handle',
      output: '{"a":1,"error":{"Error":"MockException","Cause":"Mock the cause of the error."}}',
    });
    expect(result.inspectionData?.errorDetails).toEqual({ catchIndex: 1 });
  });

  test('retrierRetryCount below MaxAttempts: RETRIABLE with the retrier and the back-off of the next retry', async () => {
    const result = await testState({
      definition: retrying,
      mock: mockError,
      stateConfiguration: { retrierRetryCount: 4 },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({ status: 'RETRIABLE', error: 'MockException' });
    expect(result.inspectionData?.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 16 });
  });

  test('retrierRetryCount at MaxAttempts: the retrier is spent and the state FAILED', async () => {
    const result = await testState({
      definition: retrying,
      mock: mockError,
      stateConfiguration: { retrierRetryCount: 5 },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'MockException' });
    expect(result.inspectionData?.errorDetails).toEqual({ retryIndex: 0 });
  });

  test('a spent retrier hands the error to a matching catcher', async () => {
    const result = await testState({
      definition: { ...retrying, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }] },
      mock: mockError,
      stateConfiguration: { retrierRetryCount: 5 },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handle' });
    expect(result.inspectionData?.errorDetails).toEqual({ retryIndex: 0, catchIndex: 0 });
  });

  test('a .waitForTaskToken Task gets the mock as the callback answer; $$.Task.Token is the supplied one', async () => {
    const result = await testState({
      definition: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', MessageBody: { 'TaskToken.$': '$$.Task.Token' } },
        Next: 'NEXT_STATE',
      },
      mock: { result: '{"pokemon":["pikachu"]}' },
      context: '{"Task":{"Token":"abcd123"}}',
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"pokemon":["pikachu"]}',
      nextState: 'NEXT_STATE',
    });
    expect(JSON.parse(result.inspectionData?.afterParameters as string)).toEqual({
      QueueUrl: 'q',
      MessageBody: { TaskToken: 'abcd123' },
    });
  });

  test('a .waitForTaskToken Task fails with a mocked errorOutput', async () => {
    const result = await testState({
      definition: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
      mock: mockError,
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'MockException' });
  });

  test('an activity Task takes a mock', async () => {
    const result = await testState({
      definition: {
        Type: 'Task',
        Resource: 'arn:aws:states:us-east-1:123456789012:activity:work',
        End: true,
      },
      mock: { result: '{"done":true}' },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"done":true}' });
  });
});

describe('mock refusals', () => {
  test.each([
    ['Pass', { Type: 'Pass', End: true }],
    ['Fail', { Type: 'Fail', Error: 'E' }],
    ['Succeed', { Type: 'Succeed' }],
    ['Wait', { Type: 'Wait', Seconds: 1, End: true }],
    ['Choice', { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'A' }], Default: 'B' }],
  ])('a mock on a %s state is a ValidationException', async (type, definition) => {
    await expect(testState({ definition, mock: { result: '{}' } })).rejects.toMatchObject({
      type: 'ValidationException',
      message: `State type '${type}' is not supported when a mock is specified`,
    });
  });

  test.each([
    ['both result and errorOutput', { result: '{}', ...mockError }],
    ['neither result nor errorOutput', { fieldValidationMode: 'NONE' as const }],
  ])('a mock with %s is a ValidationException', async (_name, mock) => {
    await expect(testState({ definition: lambdaTask(), mock })).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'A test mock should have only one of the following fields: [result, errorOutput].',
    });
  });

  test('revealSecrets with a mock is a ValidationException', async () => {
    await expect(
      testState({ definition: lambdaTask(), mock: { result: '{}' }, revealSecrets: true }),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'TestState does not support RevealSecrets when a mock is specified.',
    });
  });

  test('a mocked result that is not JSON is refused, even when fields are not validated', async () => {
    await expect(
      testState({
        definition: lambdaTask(),
        mock: { result: 'not JSON string', fieldValidationMode: 'NONE' },
      }),
    ).rejects.toMatchObject({ type: 'ValidationException', message: 'Mocked result must be valid JSON' });
  });

  test('an errorOutput without an error name is refused', async () => {
    await expect(
      testState({ definition: lambdaTask(), mock: { errorOutput: { cause: 'why' } } }),
    ).rejects.toMatchObject({ type: 'ValidationException' });
  });
});

describe('field validation of a mocked result', () => {
  test('STRICT by default: an integration result is checked against the API it calls', async () => {
    const checker = recordingChecker();
    await testState({ definition: lambdaTask(), mock: { result: '{"StatusCode":200}' } }, checker);
    expect(checker.asked).toEqual([['arn:aws:states:::lambda:invoke', { StatusCode: 200 }, 'STRICT']]);
  });

  test('a result that does not fit is a ValidationException with the checker message', async () => {
    const checker = recordingChecker(
      "Mock result schema validation error: Field 'StatusCode' must be a number",
    );
    await expect(
      testState(
        {
          definition: lambdaTask(),
          mock: { result: '{"StatusCode":"200"}', fieldValidationMode: 'PRESENT' },
        },
        checker,
      ),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      message: "Mock result schema validation error: Field 'StatusCode' must be a number",
    });
    expect(checker.asked[0]?.[2]).toBe('PRESENT');
  });

  test('NONE checks nothing', async () => {
    const checker = recordingChecker('never');
    const result = await testState(
      { definition: lambdaTask(), mock: { result: '{"StatusCode":"200"}', fieldValidationMode: 'NONE' } },
      checker,
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(checker.asked).toEqual([]);
  });

  test.each([
    ['a Lambda function ARN', fn('real')],
    ['a .waitForTaskToken integration', 'arn:aws:states:::sqs:sendMessage.waitForTaskToken'],
  ])('%s has no API shape: its result is not checked', async (_name, resource) => {
    const checker = recordingChecker('never');
    const result = await testState(
      { definition: { Type: 'Task', Resource: resource, End: true }, mock: { result: '[1]' } },
      checker,
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(checker.asked).toEqual([]);
  });
});

describe('the context object of a mocked run', () => {
  const contextTask = lambdaTask({ ResultPath: '$.result', Parameters: { 'context.$': '$$' } });
  const run = (context: string) =>
    testState({ definition: contextTask, mock: { result: '{}' }, context, inspectionLevel: 'DEBUG' });

  test('is $$ exactly as supplied', async () => {
    const supplied = {
      Execution: {
        Id: 'arn:aws:states:::execution:M:e',
        Input: { a: 1 },
        Name: 'e',
        StartTime: '2025-01-15T10:30:00.000Z',
      },
      State: { Name: 'MyTaskState', RetryCount: 0 },
    };
    const result = await run(JSON.stringify(supplied));
    expect(JSON.parse(result.inspectionData?.afterParameters as string)).toEqual({ context: supplied });
  });

  test('an empty context object is an empty $$', async () => {
    const result = await run('{}');
    expect(JSON.parse(result.inspectionData?.afterParameters as string)).toEqual({ context: {} });
  });

  test.each([
    ['{"Execution":{"Id":1}}', 'Invalid Context object provided: Execution.Id must be a string'],
    [
      '{"Map":{}}',
      "Invalid Context object provided: 'Map' field is not supported when mocking a Context object",
    ],
    [
      '{"Execution":{"pokemon":"squirtle"}}',
      "Invalid Context object provided: Field 'pokemon' is not allowed",
    ],
    ['{"Pokedex":{}}', "Invalid Context object provided: Field 'Pokedex' is not allowed"],
    ['{"State":{"RetryCount":"0"}}', 'Invalid Context object provided: State.RetryCount must be an integer'],
  ])('%s is refused', async (context, message) => {
    await expect(run(context)).rejects.toMatchObject({ type: 'ValidationException', message });
  });

  test('a Task part for a Task that neither waits for a token nor for a job is refused', async () => {
    await expect(run('{"Task":{"Token":"t"}}')).rejects.toMatchObject({
      type: 'ValidationException',
      message:
        "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
    });
  });

  test('a context without a mock is refused', async () => {
    await expect(testState({ definition: { Type: 'Pass', End: true }, context: '{}' })).rejects.toMatchObject(
      { type: 'ValidationException' },
    );
  });
});
