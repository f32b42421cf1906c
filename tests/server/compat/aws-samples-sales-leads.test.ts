/**
 * The cases of aws-samples' suites for AWS Step Functions Local (see ./sales-leads.ts for the
 * files), run as their users run them: create the machine, start `<arn>#<TestCase>`, read the
 * history, assert what the suites assert. With `--compat stepfunctions-local` every case passes;
 * the default mode answers as AWS, where the retry case's filter does not find its TaskSucceeded.
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
import type { Compatibility } from '../../../packages/sfn-engine/src/compat';
import type { LocalStepFunctions } from '../../../packages/stepfunctions-local/src/server';
import { parseMockConfig } from '../../../packages/stepfunctions-local/src/mock-config/config';
import { startServer } from '../local-server';
import { SALES_LEAD_INPUT, SALES_LEAD_MOCK_CONFIG, salesLeadDefinition } from './sales-leads';

const DUMMY_ROLE = 'arn:aws:iam::123456789012:role/DummyRole';

interface Suite {
  readonly sfn: SFNClient;
  readonly server: LocalStepFunctions;
}

async function startWith(compatibility: Compatibility): Promise<Suite> {
  const { sfn, server } = await startServer({
    mockConfig: parseMockConfig(SALES_LEAD_MOCK_CONFIG),
    compatibility,
  });
  await sfn.send(
    new CreateStateMachineCommand({
      name: 'LocalTesting',
      definition: JSON.stringify(salesLeadDefinition(), null, 2),
      roleArn: DUMMY_ROLE,
    }),
  );
  return { sfn, server };
}

async function stop(suite: Suite): Promise<void> {
  suite.sfn.destroy();
  await suite.server.close();
}

/** execute_stepfunction / manageExecution: start the test case, wait for the end, read the history. */
async function execute(suite: Suite, executionName: string, testCase: string): Promise<HistoryEvent[]> {
  const { stateMachines } = await suite.sfn.send(new ListStateMachinesCommand({}));
  const stateMachineArn = stateMachines?.[0]?.stateMachineArn as string;
  const { executionArn } = await suite.sfn.send(
    new StartExecutionCommand({
      name: executionName,
      stateMachineArn: `${stateMachineArn}#${testCase}`,
      input: SALES_LEAD_INPUT,
    }),
  );
  for (;;) {
    const { status } = await suite.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const { events } = await suite.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  expect(events?.filter((event) => event.type === 'ExecutionSucceeded')).toHaveLength(1);
  return events ?? [];
}

const exitedFrom = (events: HistoryEvent[], name: string): HistoryEvent[] =>
  events.filter((event) => event.type === 'TaskStateExited' && event.stateExitedEventDetails?.name === name);

/** The retry case's filter, as the TypeScript, Python, JUnit and Spock suites and the makefile write it. */
const sentimentAttempts = (events: HistoryEvent[]): HistoryEvent[] =>
  events.filter(
    (event) =>
      (event.type === 'TaskFailed' && event.taskFailedEventDetails?.error === 'InternalServerException') ||
      (event.type === 'TaskSucceeded' &&
        event.taskSucceededEventDetails?.resource === 'comprehend:detectSentiment'),
  );

describe('with --compat stepfunctions-local, the published suites pass', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startWith('stepfunctions-local');
  });
  afterAll(() => stop(suite));

  test('Test Happy Path Scenario: the machine ends in CustomerAddedToFollowup', async () => {
    const events = await execute(suite, 'happyPathExecution', 'HappyPathTest');
    expect(exitedFrom(events, 'CustomerAddedToFollowup')).toHaveLength(1);
  });

  test('Test Negative Sentiment Scenario: the machine ends in NegativeSentimentDetected', async () => {
    const events = await execute(suite, 'negativeSentimentExecution', 'NegativeSentimentTest');
    expect(exitedFrom(events, 'NegativeSentimentDetected')).toHaveLength(1);
  });

  test('Test Retry on Service Exception: three InternalServerException, then comprehend:detectSentiment succeeds', async () => {
    const results = sentimentAttempts(await execute(suite, 'retryExecution', 'RetryOnServiceExceptionTest'));
    expect(results).toHaveLength(4);
    expect(results.slice(0, 3).map((event) => event.taskFailedEventDetails?.error)).toEqual([
      'InternalServerException',
      'InternalServerException',
      'InternalServerException',
    ]);
    expect(results[3]?.taskSucceededEventDetails?.resource).toBe('comprehend:detectSentiment');
  });

  test('ValidationExceptionCatchTest: the address failure is caught into ValidationException', async () => {
    const events = await execute(suite, 'validationExceptionExecution', 'ValidationExceptionCatchTest');
    expect(exitedFrom(events, 'ValidationException')).toHaveLength(1);
    // The makefile's exception-h query.
    const entered = events.filter(
      (event) =>
        event.type === 'TaskStateEntered' &&
        event.stateEnteredEventDetails?.name === 'ValidationException' &&
        event.stateEnteredEventDetails.input?.includes('Address Validation Exception') === true,
    );
    expect(entered).toHaveLength(1);
  });

  test('CustomValidationFailedCatchTest: the identity failure, after its retries, is caught into CustomValidationFailed', async () => {
    const events = await execute(suite, 'customExceptionExecution', 'CustomValidationFailedCatchTest');
    expect(exitedFrom(events, 'CustomValidationFailed')).toHaveLength(1);
    // The makefile's error-h query.
    const entered = events.filter(
      (event) =>
        event.type === 'TaskStateEntered' &&
        event.stateEnteredEventDetails?.name === 'CustomValidationFailed' &&
        event.stateEnteredEventDetails.input?.includes('Check Identity Validation Failed') === true,
    );
    expect(entered).toHaveLength(1);
  });
});

describe('without the switch, the server answers as AWS', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startWith('aws');
  });
  afterAll(() => stop(suite));

  test("the retry case's filter finds no TaskSucceeded: AWS names the resource detectSentiment", async () => {
    const events = await execute(suite, 'retryExecution', 'RetryOnServiceExceptionTest');
    expect(sentimentAttempts(events)).toHaveLength(3);
    const sdkSucceeded = events.filter(
      (event) =>
        event.type === 'TaskSucceeded' &&
        event.taskSucceededEventDetails?.resourceType?.startsWith('aws-sdk'),
    );
    expect(sdkSucceeded.map((event) => event.taskSucceededEventDetails)).toEqual([
      expect.objectContaining({ resourceType: 'aws-sdk:comprehend', resource: 'detectSentiment' }),
    ]);
  });

  test('the cases that look only at state names pass as well', async () => {
    const events = await execute(suite, 'happyPathExecution', 'HappyPathTest');
    expect(exitedFrom(events, 'CustomerAddedToFollowup')).toHaveLength(1);
  });
});
