import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';

const BIN = join(__dirname, '..', '..', 'bin', 'stepfunctions-local.mjs');

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

test('SFN_MOCK_CONFIG with a mistake stops the start with the problem named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-'));
  const file = join(dir, 'MockConfigFile.json');
  writeFileSync(
    file,
    JSON.stringify({ StateMachines: { m: { TestCases: { c: { S: 'Missing' } } } }, MockedResponses: {} }),
  );
  const server = start(['--port', '0'], { SFN_MOCK_CONFIG: file });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain('"Missing", which is not in MockedResponses');
}, 30_000);

test('a bad flag value is refused with the usage', async () => {
  const server = start(['--port', 'eighty']);
  expect(await server.exited).toBe(1);
  expect(server.output()).toMatch(/--port must be a port number[\s\S]*Usage: stepfunctions-local/);
}, 30_000);
