import { alive } from '../../support/processes';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionHost, type HostedFunction } from '../../../local/runtime/function-host/function-host';

const PROBE = join(__dirname, 'fixtures', 'probe-handler.ts');
const BROKEN = join(__dirname, 'fixtures', 'broken-init-handler.ts');

const probe = (overrides: Partial<HostedFunction> = {}): HostedFunction => ({
  name: 'probe',
  handlerFile: PROBE,
  env: { PROBE_SETTING: 'probe-value' },
  timeoutSeconds: 5,
  memoryMb: 128,
  ...overrides,
});

interface Described {
  pid: number;
  functionName: string;
  requestId: string;
  remainingMs: number;
  probeSetting: string | null;
  hostOnly: string | null;
}

let host: FunctionHost | undefined;
let scratch: string;
let request = 0;

function start(functions: HostedFunction[], maxEnvironments?: number): FunctionHost {
  host = FunctionHost.start(functions, {
    region: 'us-east-1',
    accountId: '123456789012',
    ...(maxEnvironments === undefined ? {} : { maxEnvironments }),
  });
  return host;
}

const invoke = (running: FunctionHost, name: string, event: object) =>
  running.invoke(name, event, { awsRequestId: `request-${++request}` });

const describeIn = async (running: FunctionHost, name = 'probe') =>
  (await invoke(running, name, { action: 'describe' })) as Described;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'function-host-'));
  process.env['HOST_ONLY_SECRET'] = 'not for functions';
});

afterEach(async () => {
  await host?.stop();
  host = undefined;
  delete process.env['HOST_ONLY_SECRET'];
  rmSync(scratch, { recursive: true, force: true });
});

test('runs each invocation in a process of its own, with the context Lambda gives', async () => {
  const described = await describeIn(start([probe()]));
  expect(described.pid).not.toBe(process.pid);
  expect(described.functionName).toBe('probe');
  expect(described.requestId).toBe(`request-${request}`);
  expect(described.remainingMs).toBeGreaterThan(0);
  expect(described.remainingMs).toBeLessThanOrEqual(5000);
});

test('reuses a warm environment for the next invocation', async () => {
  const running = start([probe()]);
  const first = await describeIn(running);
  const second = await describeIn(running);
  expect(second.pid).toBe(first.pid);
  expect(running.counts).toMatchObject({ coldStarts: 1, warmStarts: 1 });
});

test('runs concurrent invocations in separate environments, one invocation each', async () => {
  const running = start([probe()]);
  const [a, b] = await Promise.all([describeIn(running), describeIn(running)]);
  expect(a.pid).not.toBe(b.pid);
  expect(running.counts.coldStarts).toBe(2);
});

test('gives a function its own variables only, not the host process environment', async () => {
  const running = start([probe(), probe({ name: 'other', env: {} })]);
  expect(await describeIn(running)).toMatchObject({ probeSetting: 'probe-value', hostOnly: null });
  expect(await describeIn(running, 'other')).toMatchObject({ probeSetting: null });
});

test('stops an invocation at its timeout: Sandbox.Timedout, and the attempt does nothing after it', async () => {
  const running = start([probe({ timeoutSeconds: 0.5 })]);
  const file = join(scratch, 'late.txt');
  const before = await describeIn(running);
  await expect(invoke(running, 'probe', { action: 'write-later', ms: 1500, file })).rejects.toMatchObject({
    name: 'Sandbox.Timedout',
    message: expect.stringMatching(/Task timed out after 0\.50 seconds$/),
  });
  expect(alive(before.pid)).toBe(false);
  await sleep(2000);
  expect(existsSync(file)).toBe(false);
  // The next invocation starts a new environment.
  expect((await describeIn(running)).pid).not.toBe(before.pid);
  expect(running.counts.timeouts).toBe(1);
});

test("reports a thrown error with the function's name, message and trace", async () => {
  const running = start([probe()]);
  const error = (await invoke(running, 'probe', { action: 'throw' }).catch(
    (thrown: unknown) => thrown,
  )) as Error;
  expect(error).toMatchObject({ name: 'ProbeFailed', message: 'asked to fail' });
  expect(error.stack).toContain('probe-handler.ts');
});

test('keeps the environment warm after a function error', async () => {
  const running = start([probe()]);
  const first = await describeIn(running);
  await expect(invoke(running, 'probe', { action: 'throw' })).rejects.toMatchObject({ name: 'ProbeFailed' });
  expect((await describeIn(running)).pid).toBe(first.pid);
});

test('reports a process that exits mid-invocation as Runtime.ExitError', async () => {
  await expect(invoke(start([probe()]), 'probe', { action: 'exit' })).rejects.toMatchObject({
    name: 'Runtime.ExitError',
    message: expect.stringContaining('Runtime exited with error: exit status 3'),
  });
});

test('reports an error thrown while the module loads as that error', async () => {
  const running = start([probe({ name: 'broken', handlerFile: BROKEN })]);
  await expect(invoke(running, 'broken', {})).rejects.toMatchObject({
    name: 'ConfigurationError',
    message: expect.stringContaining('TABLE_NAME'),
  });
});

test('throttles invocations beyond the reserved concurrency with Lambda.TooManyRequestsException', async () => {
  const running = start([probe({ reservedConcurrency: 1 })]);
  const file = join(scratch, 'slow.txt');
  const slow = invoke(running, 'probe', { action: 'write-later', ms: 300, file });
  await expect(describeIn(running)).rejects.toMatchObject({ name: 'Lambda.TooManyRequestsException' });
  await slow;
  expect(running.counts.throttles).toBe(1);
});

test('waits for room when the machine limit of environments is reached, instead of failing', async () => {
  const running = start([probe(), probe({ name: 'other' })], 1);
  const file = join(scratch, 'first.txt');
  const results = await Promise.all([
    invoke(running, 'probe', { action: 'write-later', ms: 200, file }),
    describeIn(running, 'other'),
  ]);
  expect(results[0]).toEqual({ wrote: file });
  expect(results[1]).toMatchObject({ functionName: 'other' });
});

test('stops every environment when it stops', async () => {
  const running = start([probe()]);
  const { pid } = await describeIn(running);
  await running.stop();
  expect(alive(pid)).toBe(false);
});
