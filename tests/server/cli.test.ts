import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

const BIN = join(__dirname, '..', '..', 'packages', 'stepfunctions-local', 'bin', 'stepfunctions-local.mjs');

function start(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function readyUrl(output: () => string): Promise<string> {
  for (let i = 0; i < 300; i += 1) {
    const match = /ready on (http:\/\/\S+)/.exec(output());
    if (match !== null) return match[1] as string;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not say it was ready:\n${output()}`);
}

test('npx stepfunctions-local prints one ready line, serves the API and stops on SIGTERM', async () => {
  const server = start(['--port', '0']);
  const url = await readyUrl(server.output);
  const sfn = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
  sfn.destroy();
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.output().trim().split('\n')).toHaveLength(1);
}, 30_000);

const client = (endpoint: string) =>
  new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

test('with --data-dir, a server killed with SIGKILL and started again goes on with the running execution', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-data-'));
  const first = start(['--port', '0', '--data-dir', dir]);
  let sfn = client(await readyUrl(first.output));
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: 'kept',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({
        StartAt: 'Before',
        States: {
          Before: { Type: 'Pass', Result: { step: 'before' }, ResultPath: '$.before', Next: 'Hold' },
          Hold: { Type: 'Wait', Seconds: 2, Next: 'After' },
          After: { Type: 'Pass', Result: { step: 'after' }, ResultPath: '$.after', End: true },
        },
      }),
    }),
  );
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
  sfn.destroy();
  first.child.kill('SIGKILL');
  await first.exited;

  const second = start(['--port', '0'], { SFN_DATA_DIR: dir });
  sfn = client(await readyUrl(second.output));
  expect(second.output()).toContain('1 running executions resumed');
  let described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  while (described.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  }
  expect(described.status).toBe('SUCCEEDED');
  expect(JSON.parse(described.output as string)).toEqual({
    n: 1,
    before: { step: 'before' },
    after: { step: 'after' },
  });
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  const entered = (events ?? [])
    .filter((event) => event.stateEnteredEventDetails !== undefined)
    .map((event) => event.stateEnteredEventDetails?.name);
  expect(entered).toEqual(['Before', 'Hold', 'Hold', 'After']);
  sfn.destroy();
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 30_000);

test('SFN_MOCK_CONFIG with a mistake stops the start with the problem named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-'));
  const file = join(dir, 'MockConfigFile.json');
  writeFileSync(
    file,
    JSON.stringify({ StateMachines: { m: { TestCases: { c: { S: 'Missing' } } } }, MockedResponses: {} }),
  );
  const server = start(['--port', '0'], { SFN_MOCK_CONFIG: file });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain(
    'StateMachines.m.TestCases.c.S: names "Missing", which no MockedResponses entry defines',
  );
}, 30_000);

test('a bad flag value is refused with the usage', async () => {
  const server = start(['--port', 'eighty']);
  expect(await server.exited).toBe(1);
  expect(server.output()).toMatch(/--port must be a port number[\s\S]*Usage: stepfunctions-local/);
}, 30_000);

test('a retention that keeps nothing is refused with the usage', async () => {
  const server = start(['--port', '0', '--retained-executions', '0']);
  expect(await server.exited).toBe(1);
  expect(server.output()).toMatch(/--retained-executions must be a whole number of at least 1, got 0/);
}, 30_000);
