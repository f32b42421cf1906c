import { type SFNClient, TestStateCommand, type TestStateCommandInput } from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

const send = (input: Omit<TestStateCommandInput, 'definition'> & { definition: unknown }) =>
  sfn.send(
    new TestStateCommand({
      ...input,
      definition: typeof input.definition === 'string' ? input.definition : JSON.stringify(input.definition),
    }),
  );

/** The error the server answered with, as the SDK names it. */
async function refusal(input: Parameters<typeof send>[0]): Promise<{ name: string; message: string }> {
  try {
    await send(input);
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error('the request was not refused');
}

const task = (resource: string, fields: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: resource,
  End: true,
  ...fields,
});
const lambdaInvoke = task('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'f' } });
const startExecution = task('arn:aws:states:::states:startExecution', {
  Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Target' },
  ResultPath: '$.targetExecutionResult',
});
const putEvents = task('arn:aws:states:::events:putEvents', { Parameters: { Entries: [] } });
const schemaError = (message: string) => ({
  name: 'ValidationException',
  message: `Mock result schema validation error: ${message}`,
});

describe('TestState over the API: stateName', () => {
  test('tests one state of a whole machine', async () => {
    const machine = {
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Next: 'State1' },
        State1: { Type: 'Fail', Error: 'SomeFailure', Cause: 'because' },
      },
    };
    const result = await send({ definition: machine, stateName: 'State0', input: '{"Value":"HelloWorld"}' });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"Value":"HelloWorld"}',
      nextState: 'State1',
    });
  });

  test('a name that is no state of the machine is a ValidationException', async () => {
    const machine = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    expect(await refusal({ definition: machine, stateName: 'dne' })).toEqual({
      name: 'ValidationException',
      message: 'State not found in definition',
    });
  });
});

describe('TestState over the API: mocks checked against the SDK output shapes (STRICT by default)', () => {
  test('a lambda:invoke result with the API fields and the service own SdkHttpMetadata passes', async () => {
    const mocked = { Payload: 'function output', SdkHttpMetadata: { HttpStatusCode: 200 } };
    const result = await send({ definition: lambdaInvoke, mock: { result: JSON.stringify(mocked) } });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(mocked) });
  });

  test('a field the API does not have is left alone', async () => {
    const result = await send({ definition: putEvents, mock: { result: '{"random":"json"}' } });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"random":"json"}' });
  });

  test('a required member missing is refused, named in Step Functions PascalCase', async () => {
    expect(await refusal({ definition: startExecution, mock: { result: '{}' } })).toEqual(
      schemaError("Required field 'ExecutionArn' is missing"),
    );
  });

  test('a member named in the service own camelCase does not count as present', async () => {
    const mocked = { executionArn: 'arn', startDate: '2025-01-01T00:00:00Z' };
    expect(await refusal({ definition: startExecution, mock: { result: JSON.stringify(mocked) } })).toEqual(
      schemaError("Required field 'ExecutionArn' is missing"),
    );
  });

  test('a timestamp must be text', async () => {
    const mocked = { ExecutionArn: 'arn', StartDate: 1764103483 };
    expect(await refusal({ definition: startExecution, mock: { result: JSON.stringify(mocked) } })).toEqual(
      schemaError("Field 'StartDate' must be a string"),
    );
  });

  test('an integer must be a number', async () => {
    expect(await refusal({ definition: lambdaInvoke, mock: { result: '{"StatusCode":"200"}' } })).toEqual(
      schemaError("Field 'StatusCode' must be a number"),
    );
  });

  test('a list must be an array', async () => {
    expect(await refusal({ definition: putEvents, mock: { result: '{"Entries":"not a list"}' } })).toEqual(
      schemaError("Field 'Entries' must be an array"),
    );
  });

  test('each element of a list is checked, by the name of its member', async () => {
    const mocked = { Entries: [{ EventId: 'ok' }, { EventId: ['not', 'a', 'string'] }] };
    expect(await refusal({ definition: putEvents, mock: { result: JSON.stringify(mocked) } })).toEqual(
      schemaError("Field 'EventId' must be a string"),
    );
  });

  test('a nested structure is checked (DynamoDB ConsumedCapacity)', async () => {
    const definition = task('arn:aws:states:::dynamodb:putItem', {
      Parameters: { TableName: 't', Item: {} },
    });
    const mocked = { ConsumedCapacity: { CapacityUnits: '123.45' } };
    expect(await refusal({ definition, mock: { result: JSON.stringify(mocked) } })).toEqual(
      schemaError("Field 'CapacityUnits' must be a number"),
    );
  });

  test('an aws-sdk integration is checked against its service API (S3 GetObject)', async () => {
    const definition = task('arn:aws:states:::aws-sdk:s3:getObject', {
      Parameters: { Bucket: 'b', Key: 'k' },
    });
    expect(await refusal({ definition, mock: { result: '{"ContentLength":"9000"}' } })).toEqual(
      schemaError("Field 'ContentLength' must be a number"),
    );
  });

  test('a .sync integration is checked against the API the service polls (DescribeExecution)', async () => {
    const definition = task('arn:aws:states:::states:startExecution.sync:2', {
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Target' },
    });
    expect(await refusal({ definition, mock: { result: '{"Status":"SUCCEEDED","Output":"{}"}' } })).toEqual(
      schemaError("Required field 'ExecutionArn' is missing"),
    );
  });

  test('PRESENT does not require members, and checks those present', async () => {
    const missing = await send({
      definition: startExecution,
      mock: { result: '{}', fieldValidationMode: 'PRESENT' },
    });
    expect(missing).toMatchObject({ status: 'SUCCEEDED', output: '{"targetExecutionResult":{}}' });
    expect(
      await refusal({
        definition: startExecution,
        mock: { result: '{"StartDate":true}', fieldValidationMode: 'PRESENT' },
      }),
    ).toEqual(schemaError("Field 'StartDate' must be a string"));
  });

  test('NONE takes any JSON', async () => {
    const result = await send({
      definition: lambdaInvoke,
      mock: { result: '{"StatusCode":"200"}', fieldValidationMode: 'NONE' },
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"StatusCode":"200"}' });
  });

  test('a service whose SDK is not installed here has no known shape: only JSON is checked', async () => {
    const definition = task('arn:aws:states:::aws-sdk:kms:encrypt', {
      Parameters: { KeyId: 'k', Plaintext: 'p' },
    });
    const result = await send({ definition, mock: { result: '{"CiphertextBlob":123}' } });
    expect(result.status).toBe('SUCCEEDED');
  });
});

describe('TestState over the API: errors, Map and context', () => {
  test('a mocked error a Retry would still retry is RETRIABLE, with errorDetails as numbers', async () => {
    const result = await send({
      definition: {
        ...lambdaInvoke,
        Retry: [{ ErrorEquals: ['MockException'], IntervalSeconds: 1, MaxAttempts: 5 }],
      },
      mock: { errorOutput: { error: 'MockException', cause: 'Mock the cause of the error.' } },
      stateConfiguration: { retrierRetryCount: 4 },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({
      status: 'RETRIABLE',
      error: 'MockException',
      cause: 'Mock the cause of the error.',
    });
    expect(result.inspectionData?.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 16 });
  });

  test('a mocked Map tolerates failed iterations as its definition says, and shows its limits as numbers', async () => {
    const map = {
      Type: 'Map',
      ItemsPath: '$.Values',
      MaxConcurrency: 2,
      ToleratedFailureCount: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
      End: true,
    };
    const result = await send({
      definition: map,
      input: '{"Values":[1,2,3]}',
      roleArn: ROLE,
      mock: { result: '[1,0,0]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect(result.inspectionData).toMatchObject({
      afterItemsPath: '[1,2,3]',
      maxConcurrency: 2,
      toleratedFailureCount: 1,
    });
  });

  test('a supplied context object is what the state sees as $$', async () => {
    const context = { Execution: { Name: 'run-1' }, Task: { Token: 'abcd123' } };
    const result = await send({
      definition: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
        Parameters: { QueueUrl: 'q', MessageBody: { 'context.$': '$$' } },
        ResultPath: null,
      }),
      input: '{}',
      mock: { result: '{}' },
      context: JSON.stringify(context),
      inspectionLevel: 'DEBUG',
    });
    expect(JSON.parse(result.inspectionData?.afterParameters as string)).toEqual({
      QueueUrl: 'q',
      MessageBody: { context },
    });
  });

  test('a mock on a Pass state is a ValidationException', async () => {
    expect(await refusal({ definition: { Type: 'Pass', End: true }, mock: { result: '{}' } })).toEqual({
      name: 'ValidationException',
      message: "State type 'Pass' is not supported when a mock is specified",
    });
  });
});

describe('TestState over the API: the request members', () => {
  test('an unknown fieldValidationMode is refused by the API model', async () => {
    const answer = await refusal({
      definition: lambdaInvoke,
      mock: { result: '{}', fieldValidationMode: 'LOOSE' as 'NONE' },
    });
    expect(answer).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'LOOSE' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]",
    });
  });

  test('a negative retrierRetryCount is refused by the API model', async () => {
    const answer = await refusal({
      definition: lambdaInvoke,
      mock: { result: '{}' },
      stateConfiguration: { retrierRetryCount: -1 },
    });
    expect(answer).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '-1' at 'stateConfiguration.retrierRetryCount' failed to satisfy constraint: Member must have value greater than or equal to 0",
    });
  });

  test('an empty stateName is refused by the API model', async () => {
    const answer = await refusal({
      definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
      stateName: '',
    });
    expect(answer.name).toBe('ValidationException');
    expect(answer.message).toContain(
      "at 'stateName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
