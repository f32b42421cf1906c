/**
 * The LambdaSQSIntegration machine of AWS's mock configuration guide, with `IntervalSeconds: 0`
 * in its Retry as kenfdev/step-functions-testing writes it
 * (test/stepfunctions/__stepfunctions_snapshots__/LambdaSQSIntegration/asl.json), run with the
 * mock config and the cases of aws-samples/serverless-test-samples
 * python-test-samples/step-functions-local-mock (statemachine/test/MockConfigFile.json,
 * tests/unit/src/test_step_functions_local.py), and compared with the events kenfdev recorded on
 * Step Functions Local (test/stepfunctions/__snapshots__/lambda-sqs-integration.test.ts.snap).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { JsonObject } from '../../../packages/asl/src/json';
import { parseMockConfig } from '../../../packages/stepfunctions-local/src/mock-config/config';
import type { LocalStepFunctions } from '../../../packages/stepfunctions-local/src/server';
import { startServer } from '../local-server';

const DEFINITION: JsonObject = {
  StartAt: 'LambdaState',
  States: {
    LambdaState: {
      Next: 'SQSState',
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 0, MaxAttempts: 3, BackoffRate: 2 }],
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-west-2:123456789012:function:my-function',
        Payload: { 'Payload.$': '$', FunctionName: 'HelloWorldFunction' },
      },
    },
    SQSState: {
      End: true,
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: {
        QueueUrl: 'https://sqs.us-west-2.amazonaws.com/444455556666/queue1',
        'MessageBody.$': '$',
      },
    },
  },
};

const HELLO = { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } };
const MOCK_CONFIG: JsonObject = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: HELLO } },
    LambdaMockedResourceNotReady: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
    },
    MockedSQSSuccess: {
      '0': {
        Return: {
          MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51',
          MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51',
        },
      },
    },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: HELLO },
    },
  },
};

let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer({
    mockConfig: parseMockConfig(MOCK_CONFIG),
    compatibility: 'stepfunctions-local',
  }));
  await sfn.send(
    new CreateStateMachineCommand({
      name: 'LambdaSQSIntegration',
      definition: JSON.stringify(DEFINITION),
      roleArn: 'arn:aws:iam::123456789012:role/DummyRole',
    }),
  );
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
});

/** execute_stepfunction: `<arn>#<case>` with the suite's input, then the history once it has ended. */
async function execute(executionName: string, testCase: string, input = '{"data": "test input"}') {
  const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      name: executionName,
      stateMachineArn: `${stateMachines?.[0]?.stateMachineArn as string}#${testCase}`,
      input,
    }),
  );
  while ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING')
    await new Promise((resolve) => setTimeout(resolve, 10));
  const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  expect(events.filter((event) => event.type === 'ExecutionSucceeded')).toHaveLength(1);
  return events;
}

const exited = (events: HistoryEvent[], name: string): boolean =>
  events.some((event) => event.type === 'TaskStateExited' && event.stateExitedEventDetails?.name === name);

test('test_happy_path: both states exit and both tasks succeed', async () => {
  const events = await execute('happyPathExecution', 'HappyPath');
  expect(exited(events, 'LambdaState') && exited(events, 'SQSState')).toBe(true);
  expect(events.filter((event) => event.type === 'TaskSucceeded')).toHaveLength(2);
});

test('test_retry_path: one ResourceNotReady and two Timeout failures, retried at once, then success', async () => {
  const events = await execute('retryPathExecution', 'RetryPath');
  expect(exited(events, 'LambdaState') && exited(events, 'SQSState')).toBe(true);
  const errors = events
    .filter((event) => event.type === 'TaskFailed')
    .map((event) => event.taskFailedEventDetails?.error);
  expect(errors).toEqual([
    'Lambda.ResourceNotReadyException',
    'Lambda.TimeoutException',
    'Lambda.TimeoutException',
  ]);
  // IntervalSeconds 0: no time passes between the attempts.
  const scheduled = events.filter((event) => event.type === 'TaskScheduled').slice(0, 4);
  expect(new Set(scheduled.map((event) => event.timestamp?.getTime())).size).toBe(1);
});

test('test_hybrid_path: the execution succeeds through both states', async () => {
  const events = await execute('hybridPathExecution', 'HybridPath');
  expect(exited(events, 'LambdaState') && exited(events, 'SQSState')).toBe(true);
});

test("kenfdev's RetryPath snapshot: the events of each state, as Step Functions Local recorded them", async () => {
  const events = await execute('snapshotExecution', 'RetryPath', '{}');
  const lambda = events.filter(
    (event) => event.type !== 'ExecutionStarted' && event.type !== 'ExecutionSucceeded',
  );
  expect(lambda.map((event) => event.type)).toEqual([
    'TaskStateEntered',
    ...['TaskScheduled', 'TaskStarted', 'TaskFailed'],
    ...['TaskScheduled', 'TaskStarted', 'TaskFailed'],
    ...['TaskScheduled', 'TaskStarted', 'TaskFailed'],
    ...['TaskScheduled', 'TaskStarted', 'TaskSucceeded'],
    'TaskStateExited',
    ...['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited'],
  ]);
  const scheduled = lambda[1]?.taskScheduledEventDetails;
  expect(scheduled).toMatchObject({ region: 'us-east-1', resource: 'invoke', resourceType: 'lambda' });
  // Step Functions Local wrote the static FunctionName before the `.$` field; the values are the same.
  expect(JSON.parse(scheduled?.parameters as string)).toEqual({
    FunctionName: 'arn:aws:lambda:us-west-2:123456789012:function:my-function',
    Payload: { FunctionName: 'HelloWorldFunction', Payload: {} },
  });
  const lambdaSucceeded = lambda.find((event) => event.type === 'TaskSucceeded');
  expect(lambdaSucceeded?.taskSucceededEventDetails).toEqual({
    output: '{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}',
    outputDetails: { truncated: false },
    resource: 'invoke',
    resourceType: 'lambda',
  });
  expect(lambda.at(-2)?.taskSucceededEventDetails).toEqual({
    output:
      '{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}',
    outputDetails: { truncated: false },
    resource: 'sendMessage',
    resourceType: 'sqs',
  });
});
