import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';

/** `stepfunctions-local --console` and `stepfunctions-local console --endpoint …`, as a user runs them. */

const BIN = join(__dirname, '..', '..', 'packages', 'stepfunctions-local', 'bin', 'stepfunctions-local.mjs');
const started: ChildProcess[] = [];

function start(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = async (pattern: RegExp): Promise<string> => {
    for (let i = 0; i < 600; i += 1) {
      const match = pattern.exec(output);
      if (match !== null) return match[1] as string;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the bin did not print ${String(pattern)}:\n${output}`);
  };
  return { child, exited, printed, output: () => output };
}

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const config = async (consoleUrl: string) =>
  (await (await fetch(new URL('/api/console', consoleUrl))).json()) as {
    watching: string;
    readOnly: boolean;
  };

test('--console serves the console beside the server, watching it through its API', async () => {
  const bin = start(['--port', '0', '--console', '--console-port', '0']);
  const url = await bin.printed(/ready on (http:\/\/\S+)/);
  const consoleUrl = await bin.printed(/console on (http:\/\/\S+)/);
  const sfn = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  await sfn.send(
    new CreateStateMachineCommand({
      name: 'seen-by-the-console',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    }),
  );
  sfn.destroy();
  const workflows = (await (await fetch(new URL('/api/workflows', consoleUrl))).json()) as { key: string }[];
  expect(workflows.map((workflow) => workflow.key)).toEqual(['seen-by-the-console']);
  expect(await config(consoleUrl)).toMatchObject({ watching: url, readOnly: false });
  bin.child.kill('SIGTERM');
  expect(await bin.exited).toBe(0);
}, 60_000);

test('console --endpoint URL --read-only watches another server and says it is read-only', async () => {
  const server = start(['--port', '0']);
  const url = await server.printed(/ready on (http:\/\/\S+)/);
  const watcher = start(['console', '--endpoint', url, '--port', '0', '--read-only']);
  const consoleUrl = await watcher.printed(/console on (http:\/\/\S+)/);
  expect(watcher.output()).toContain('(read-only)');
  expect(await config(consoleUrl)).toEqual(expect.objectContaining({ watching: url, readOnly: true }));
}, 60_000);

test('console --endpoint aws is read-only without being asked, in the region given', async () => {
  // /api/console is the console's own answer: nothing here reaches AWS.
  const home = mkdtempSync(join(tmpdir(), 'aws-'));
  const bin = start(['console', '--endpoint', 'aws', '--region', 'eu-west-1', '--port', '0'], {
    PATH: process.env['PATH'],
    HOME: home,
    AWS_ACCESS_KEY_ID: 'console-test',
    AWS_SECRET_ACCESS_KEY: 'not-a-secret',
  });
  const consoleUrl = await bin.printed(/console on (http:\/\/\S+)/);
  expect(bin.output()).toContain('(read-only)');
  expect(await config(consoleUrl)).toEqual(
    expect.objectContaining({ watching: 'AWS Step Functions (eu-west-1)', readOnly: true }),
  );
  const refused = await fetch(
    new URL('/api/executions/arn%3Aaws%3Astates%3Aeu-west-1%3A1%3Aexecution%3Am%3Ae/redrive', consoleUrl),
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    },
  );
  expect(refused.status).toBe(403);
}, 60_000);

test('console without --endpoint is a usage error', async () => {
  const bin = start(['console']);
  expect(await bin.exited).toBe(1);
  expect(bin.output()).toMatch(/console needs --endpoint/);
  expect(bin.output()).toContain('Usage: stepfunctions-local');
}, 30_000);

test('console --endpoint aws without a region says how to give one', async () => {
  // An environment with no region and no profile to find one in.
  const home = mkdtempSync(join(tmpdir(), 'no-aws-'));
  const { PATH } = process.env;
  const bin = start(['console', '--endpoint', 'aws', '--port', '0'], {
    PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  });
  expect(await bin.exited).toBe(1);
  expect(bin.output()).toMatch(/--endpoint aws needs a region: set AWS_REGION/);
}, 30_000);

test('--console-port without --console is a usage error', async () => {
  const bin = start(['--console-port', '9000']);
  expect(await bin.exited).toBe(1);
  expect(bin.output()).toMatch(/--console-port goes with --console/);
}, 30_000);
