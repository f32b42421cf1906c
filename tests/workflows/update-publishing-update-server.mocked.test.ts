import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { VirtualClock } from '../../packages/sfn-engine/src/clock';
import { parseMockConfig } from '../../packages/stepfunctions-local/src/mock-config/config';
import {
  type LocalStepFunctions,
  startLocalStepFunctions,
} from '../../packages/stepfunctions-local/src/server';
import { applySubstitutions, placeholdersIn } from '../../packages/asl/src/substitutions';

// update-publishing with the topology's releaseOrigin updateServer (${ReleaseOrigin}), under the
// mocked responses of tests/workflows/mocks/update-publishing.mock.json and test cases of its own.

const MOCKS = JSON.parse(readFileSync(join(__dirname, 'mocks', 'update-publishing.mock.json'), 'utf8')) as {
  MockedResponses: Record<string, unknown>;
};

const served = {
  'Read release notification': 'ReleaseNotified',
  'Load release manifest': 'NewerRelease',
  'Claim the release': 'Claimed',
  'Verify checksum': 'ChecksumOk',
  "Write to the update server's volume": 'FileCopied',
  'Copy to distribution bucket': 'FileCopied',
  'Record the release manifest': 'ObjectPut',
  "Point the update server's latest.json": 'LatestMoved',
  'Point latest at the new release': 'LatestMoved',
  'Invalidate CDN cache and update server paths': 'InvalidationCreated',
  'Check invalidation': 'InProgressTwiceThenCompleted',
  'Record release event': 'RecordPut',
  'Announce update available': 'Published',
};

const TEST_CASES = {
  Served: served,
  UpdateServerLatestFails: {
    ...served,
    "Point the update server's latest.json": 'StorageKeepsFailing',
    'Remove partial copies': 'CopiesRemoved',
    "Remove the update server's copies": 'CopiesRemoved',
    'Release the claim': 'ClaimReleased',
    'Notify operations': 'OpsNotified',
  },
};

let local: LocalStepFunctions;
let sfn: SFNClient;
let machineArn: string;

beforeAll(async () => {
  local = await startLocalStepFunctions({
    port: 0,
    clock: new VirtualClock(),
    mockConfig: parseMockConfig({
      StateMachines: { 'update-publishing': { TestCases: TEST_CASES } },
      MockedResponses: MOCKS.MockedResponses,
    }),
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
    log: () => undefined,
  });
  sfn = new SFNClient({
    endpoint: local.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const text = readFileSync(join(__dirname, '..', '..', 'workflows', 'update-publishing.asl.json'), 'utf8');
  const values: Record<string, string> = {};
  for (const name of placeholdersIn(text))
    values[name] = name.endsWith('FunctionArn')
      ? `arn:aws:lambda:us-east-1:123456789012:function:${name}`
      : name.endsWith('TopicArn')
        ? `arn:aws:sns:us-east-1:123456789012:${name}`
        : `test-${name}`;
  values['ReleaseOrigin'] = 'updateServer';
  machineArn = (
    await sfn.send(
      new CreateStateMachineCommand({
        name: 'update-publishing',
        definition: applySubstitutions(text, values),
        roleArn: 'arn:aws:iam::123456789012:role/workflow-tests',
      }),
    )
  ).stateMachineArn as string;
});

afterAll(async () => {
  sfn.destroy();
  await local.close();
});

async function run(testCase: keyof typeof TEST_CASES) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: `${machineArn}#${testCase}`, input: '[{}]' }),
  );
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const entered = events
        .filter((e) => e.type?.endsWith('StateEntered'))
        .map((e) => e.stateEnteredEventDetails?.name);
      const scheduled = events
        .filter((e) => e.type === 'TaskScheduled')
        .map((e) => JSON.parse(e.taskScheduledEventDetails?.parameters ?? '{}') as Record<string, unknown>);
      return {
        status: described.status,
        error: described.error,
        output: described.output,
        entered,
        scheduled,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('update-publishing targeting the update server (ReleaseOrigin updateServer)', () => {
  test("each file is written to the update server's volume, then copied to the bucket; its latest.json moves before the bucket's", async () => {
    const result = await run('Served');
    expect(result.status).toBe('SUCCEEDED');
    const at = (state: string) => result.entered.indexOf(state);
    expect(at("Write to the update server's volume")).toBeGreaterThan(-1);
    expect(at("Write to the update server's volume")).toBeLessThan(at('Copy to distribution bucket'));
    expect(at('Record the release manifest')).toBeLessThan(at("Point the update server's latest.json"));
    expect(at("Point the update server's latest.json")).toBeLessThan(at('Point latest at the new release'));
    expect(JSON.parse(result.output ?? '{}')).toMatchObject({
      updateServerLatest: { outcome: 'moved', version: '2.1.0' },
    });
  });

  test('the functions are told the update server is the destination', async () => {
    const result = await run('Served');
    const payloads = result.scheduled.map((p) => p['Payload'] as Record<string, unknown> | undefined);
    expect(payloads.filter((p) => p?.['destination'] === 'updateServer')).toHaveLength(2);
  });

  test('one invalidation covers the bucket paths and the update server paths of the release', async () => {
    const result = await run('Served');
    expect(result.entered).toContain('Invalidate CDN cache and update server paths');
    expect(result.entered).not.toContain('Invalidate CDN cache');
    const invalidation = result.scheduled.find((p) => p['InvalidationBatch'] !== undefined) as {
      InvalidationBatch: { Paths: { Quantity: number; Items: string[] } };
    };
    expect(invalidation.InvalidationBatch.Paths).toEqual({
      Quantity: 4,
      Items: ['/releases/latest.json', '/releases/2.1.0/*', '/updates/latest.json', '/updates/2.1.0/*'],
    });
  });

  test("a failure to point the update server's latest.json removes the copies from the bucket and the volume, and gives the claim back", async () => {
    const result = await run('UpdateServerLatestFails');
    expect(result).toMatchObject({ status: 'FAILED', error: 'TransientStorageError' });
    expect(result.entered).not.toContain('Point latest at the new release');
    expect(result.entered.slice(-6)).toEqual([
      'Remove partial copies',
      'Remove from the update server too?',
      "Remove the update server's copies",
      'Release the claim',
      'Notify operations',
      'Release failed',
    ]);
  });
});
