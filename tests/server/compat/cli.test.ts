/**
 * The switch as a user sets it: `npx stepfunctions-local --compat stepfunctions-local`, or
 * `SFN_LOCAL_COMPAT=stepfunctions-local` in the environment (as SFN_MOCK_CONFIG is set for the
 * amazon/aws-stepfunctions-local container).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SALES_LEAD_INPUT, SALES_LEAD_MOCK_CONFIG, salesLeadDefinition } from './sales-leads';

const BIN = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'stepfunctions-local',
  'bin',
  'stepfunctions-local.mjs',
);

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child: ChildProcess = spawn(process.execPath, [BIN, '--port', '0', ...args], {
    env: { ...process.env, SFN_LOCAL_COMPAT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function readyLine(output: () => string, exited: Promise<number | null>): Promise<string> {
  let ended = false;
  void exited.then(() => (ended = true));
  for (let i = 0; i < 300 && !ended; i += 1) {
    const line = output()
      .split('\n')
      .find((text) => text.includes('ready on'));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not say it was ready:\n${output()}`);
}

function mockConfigFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sfn-compat-')), 'MockConfigFile.json');
  writeFileSync(path, JSON.stringify(SALES_LEAD_MOCK_CONFIG));
  return path;
}

/** The retry case's aws-sdk TaskSucceeded, read from a server started as given. */
async function detectSentimentSucceeded(args: string[], env: NodeJS.ProcessEnv) {
  const server = start(['--wait-time-scale', '0', ...args], { SFN_MOCK_CONFIG: mockConfigFile(), ...env });
  const line = await readyLine(server.output, server.exited);
  const sfn = new SFNClient({
    endpoint: /ready on (\S+)/.exec(line)?.[1] as string,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'LocalTesting',
        definition: JSON.stringify(salesLeadDefinition()),
        roleArn: 'arn:aws:iam::123456789012:role/DummyRole',
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: `${stateMachineArn as string}#RetryOnServiceExceptionTest`,
        input: SALES_LEAD_INPUT,
      }),
    );
    while ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING')
      await new Promise((resolve) => setTimeout(resolve, 20));
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const succeeded = events?.filter(
      (event) =>
        event.type === 'TaskSucceeded' &&
        event.taskSucceededEventDetails?.resourceType?.startsWith('aws-sdk'),
    );
    return { line, details: succeeded?.map((event) => event.taskSucceededEventDetails) };
  } finally {
    sfn.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

test('--compat stepfunctions-local says so when ready and answers as Step Functions Local', async () => {
  const { line, details } = await detectSentimentSucceeded(['--compat', 'stepfunctions-local'], {});
  expect(line).toContain('compatible with stepfunctions-local');
  expect(details).toEqual([
    expect.objectContaining({ resourceType: 'aws-sdk', resource: 'comprehend:detectSentiment' }),
  ]);
}, 60_000);

test('SFN_LOCAL_COMPAT=stepfunctions-local does the same', async () => {
  const { details } = await detectSentimentSucceeded([], { SFN_LOCAL_COMPAT: 'stepfunctions-local' });
  expect(details).toEqual([
    expect.objectContaining({ resourceType: 'aws-sdk', resource: 'comprehend:detectSentiment' }),
  ]);
}, 60_000);

test('the flag wins over the variable, and without either the server answers as AWS', async () => {
  const flagged = await detectSentimentSucceeded(['--compat', 'aws'], {
    SFN_LOCAL_COMPAT: 'stepfunctions-local',
  });
  expect(flagged.details).toEqual([
    expect.objectContaining({ resourceType: 'aws-sdk:comprehend', resource: 'detectSentiment' }),
  ]);
  const plain = await detectSentimentSucceeded([], {});
  expect(plain.line).not.toContain('compatible with');
  expect(plain.details).toEqual([
    expect.objectContaining({ resourceType: 'aws-sdk:comprehend', resource: 'detectSentiment' }),
  ]);
}, 60_000);

test('an unknown mode stops the start, naming the modes there are', async () => {
  const server = start(['--compat', 'sfn-local']);
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain("unknown compatibility mode 'sfn-local': use aws or stepfunctions-local");
  expect(server.output()).toContain('Usage: stepfunctions-local');
}, 30_000);
