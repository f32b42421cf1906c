/**
 * Histories recorded on AWS Step Functions Local by kenfdev/step-functions-testing
 * (test/helpers/stepfunctions/execution-history-data.ts, recorded 2022-02-20 with the sales-lead
 * machine and its mocks from test/stepfunctions/sales-lead-mock-config.ts), compared with what
 * this server records in the `stepfunctions-local` mode: every event, its type, the state, task
 * or error it names, and the event it follows (previousEventId). The two branches of the
 * Parallel state run at once, so ids depend on which step of which branch came first; the
 * histories are compared as trees of previousEventId links, which do not.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { JsonObject } from '../../../packages/asl/src/json';
import { parseMockConfig } from '../../../packages/stepfunctions-local/src/mock-config/config';
import { startServer } from '../local-server';
import { SALES_LEAD_INPUT, SALES_LEAD_MOCK_CONFIG, salesLeadDefinition } from './sales-leads';

/** An event as recorded: id, previousEventId, type, and what it names (state, resource, error). */
type Recorded = readonly [id: number, previous: number, label: string];

const IDENTITY = 'TaskStateEntered Check Identity';
const ADDRESS = 'TaskStateEntered Check Address';
const LAMBDA = 'lambda invoke';
const COMPREHEND = 'aws-sdk comprehend:detectSentiment';

const RETRY_ON_SERVICE_EXCEPTION: readonly Recorded[] = [
  [1, 0, 'ExecutionStarted'],
  [2, 0, 'ParallelStateEntered Validation'],
  [3, 2, 'ParallelStateStarted'],
  [4, 3, IDENTITY],
  [5, 3, ADDRESS],
  [6, 4, `TaskScheduled ${LAMBDA}`],
  [7, 5, `TaskScheduled ${LAMBDA}`],
  [8, 7, `TaskStarted ${LAMBDA}`],
  [9, 6, `TaskStarted ${LAMBDA}`],
  [10, 8, `TaskSucceeded ${LAMBDA}`],
  [11, 10, 'TaskStateExited Check Address'],
  [12, 9, `TaskSucceeded ${LAMBDA}`],
  [13, 12, 'TaskStateExited Check Identity'],
  [14, 11, 'ParallelStateSucceeded'],
  [15, 14, 'ParallelStateExited Validation'],
  [16, 15, 'TaskStateEntered DetectSentiment'],
  [17, 16, `TaskScheduled ${COMPREHEND}`],
  [18, 17, `TaskStarted ${COMPREHEND}`],
  [19, 18, `TaskFailed ${COMPREHEND} InternalServerException`],
  [20, 19, `TaskScheduled ${COMPREHEND}`],
  [21, 20, `TaskStarted ${COMPREHEND}`],
  [22, 21, `TaskFailed ${COMPREHEND} InternalServerException`],
  [23, 22, `TaskScheduled ${COMPREHEND}`],
  [24, 23, `TaskStarted ${COMPREHEND}`],
  [25, 24, `TaskFailed ${COMPREHEND} InternalServerException`],
  [26, 25, `TaskScheduled ${COMPREHEND}`],
  [27, 26, `TaskStarted ${COMPREHEND}`],
  [28, 27, `TaskSucceeded ${COMPREHEND}`],
  [29, 28, 'TaskStateExited DetectSentiment'],
  [30, 29, 'ChoiceStateEntered Is Positive Sentiment?'],
  [31, 30, 'ChoiceStateExited Is Positive Sentiment?'],
  [32, 31, 'TaskStateEntered Add to FollowUp'],
  [33, 32, 'TaskScheduled dynamodb putItem'],
  [34, 33, 'TaskStarted dynamodb putItem'],
  [35, 34, 'TaskSucceeded dynamodb putItem'],
  [36, 35, 'TaskStateExited Add to FollowUp'],
  [37, 36, 'TaskStateEntered CustomerAddedToFollowup'],
  [38, 37, 'TaskScheduled events putEvents'],
  [39, 38, 'TaskStarted events putEvents'],
  [40, 39, 'TaskSucceeded events putEvents'],
  [41, 40, 'TaskStateExited CustomerAddedToFollowup'],
  [42, 41, 'ExecutionSucceeded'],
];

const CUSTOM_VALIDATION_FAILED_CATCH: readonly Recorded[] = [
  [1, 0, 'ExecutionStarted'],
  [2, 0, 'ParallelStateEntered Validation'],
  [3, 2, 'ParallelStateStarted'],
  [4, 3, IDENTITY],
  [5, 3, ADDRESS],
  [6, 4, `TaskScheduled ${LAMBDA}`],
  [7, 6, `TaskStarted ${LAMBDA}`],
  [8, 5, `TaskScheduled ${LAMBDA}`],
  [9, 8, `TaskStarted ${LAMBDA}`],
  [10, 9, `TaskSucceeded ${LAMBDA}`],
  [11, 10, 'TaskStateExited Check Address'],
  [12, 7, `TaskFailed ${LAMBDA} CustomValidationError`],
  [13, 12, `TaskScheduled ${LAMBDA}`],
  [14, 13, `TaskStarted ${LAMBDA}`],
  [15, 14, `TaskFailed ${LAMBDA} CustomValidationError`],
  [16, 15, `TaskScheduled ${LAMBDA}`],
  [17, 16, `TaskStarted ${LAMBDA}`],
  [18, 17, `TaskFailed ${LAMBDA} CustomValidationError`],
  [19, 18, `TaskScheduled ${LAMBDA}`],
  [20, 19, `TaskStarted ${LAMBDA}`],
  [21, 20, `TaskFailed ${LAMBDA} CustomValidationError`],
  [22, 21, 'ParallelStateFailed'],
  [23, 2, 'TaskStateExited Validation'],
  [24, 23, 'TaskStateEntered CustomValidationFailed'],
  [25, 24, 'TaskScheduled events putEvents'],
  [26, 25, 'TaskStarted events putEvents'],
  [27, 26, 'TaskSucceeded events putEvents'],
  [28, 27, 'TaskStateExited CustomValidationFailed'],
  [29, 28, 'ExecutionSucceeded'],
];

/** kenfdev's responses where they differ from aws-samples' (the Lambda bodies, the event results). */
const KENFDEV_MOCK_CONFIG: JsonObject = {
  ...SALES_LEAD_MOCK_CONFIG,
  MockedResponses: {
    ...(SALES_LEAD_MOCK_CONFIG['MockedResponses'] as JsonObject),
    CheckIdentityLambdaMockedSuccess: {
      '0': {
        Return: {
          StatusCode: 200,
          Payload: { statusCode: 200, body: '{"approved":true,"message":"identity validation passed"}' },
        },
      },
    },
    CheckAddressLambdaMockedSuccess: {
      '0': {
        Return: {
          StatusCode: 200,
          Payload: { statusCode: 200, body: '{"approved":true,"message":"address validation passed"}' },
        },
      },
    },
    AddToFollowUpSuccess: { '0': { Return: { SdkHttpMetadata: { HttpStatusCode: 200 } } } },
    CustomerAddedToFollowupSuccess: { '0': { Return: { StatusCode: 200, Payload: { statusCode: 200 } } } },
    CustomValidationFailedPutEventSuccess: {
      '0': { Return: { Payload: { Entries: [{ EventId: 'abc123' }], FailedEntryCount: 0 } } },
    },
  },
};

function label(event: HistoryEvent): string {
  const task =
    event.taskScheduledEventDetails ??
    event.taskStartedEventDetails ??
    event.taskSucceededEventDetails ??
    event.taskFailedEventDetails;
  const parts = [
    event.type,
    event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name,
    task === undefined ? undefined : `${task.resourceType} ${task.resource}`,
    event.taskFailedEventDetails?.error,
  ];
  return parts.filter((part) => part !== undefined).join(' ');
}

/**
 * The history as a tree of previousEventId links, written depth first with each event's children
 * in the order of their labels: `label <- label of the event it follows`, one line per event.
 */
function linkTree(events: readonly Recorded[]): string[] {
  const children = new Map<number, Recorded[]>();
  for (const event of events) children.set(event[1], [...(children.get(event[1]) ?? []), event]);
  const labels = new Map(events.map(([id, , text]) => [id, text]));
  const lines: string[] = [];
  const visit = (id: number): void => {
    const below = [...(children.get(id) ?? [])].sort((a, b) => a[2].localeCompare(b[2]));
    for (const [childId, , text] of below) {
      lines.push(`${text} <- ${labels.get(id) ?? 'start'}`);
      visit(childId);
    }
  };
  visit(0);
  return lines;
}

async function recordHere(testCase: string): Promise<HistoryEvent[]> {
  const { sfn, server } = await startServer({
    mockConfig: parseMockConfig(KENFDEV_MOCK_CONFIG),
    compatibility: 'stepfunctions-local',
  });
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'LocalTesting',
        // kenfdev's definition retries the Lambda tasks with IntervalSeconds 0.
        definition: JSON.stringify(salesLeadDefinition(0)),
        roleArn: 'arn:aws:iam::123456789012:role/service-role/LambdaSQSIntegration',
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: `${stateMachineArn as string}#${testCase}`,
        input: SALES_LEAD_INPUT,
      }),
    );
    while ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING')
      await new Promise((resolve) => setTimeout(resolve, 10));
    return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  } finally {
    sfn.destroy();
    await server.close();
  }
}

const asRecorded = (events: HistoryEvent[]): Recorded[] =>
  events.map((event) => [event.id as number, event.previousEventId as number, label(event)]);

const byLabel = (events: HistoryEvent[], text: string): HistoryEvent[] =>
  events.filter((event) => label(event) === text);

describe('RetryOnServiceExceptionTest, as Step Functions Local recorded it', () => {
  let events: HistoryEvent[];
  beforeAll(async () => {
    events = await recordHere('RetryOnServiceExceptionTest');
  });

  test('the same events, linked the same way', () => {
    expect(linkTree(asRecorded(events))).toEqual(linkTree(RETRY_ON_SERVICE_EXCEPTION));
  });

  test("each TaskSucceeded shows its state's output, decimals written as Java writes them", () => {
    const [identity] = byLabel(events, `TaskSucceeded ${LAMBDA}`).filter((event) =>
      event.taskSucceededEventDetails?.output?.includes('identity'),
    );
    expect(identity?.taskSucceededEventDetails?.output).toBe(
      '{"identity":{"approved":true,"message":"identity validation passed"}}',
    );
    const sentiment = byLabel(events, `TaskSucceeded ${COMPREHEND}`)[0]?.taskSucceededEventDetails?.output;
    expect(sentiment).toContain(
      '"sentimentAnalysis":{"Sentiment":"POSITIVE","SentimentScore":{"Mixed":1.2647535E-4,"Negative":8.031699E-5,"Neutral":0.0051454515,"Positive":0.9946478}}',
    );
    expect(JSON.parse(sentiment as string)).toMatchObject({
      data: { identity: { email: 'jdoe@example.com' } },
      results: { sentimentAnalysis: { Sentiment: 'POSITIVE' } },
    });
    const followUp = byLabel(events, 'TaskSucceeded dynamodb putItem')[0]?.taskSucceededEventDetails?.output;
    expect(JSON.parse(followUp as string)).toMatchObject({ results: { dbUpdateStatusCode: 200 } });
  });

  test('the execution ends with the last task’s output', () => {
    expect(byLabel(events, 'ExecutionSucceeded')[0]?.executionSucceededEventDetails?.output).toBe(
      '{"StatusCode":200,"Payload":{"statusCode":200}}',
    );
  });
});

describe('CustomValidationFailedCatchTest, as Step Functions Local recorded it', () => {
  let events: HistoryEvent[];
  beforeAll(async () => {
    events = await recordHere('CustomValidationFailedCatchTest');
  });

  test('the same events, linked the same way: the caught Parallel exits with TaskStateExited', () => {
    expect(linkTree(asRecorded(events))).toEqual(linkTree(CUSTOM_VALIDATION_FAILED_CATCH));
  });

  test('the caught Parallel exits with the error output, which the catcher state enters with', () => {
    const exited = byLabel(events, 'TaskStateExited Validation')[0];
    const errorOutput = '{"Error":"CustomValidationError","Cause":"Check Identity Validation Failed"}';
    expect(exited?.stateExitedEventDetails?.output).toBe(errorOutput);
    expect(
      byLabel(events, 'TaskStateEntered CustomValidationFailed')[0]?.stateEnteredEventDetails?.input,
    ).toBe(errorOutput);
    expect(byLabel(events, 'ExecutionSucceeded')[0]?.executionSucceededEventDetails?.output).toBe(
      '{"Payload":{"Entries":[{"EventId":"abc123"}],"FailedEntryCount":0}}',
    );
  });
});
