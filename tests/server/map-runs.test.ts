import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineForExecutionCommand,
  GetActivityTaskCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

/**
 * DescribeMapRun, ListMapRuns and UpdateMapRun through @aws-sdk/client-sfn, with the fields of
 * LocalStack's test_sfn_api_map_run snapshot (recorded on AWS) and the API reference's errors.
 */

let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

let counter = 0;
const unique = (base: string) => `${base}-${(counter += 1)}`;

const distributed = (states: object, startAt: string) => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: startAt,
  States: states,
});
const passThrough = distributed({ P: { Type: 'Pass', End: true } }, 'P');

async function run(definition: object, input: unknown): Promise<{ name: string; executionArn: string }> {
  const name = unique('map-runs');
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(definition) }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return { name, executionArn: executionArn as string };
}

async function finished(executionArn: string) {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function mapRunsOf(executionArn: string): Promise<string[]> {
  const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
  return (mapRuns ?? []).map((run) => run.mapRunArn as string);
}

const counts = (fields: object) => ({
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
  ...fields,
});

describe('the map run API', () => {
  test('ListMapRuns and DescribeMapRun of a finished distributed Map', async () => {
    const definition = {
      StartAt: 'MapState',
      States: {
        MapState: { Type: 'Map', Label: 'Rows', MaxConcurrency: 1, ItemProcessor: passThrough, End: true },
      },
    };
    const { name, executionArn } = await run(definition, ['a', 'b']);
    await finished(executionArn);
    const listed = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(listed.mapRuns).toEqual([
      {
        executionArn,
        mapRunArn: expect.stringMatching(
          new RegExp(`^arn:aws:states:us-east-1:123456789012:mapRun:${name}/Rows:[0-9a-f-]{36}$`),
        ) as unknown,
        stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}/Rows`,
        startDate: expect.any(Date) as unknown,
        stopDate: expect.any(Date) as unknown,
      },
    ]);
    const mapRunArn = listed.mapRuns?.[0]?.mapRunArn as string;
    const { $metadata: _metadata, ...described } = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toEqual({
      mapRunArn,
      executionArn,
      status: 'SUCCEEDED',
      startDate: expect.any(Date) as unknown,
      stopDate: expect.any(Date) as unknown,
      maxConcurrency: 1,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      itemCounts: counts({ succeeded: 2, total: 2, resultsWritten: 2 }),
      executionCounts: counts({ succeeded: 2, total: 2, resultsWritten: 2 }),
      redriveCount: 0,
    });
  });

  test('DescribeStateMachineForExecution of a child execution names its map run and the Map’s label', async () => {
    const definition = {
      StartAt: 'MapState',
      States: { MapState: { Type: 'Map', Label: 'Rows', ItemProcessor: passThrough, End: true } },
    };
    const { executionArn } = await run(definition, ['a']);
    await finished(executionArn);
    const [mapRunArn] = await mapRunsOf(executionArn);
    const { executions } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    const child = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: executions?.[0]?.executionArn }),
    );
    expect(child).toMatchObject({ mapRunArn, label: 'Rows' });
    const parent = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(parent.mapRunArn).toBeUndefined();
    expect(parent.label).toBeUndefined();
  });

  test('ListMapRuns pages an execution’s map runs with maxResults and nextToken', async () => {
    const definition = {
      StartAt: 'First',
      States: {
        First: {
          Type: 'Map',
          ItemProcessor: distributed({ A: { Type: 'Pass', End: true } }, 'A'),
          ResultPath: null,
          Next: 'Second',
        },
        Second: {
          Type: 'Map',
          ItemProcessor: distributed({ B: { Type: 'Pass', End: true } }, 'B'),
          End: true,
        },
      },
    };
    const { executionArn } = await run(definition, [1]);
    await finished(executionArn);
    const first = await sfn.send(new ListMapRunsCommand({ executionArn, maxResults: 1 }));
    expect(first.mapRuns).toHaveLength(1);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await sfn.send(
      new ListMapRunsCommand({ executionArn, maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.mapRuns).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(second.mapRuns?.[0]?.mapRunArn).not.toBe(first.mapRuns?.[0]?.mapRunArn);
  });

  test('UpdateMapRun raises the concurrency of a running map run: more child executions start', async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: unique('work') }));
    const definition = {
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: distributed({ Work: { Type: 'Task', Resource: activityArn, End: true } }, 'Work'),
          End: true,
        },
      },
    };
    const { executionArn } = await run(definition, [1, 2]);
    const first = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(first.taskToken).toEqual(expect.any(String));
    const [mapRunArn] = await mapRunsOf(executionArn);
    expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      executionCounts: { running: 1, pending: 1 },
    });
    await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 2, toleratedFailurePercentage: 50 }));
    const second = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(second.taskToken).toEqual(expect.any(String));
    expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: 'RUNNING',
      maxConcurrency: 2,
      toleratedFailurePercentage: 50,
      executionCounts: { running: 2, pending: 0 },
    });
    for (const token of [first.taskToken, second.taskToken])
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"done"' }));
    expect((await finished(executionArn)).output).toBe('["done","done"]');
  });

  test('ARNs that are not a map run’s are InvalidArn; one not kept is ResourceNotFound', async () => {
    await expect(sfn.send(new DescribeMapRunCommand({ mapRunArn: 'not-an-arn' }))).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'",
    });
    const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:machine:run';
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn: executionArn }))).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: execution'",
    });
    const unknown =
      'arn:aws:states:us-east-1:123456789012:mapRun:machine/label:00000000-0000-0000-0000-000000000000';
    await expect(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: `Resource not found: '${unknown}'`,
    });
    await expect(sfn.send(new ListMapRunsCommand({ executionArn }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });

  test('UpdateMapRun with values out of range is ValidationException', async () => {
    const definition = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: passThrough, End: true } },
    };
    const { executionArn } = await run(definition, [1]);
    await finished(executionArn);
    const [mapRunArn] = await mapRunsOf(executionArn);
    await expect(
      sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailurePercentage: 150 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '150' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: -1 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
