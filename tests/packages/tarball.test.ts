/**
 * @myblog/stepfunctions-local as a stranger gets it: packed by its pack step, installed from the
 * tarball into an empty folder (npm install <tgz>, as from the registry), run from there. The
 * examples are read from the package README, so the README and what the tarball does cannot drift.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { packStepFunctionsLocal } from '../../packages/stepfunctions-local/scripts/pack';

const ROOT = join(__dirname, '..', '..');
const PACKAGE_DIR = join(ROOT, 'packages', 'stepfunctions-local');
const NAME = '@myblog/stepfunctions-local';
const README = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
const execute = promisify(execFile);

/** Runs a command to its end (killed past `timeout`); a failure carries everything it printed. */
async function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execute(command, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${(error as Error).message}\n${stdout}\n${stderr}`,
      {
        cause: error,
      },
    );
  }
}

/** The fenced blocks of one `## ` section of the README, by language, in order. */
function fencedBlocks(heading: string, language: 'json' | 'ts'): string[] {
  const start = README.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`the README has no section '## ${heading}'`);
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (match) => match[1] as string,
  );
}
const only = (blocks: string[], what: string): string => {
  if (blocks.length !== 1) throw new Error(`expected one ${what} in the README, found ${blocks.length}`);
  return blocks[0] as string;
};
const MOCK_CONFIG = only(fencedBlocks('Mock config', 'json'), 'mock config');
const [ORDER_DEFINITION, ...moreJson] = fencedBlocks('In-process use in jest', 'json');
const JEST_EXAMPLE = only(fencedBlocks('In-process use in jest', 'ts'), 'jest example');

/** npm and node run as in a fresh shell: nothing of this repository's npm run or AWS set-up leaks in. */
function cleanEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, ...(TMPDIR === undefined ? {} : { TMPDIR }), ...extra };
}

let work: string;
let tarball: string;
let consumer: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sfn-tarball-'));
  ({ tarball } = await packStepFunctionsLocal(join(work, 'pack')));
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: consumer,
    env: cleanEnvironment(),
    timeout: 480_000,
  });
}, 600_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

test('the README holds one mock config, one order.asl.json and one jest example', () => {
  expect(moreJson).toEqual([]);
  expect(() => JSON.parse(MOCK_CONFIG) as unknown).not.toThrow();
  expect(() => JSON.parse(ORDER_DEFINITION as string) as unknown).not.toThrow();
  expect(JEST_EXAMPLE).toContain(`from '${NAME}'`);
});

test('the tarball holds the bundle, the worker it starts, the console page, declarations, the bin and the README, and no source', async () => {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.trim().split('\n').sort();
  expect(files).toEqual(
    expect.arrayContaining([
      'package/package.json',
      'package/README.md',
      'package/bin/stepfunctions-local.mjs',
      'package/dist/index.js',
      'package/dist/cli.js',
      'package/dist/regex-worker.mjs',
      'package/dist/console-web/index.html',
      'package/dist/console-web/console.css',
      'package/dist/console-web/console.js',
      'package/dist/types/stepfunctions-local/src/index.d.ts',
      'package/dist/types/sfn-engine/src/index.d.ts',
      'package/dist/types/asl/src/index.d.ts',
    ]),
  );
  const outside = files.filter(
    (file) => !/^package\/(dist\/|bin\/|package\.json$|README\.md$)/.test(file) || /(?<!\.d)\.ts$/.test(file),
  );
  expect(outside).toEqual([]);
});

/** Every package under node_modules, nested ones too, by name. */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const names = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((inner) => `${entry}/${inner}`)
      : [entry];
    return names.flatMap((name) => [name, ...installedPackages(join(nodeModules, name, 'node_modules'))]);
  });
}

test('installed into an empty folder it brings its own dependencies and nothing of the pipeline', () => {
  const installed = new Set(installedPackages(join(consumer, 'node_modules')));
  const repository = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dependency of Object.keys(repository.dependencies)) expect(installed).toContain(dependency);
  const foreign = [...installed].filter(
    (name) =>
      ['sharp', 'aws-cdk-lib', 'aws-cdk', 'constructs', 'tsx', 'typescript', 'esbuild', 'jest'].includes(
        name,
      ) ||
      name.startsWith('@aws-lambda-powertools/') ||
      (name.startsWith('@myblog/') && name !== NAME),
  );
  expect(foreign).toEqual([]);
  const manifest = JSON.parse(
    readFileSync(join(consumer, 'node_modules', NAME, 'package.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect(manifest).toMatchObject({
    name: NAME,
    main: 'dist/index.js',
    dependencies: repository.dependencies,
  });
  expect(manifest).not.toHaveProperty('devDependencies');
  expect(manifest).not.toHaveProperty('private');
  // The workspaces are inside the bundle, not left to a require that would find nothing here.
  for (const entry of ['index.js', 'cli.js']) {
    const bundle = readFileSync(join(consumer, 'node_modules', NAME, 'dist', entry), 'utf8');
    expect(bundle.match(/require\(["']@myblog\/[^"']+["']\)/g) ?? []).toEqual([]);
  }
});

/** The installed bin, started as `npx stepfunctions-local` would; killed outright if a test leaves it. */
const BIN = () => join(consumer, 'node_modules', '.bin', 'stepfunctions-local');
let server: ChildProcess | undefined;

async function finished(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
afterEach(() => {
  if (server !== undefined && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  server = undefined;
});

test('--help prints the usage', async () => {
  const { stdout } = await run(BIN(), ['--help'], {
    cwd: consumer,
    env: cleanEnvironment(),
    timeout: 60_000,
  });
  expect(stdout).toMatch(/^Usage: stepfunctions-local .*--mock-config FILE/);
}, 90_000);

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Resolves with the first capture of `pattern` in what the bin prints (60 s at most). */
  printed(pattern: RegExp): Promise<string>;
}

/** Starts the installed bin in the consumer folder; afterEach kills it if the test does not stop it. */
function startInstalledBin(args: readonly string[], env: Readonly<Record<string, string>>): Started {
  const child = spawn(BIN(), args, {
    cwd: consumer,
    env: cleanEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const giveUp = Date.now() + 60_000;
      const poll = setInterval(() => {
        const found = pattern.exec(output);
        if (found !== null) resolve(found[1] as string);
        else if (child.exitCode !== null)
          reject(new Error(`the bin exited before printing ${pattern}:\n${output}`));
        else if (Date.now() > giveUp)
          reject(new Error(`the bin did not print ${pattern} in 60 s:\n${output}`));
        else return;
        clearInterval(poll);
      }, 50);
    });
  return { child, exited, printed };
}

test('the installed bin serves the API: the README mock config and order machine, an aws-sdk Task and a regex', async () => {
  const mockFile = join(consumer, 'MockConfigFile.json');
  writeFileSync(mockFile, MOCK_CONFIG);
  const bin = startInstalledBin(['--host', '127.0.0.1'], {
    PORT: '0',
    WAIT_TIME_SCALE: '0',
    SFN_MOCK_CONFIG: mockFile,
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_ACCOUNT_ID: '111122223333',
  });
  const url = await bin.printed(/ready on (http:\/\/\S+)/);
  const sfn = new SFNClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    disableHostPrefix: true,
  });
  try {
    const role = 'arn:aws:iam::111122223333:role/local';
    const order = await sfn.send(
      new CreateStateMachineCommand({ name: 'order', definition: ORDER_DEFINITION, roleArn: role }),
    );
    expect(order.stateMachineArn).toBe('arn:aws:states:eu-west-1:111122223333:stateMachine:order');
    // A day's Wait and a 60-second Retry interval, with WAIT_TIME_SCALE=0: no real time.
    const started = Date.now();
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: `${order.stateMachineArn as string}#ChargeFailsOnce`,
        input: JSON.stringify({ total: 42 }),
      }),
    );
    const described = await finished(sfn, executionArn as string);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect({ status: described.status, output: JSON.parse(described.output ?? 'null') as unknown }).toEqual({
      status: 'SUCCEEDED',
      output: { total: 42, receipt: 'r-1' },
    });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = events.map((event) => event.type);
    expect(types).toContain('WaitStateExited');
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(1);
    expect(types.filter((type) => type === 'TaskSucceeded')).toHaveLength(1);

    // An aws-sdk Task loads its SDK client from the installed dependencies (and calls this server);
    // a JSONata regex runs on the worker thread the tarball carries beside the bundle.
    const censusMachine = await sfn.send(
      new CreateStateMachineCommand({
        name: 'census',
        roleArn: role,
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          StartAt: 'Count machines',
          States: {
            'Count machines': {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:sfn:listStateMachines',
              Arguments: {},
              Output:
                '{% {"machines": $count($states.result.StateMachines), "order": $contains($join($states.result.StateMachines.Name, ","), /ord[a-z]+/)} %}',
              End: true,
            },
          },
        }),
      }),
    );
    const counted = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: censusMachine.stateMachineArn }),
    );
    const census = await finished(sfn, counted.executionArn as string);
    expect({ status: census.status, output: JSON.parse(census.output ?? 'null') as unknown }).toEqual({
      status: 'SUCCEEDED',
      output: { machines: 2, order: true },
    });
  } finally {
    sfn.destroy();
  }
  bin.child.kill('SIGINT');
  expect(await bin.exited).toBe(0);
}, 120_000);

test('the installed bin with --console serves the prebuilt console page and lays out a state machine', async () => {
  const bin = startInstalledBin(['--port', '0', '--console', '--console-port', '0'], {});
  const url = await bin.printed(/ready on (http:\/\/\S+)/);
  const consoleUrl = await bin.printed(/console on (http:\/\/\S+)/);
  const sfn = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'order',
        definition: ORDER_DEFINITION,
        roleArn: 'arn:aws:iam::123456789012:role/local',
      }),
    );
    const page = await fetch(consoleUrl);
    expect({ status: page.status, title: /<title>([^<]*)<\/title>/.exec(await page.text())?.[1] }).toEqual({
      status: 200,
      title: 'Step Functions console',
    });
    const script = await fetch(new URL('/console.js', consoleUrl));
    expect({ status: script.status, empty: (await script.text()).length === 0 }).toEqual({
      status: 200,
      empty: false,
    });
    const graph = await fetch(
      new URL(`/api/state-machines/${encodeURIComponent(stateMachineArn as string)}/graph`, consoleUrl),
    );
    expect(graph.status).toBe(200);
    expect(JSON.stringify(await graph.json())).toContain('Wait a day');
  } finally {
    sfn.destroy();
  }
  bin.child.kill('SIGTERM');
  expect(await bin.exited).toBe(0);
}, 120_000);

test("the README's jest example type-checks against the installed declarations and passes there", async () => {
  writeFileSync(join(consumer, 'order.asl.json'), ORDER_DEFINITION as string);
  writeFileSync(join(consumer, 'order.test.ts'), JEST_EXAMPLE);
  const node = process.execPath;
  const tsc = [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '--strict',
    '--target',
    'es2022',
    '--module',
    'node16',
    '--moduleResolution',
    'node16',
    '--typeRoots',
    join(ROOT, 'node_modules', '@types'),
    '--types',
    'node,jest',
    'order.test.ts',
  ];
  await run(node, tsc, { cwd: consumer, env: cleanEnvironment(), timeout: 180_000 });

  writeFileSync(
    join(consumer, 'jest.config.json'),
    JSON.stringify({
      rootDir: consumer,
      testEnvironment: 'node',
      transform: {
        '^.+\\.ts$': [
          join(ROOT, 'node_modules', '@swc', 'jest'),
          { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } },
        ],
      },
    }),
  );
  const jest = [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', 'jest.config.json', '--ci'];
  const { stderr } = await run(node, [...jest, '--watchman=false'], {
    cwd: consumer,
    env: cleanEnvironment(),
    timeout: 180_000,
  });
  expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
}, 400_000);
