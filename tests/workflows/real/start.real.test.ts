import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { settled } from '../../support/settled';
import {
  alive,
  answers,
  groupProcesses,
  motoPid,
  printedUrls,
  startProcess,
  type StartProcess,
  waitForLine,
} from './start-process';

const ROOT = join(__dirname, '..', '..', '..');
/** Free ports everywhere, so these runs never meet an `npm start` of someone's on this machine. */
const FREE_PORTS = { SFN_PORT: '0', DASHBOARD_PORT: '0', API_PORT: '0' };
/** How long a stop may take on a busy machine before the test calls it stuck. */
const STOP_LIMIT_MS = 60_000;

const started: StartProcess[] = [];
function start(
  how: 'node' | 'npm',
  args: string[],
  env: NodeJS.ProcessEnv = { ...process.env, ...FREE_PORTS },
) {
  const run = startProcess(how, args, env);
  started.push(run);
  return run;
}
// Whatever a test did or failed to do, nothing it started outlives it.
afterEach(() => {
  for (const run of started.splice(0)) run.kill();
});

/** Runs one of the npm-run commands to its end. */
async function command(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** Waits until nothing of the run is left, then checks moto and every port it served are gone. */
async function expectAllStopped(run: StartProcess, moto: number, urls: string[]): Promise<void> {
  const left = await settled(
    async () => groupProcesses(run.pgid),
    (processes) => processes.length === 0,
    STOP_LIMIT_MS,
  );
  expect(left).toEqual([]);
  expect(alive(moto)).toBe(false);
  for (const url of urls) expect(await answers(url)).toBe(false);
}

test('npm start says what it starts as it starts it, runs until Ctrl-C with the dashboard up, then stops everything it started', async () => {
  const run = start('node', ['--no-demo']);
  await waitForLine(run, 'Running.');
  const lines = run.stdout().split('\n');
  const order = [
    /^Starting the local pipeline/,
    /^Starting moto_server/,
    /^moto .*: http/,
    /^Creating the pipeline's resources/,
    /^Step Functions: http/,
    /^Starting the dashboard/,
    /^Dashboard: http/,
    /^Running\./,
  ].map((pattern) => lines.findIndex((line) => pattern.test(line)));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(order[0]).toBe(0);
  const urls = printedUrls(run);
  const moto = motoPid(run);
  expect((await fetch(`${urls.moto}/moto-api/`)).ok).toBe(true);
  // The console lists every state machine on the local endpoint: the blog's three and MyTodoList's.
  const workflows = (await (await fetch(`${urls.dashboard}api/workflows`)).json()) as { title: string }[];
  expect(workflows.map((workflow) => workflow.title).sort()).toEqual([
    'myblog-thumbnail',
    'myblog-update-publishing',
    'myblog-welcome-email',
    'mytodolist-todo-reminder',
  ]);
  // The hand-driving commands find the running pipeline and go through its API.
  const signup = await command('local/commands/signup.ts', ['cmd@example.com', 'Cmd']);
  expect(signup).toEqual({ code: 0, output: expect.stringContaining('Signed up cmd@example.com') });
  expect(await command('local/commands/signup.ts', ['cmd@example.com', 'Cmd'])).toEqual({
    code: 1,
    output: expect.stringContaining('The API answered 409: cmd@example.com is already subscribed'),
  });
  // Ctrl-C in a terminal signals the whole foreground process group, moto included.
  process.kill(-run.pgid, 'SIGINT');
  expect(await run.exited).toBe(0);
  await expectAllStopped(run, moto, [urls.moto, urls.stepFunctions, urls.api, urls.dashboard as string]);
}, 240_000);

test('without moto_server, npm start says in one line how to install it and exits non-zero', async () => {
  const run = start('node', ['--no-demo'], {
    ...process.env,
    ...FREE_PORTS,
    PATH: dirname(process.execPath),
  });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim().split('\n')).toEqual([expect.stringContaining('pip install "moto[server]"')]);
}, 60_000);

test('--help and -h print every flag and every variable npm start reads, start nothing and exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    const run = start('node', [flag]);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toMatch(/^Usage: npm start/);
    for (const word of [
      '--no-demo',
      '--exit-after-demo',
      '-h, --help',
      'SFN_PORT=8083',
      'API_PORT=8085',
      'DASHBOARD_PORT=8084',
      'WAIT_TIME_SCALE=0.1',
      'POWERTOOLS_LOG_LEVEL',
      'moto_server',
    ])
      expect(run.stdout()).toContain(word);
    expect(run.stdout()).not.toContain('Starting');
  }
}, 60_000);

test('an unknown flag is named in one line, followed by the usage, with exit code 2 and no stack trace', async () => {
  const run = start('node', ['--no-demo', '--bogus']);
  expect(await run.exited).toBe(2);
  const [first, second, third] = run.stderr().split('\n');
  expect([first, second, third]).toEqual([
    "npm start: unknown option '--bogus'",
    '',
    expect.stringMatching(/^Usage:/),
  ]);
  expect(run.output()).not.toMatch(/^\s+at /m);
  expect(run.stdout()).toBe('');
}, 60_000);

test('a port in use is found before anything starts, and its message names the variable that moves it', async () => {
  const holders: Server[] = [];
  const hold = () =>
    new Promise<number>((resolve) => {
      const server = createServer();
      holders.push(server);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  try {
    const [stepFunctions, dashboard] = [await hold(), await hold()];
    const run = start('node', ['--no-demo'], {
      ...process.env,
      SFN_PORT: String(stepFunctions),
      DASHBOARD_PORT: String(dashboard),
      API_PORT: '0',
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Port ${stepFunctions} is in use .*set SFN_PORT=<another port>`)),
      expect.stringMatching(new RegExp(`^Port ${dashboard} is in use .*set DASHBOARD_PORT=<another port>`)),
    ]);
    expect(run.stdout()).not.toContain('moto');
  } finally {
    for (const server of holders) server.close();
  }
}, 60_000);

test('a SIGTERM to the npm process alone (as IDEs and process managers send) stops moto and frees the ports', async () => {
  // npm passes the SIGTERM to its `sh` only, which dies; node hears nothing of it.
  const run = start('npm', ['--no-demo']);
  await waitForLine(run, 'Running.');
  const urls = printedUrls(run);
  const moto = motoPid(run);
  process.kill(run.pgid, 'SIGTERM');
  await expectAllStopped(run, moto, [urls.moto, urls.stepFunctions, urls.api, urls.dashboard as string]);
  expect(run.output()).toContain('is gone: stopping everything…');
}, 240_000);

test.each(['SIGTERM', 'SIGHUP'] as const)(
  'a %s to the node process alone stops everything, moto included, and exits 0',
  async (signal) => {
    const run = start('node', ['--no-demo']);
    await waitForLine(run, 'Running.');
    const urls = printedUrls(run);
    const moto = motoPid(run);
    process.kill(run.pgid, signal);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain(`${signal}: stopping everything…\nStopped.\n`);
    await expectAllStopped(run, moto, [urls.moto, urls.stepFunctions, urls.api, urls.dashboard as string]);
  },
  240_000,
);

test('when the node process is killed outright (no handler runs), moto goes with it', async () => {
  const run = start('node', ['--no-demo']);
  await waitForLine(run, 'Running.');
  const urls = printedUrls(run);
  const moto = motoPid(run);
  process.kill(run.pgid, 'SIGKILL');
  await expectAllStopped(run, moto, [urls.moto, urls.stepFunctions, urls.api, urls.dashboard as string]);
}, 240_000);
