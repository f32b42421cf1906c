import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineTypeNotSupported,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type {
  ConsoleConfig,
  ExecutionDetail,
  ExecutionRow,
  WorkflowView,
} from '../../packages/stepfunctions-local/src/console/api-types';
import {
  startConsole,
  type StepFunctionsConsole,
} from '../../packages/stepfunctions-local/src/console/server';
import { AWS_PACE, ConsoleViews } from '../../packages/stepfunctions-local/src/console/views';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

/**
 * The console's JSON API: everything it answers is read through the Step Functions API of the
 * endpoint it watches (here this package's server, reached only through @aws-sdk/client-sfn).
 */

let server: LocalStepFunctions;
let sfn: SFNClient;
let served: StepFunctionsConsole;
let readOnly: StepFunctionsConsole;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
  served = await startConsole({ sfn, watching: server.url });
  readOnly = await startConsole({ sfn, watching: server.url, readOnly: true });
});
afterAll(async () => {
  await served.close();
  await readOnly.close();
  sfn.destroy();
  await server.close();
});

let counter = 0;
const unique = (base: string) => `${base}-${(counter += 1)}`;

async function createMachine(definition: object, name = unique('machine')): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return created.stateMachineArn as string;
}

const PASS = { StartAt: 'Greet', States: { Greet: { Type: 'Pass', Result: { hello: 'world' }, End: true } } };
/** Fails at its second state while the input says so: a redrive after the input is fixed is not possible, so it fails again. */
const FAILING = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Refuse' },
    Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'always' },
  },
};

async function finished(executionArn: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status as string;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} still running`);
}

const get = async <T>(base: StepFunctionsConsole, path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(new URL(path, base.url));
  return { status: response.status, body: (await response.json()) as T };
};

const post = async (
  base: StepFunctionsConsole,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(new URL(path, base.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const machinePath = (arn: string) => `/api/state-machines/${encodeURIComponent(arn)}`;
const executionPath = (arn: string) => `/api/executions/${encodeURIComponent(arn)}`;

test('lists every state machine of the endpoint with its graph laid out, every state a box', async () => {
  const name = unique('listed');
  const arn = await createMachine(FAILING, name);
  const { status, body } = await get<WorkflowView[]>(served, '/api/workflows');
  expect(status).toBe(200);
  const listed = body.find((workflow) => workflow.stateMachineArn === arn);
  expect(listed).toMatchObject({ key: name, title: name, type: 'STANDARD' });
  const boxes = listed?.graph.nodes
    .filter((node) => !['Start', 'End'].includes(node.kind))
    .map((node) => node.id);
  expect(boxes?.sort()).toEqual(['Prepare', 'Refuse']);
});

test("a state machine's executions are listed newest first, as ListExecutions gives them", async () => {
  const arn = await createMachine(PASS);
  const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first' }));
  await finished(first.executionArn as string);
  const second = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'second' }));
  await finished(second.executionArn as string);
  const { body } = await get<ExecutionRow[]>(served, `${machinePath(arn)}/executions`);
  expect(body.map((row) => [row.name, row.status])).toEqual([
    ['second', 'SUCCEEDED'],
    ['first', 'SUCCEEDED'],
  ]);
});

test('a failed execution in a list shows its error name, which ListExecutions does not give (one DescribeExecution, kept)', async () => {
  const arn = await createMachine(FAILING);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'refused' }));
  await finished(started.executionArn as string);
  const send = jest.spyOn(sfn, 'send');
  try {
    const first = await get<ExecutionRow[]>(served, `${machinePath(arn)}/executions`);
    const again = await get<ExecutionRow[]>(served, `${machinePath(arn)}/executions`);
    expect(first.body.map((row) => [row.name, row.status, row.error])).toEqual([
      ['refused', 'FAILED', 'Refused'],
    ]);
    expect(again.body).toEqual(first.body);
    expect(send.mock.calls.filter(([command]) => command instanceof DescribeExecutionCommand)).toHaveLength(
      1,
    );
  } finally {
    send.mockRestore();
  }
});

test("an execution's detail reads every page of its history (over 1,000 events) and the path it took", async () => {
  const arn = await createMachine({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  });
  const input = JSON.stringify({ items: Array.from({ length: 300 }, (_, i) => i) });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
  const executionArn = started.executionArn as string;
  expect(await finished(executionArn)).toBe('SUCCEEDED');
  let total = 0;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    total += page.events?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  expect(total).toBeGreaterThan(1000);
  const { body } = await get<ExecutionDetail>(served, executionPath(executionArn));
  expect(body.events).toHaveLength(total);
  expect(body.events.at(-1)?.type).toBe('ExecutionSucceeded');
  expect(body.truncated).toBe(false);
  expect(body.path.states).toEqual({ Each: 'succeeded', Echo: 'succeeded' });
  expect(body.status).toBe('SUCCEEDED');
});

test("a Distributed Map's runs are shown with their item counts (ListMapRuns, DescribeMapRun)", async () => {
  const arn = await createMachine({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Echo',
          States: { Echo: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '[1,2,3]' }));
  const executionArn = started.executionArn as string;
  expect(await finished(executionArn)).toBe('SUCCEEDED');
  const { body } = await get<ExecutionDetail>(served, executionPath(executionArn));
  expect(body.mapRuns).toHaveLength(1);
  expect(body.mapRuns[0]).toMatchObject({ status: 'SUCCEEDED', itemCounts: { succeeded: 3, total: 3 } });
});

test('a failed execution shows its error and which state failed; Redrive takes it on from there', async () => {
  const arn = await createMachine(FAILING);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const executionArn = started.executionArn as string;
  expect(await finished(executionArn)).toBe('FAILED');
  const { body: before } = await get<ExecutionDetail>(served, executionPath(executionArn));
  expect(before).toMatchObject({ error: 'Refused', cause: 'always', redrivable: true, redriveCount: 0 });
  expect(before.path.states).toEqual({ Prepare: 'succeeded', Refuse: 'failed' });
  const redriven = await post(served, `${executionPath(executionArn)}/redrive`, {});
  expect(redriven.status).toBe(200);
  expect(await finished(executionArn)).toBe('FAILED');
  const { body: after } = await get<ExecutionDetail>(served, executionPath(executionArn));
  expect(after.redriveCount).toBe(1);
  expect(after.events.filter((event) => event.type === 'ExecutionRedriven')).toHaveLength(1);
});

test('StartExecution from the console starts it with the name and input given', async () => {
  const arn = await createMachine(PASS);
  const { status, body } = await post(served, `${machinePath(arn)}/executions`, {
    name: 'from-the-console',
    input: '{"n":1}',
  });
  expect(status).toBe(200);
  const described = await sfn.send(
    new DescribeExecutionCommand({ executionArn: body['executionArn'] as string }),
  );
  expect({ name: described.name, input: described.input }).toEqual({
    name: 'from-the-console',
    input: '{"n":1}',
  });
});

test('an input the API refuses is answered with its error', async () => {
  const arn = await createMachine(PASS);
  const { status, body } = await post(served, `${machinePath(arn)}/executions`, { input: '{not json' });
  expect(status).toBe(400);
  expect(body['error']).toMatch(/^InvalidExecutionInput: /);
});

test('an execution that is not there is a 404 naming the API error', async () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:execution:nothing:here';
  const { status, body } = await get<{ error: string }>(served, executionPath(arn));
  expect(status).toBe(404);
  expect(body.error).toMatch(/^ExecutionDoesNotExist: /);
});

describe('Read-only', () => {
  test('the page is told, so that it offers neither Start nor Redrive', async () => {
    expect((await get<ConsoleConfig>(readOnly, '/api/console')).body).toMatchObject({ readOnly: true });
    expect((await get<ConsoleConfig>(served, '/api/console')).body).toMatchObject({ readOnly: false });
  });

  test('StartExecution is refused, and nothing is started', async () => {
    const arn = await createMachine(PASS);
    const { status, body } = await post(readOnly, `${machinePath(arn)}/executions`, { input: '{}' });
    expect(status).toBe(403);
    expect(body['error']).toMatch(/read-only .* does not start executions/);
    expect((await get<ExecutionRow[]>(readOnly, `${machinePath(arn)}/executions`)).body).toEqual([]);
  });

  test('RedriveExecution is refused, and the execution stays as it ended', async () => {
    const arn = await createMachine(FAILING);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const executionArn = started.executionArn as string;
    await finished(executionArn);
    const { status, body } = await post(readOnly, `${executionPath(executionArn)}/redrive`, {});
    expect(status).toBe(403);
    expect(body['error']).toMatch(/does not redrive executions/);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.redriveCount ?? 0).toBe(0);
  });
});

describe('Only its own page may change anything', () => {
  test('a POST with another Origin is refused before the API is called', async () => {
    const arn = await createMachine(PASS);
    const { status, body } = await post(
      served,
      `${machinePath(arn)}/executions`,
      {},
      { Origin: 'https://evil.example' },
    );
    expect(status).toBe(403);
    expect(body['error']).toMatch(/Cross-origin request refused \(Origin: https:\/\/evil\.example\)/);
    expect((await get<ExecutionRow[]>(served, `${machinePath(arn)}/executions`)).body).toEqual([]);
  });

  test('a POST that is not declared JSON is refused', async () => {
    const arn = await createMachine(PASS);
    const response = await fetch(new URL(`${machinePath(arn)}/executions`, served.url), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(response.status).toBe(415);
  });
});

describe('Against AWS', () => {
  test('an Express state machine, whose executions AWS does not list, shows none instead of failing', async () => {
    const aws = new SFNClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mocked = mockClient(aws);
    mocked.on(ListExecutionsCommand).rejects(
      new StateMachineTypeNotSupported({
        message: 'This operation is not supported by this type of state machine',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const views = new ConsoleViews(aws);
    const arn = 'arn:aws:states:eu-west-1:111122223333:stateMachine:fast';
    expect(await views.executions(arn)).toEqual([]);
    mocked.restore();
    aws.destroy();
  });

  test("paced for AWS's quotas: definitions are described once a minute, each machine's executions listed at most once a second per machine", async () => {
    const aws = new SFNClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mocked = mockClient(aws);
    const arn = (name: string) => `arn:aws:states:eu-west-1:111122223333:stateMachine:${name}`;
    mocked.on(ListStateMachinesCommand).resolves({
      stateMachines: ['a', 'b', 'c'].map((name) => ({
        name,
        stateMachineArn: arn(name),
        type: 'STANDARD',
        creationDate: new Date(0),
      })),
    });
    mocked.on(DescribeStateMachineCommand).resolves({ definition: JSON.stringify(PASS), name: 'a' });
    mocked.on(ListExecutionsCommand).resolves({ executions: [] });
    const paced = new ConsoleViews(aws, AWS_PACE);
    await paced.workflows();
    await paced.workflows();
    await paced.executions(arn('a'));
    await paced.executions(arn('a'));
    expect(mocked.commandCalls(DescribeStateMachineCommand)).toHaveLength(3);
    expect(mocked.commandCalls(ListExecutionsCommand)).toHaveLength(1);
    const unpaced = new ConsoleViews(aws);
    await unpaced.executions(arn('a'));
    await unpaced.executions(arn('a'));
    expect(mocked.commandCalls(ListExecutionsCommand)).toHaveLength(3);
    mocked.restore();
    aws.destroy();
  });
});

test("a finished execution's history is read once, however often the page asks; a redrive makes it read again", async () => {
  const arn = await createMachine(FAILING);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const executionArn = started.executionArn as string;
  await finished(executionArn);
  const send = jest.spyOn(sfn, 'send');
  const historyReads = () =>
    send.mock.calls.filter(([command]) => command instanceof GetExecutionHistoryCommand).length;
  try {
    await get(served, executionPath(executionArn));
    await get(served, executionPath(executionArn));
    await get(served, executionPath(executionArn));
    expect(historyReads()).toBe(1);
    await post(served, `${executionPath(executionArn)}/redrive`, {});
    await finished(executionArn);
    const { body } = await get<ExecutionDetail>(served, executionPath(executionArn));
    expect(body.events.filter((event) => event.type === 'ExecutionRedriven')).toHaveLength(1);
    expect(historyReads()).toBe(2);
  } finally {
    send.mockRestore();
  }
});
