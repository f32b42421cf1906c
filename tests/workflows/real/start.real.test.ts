import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

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

test('npm start runs until Ctrl-C with the dashboard up, then stops everything it started', async () => {
  const run = start(['--no-demo'], { ...process.env, SFN_PORT: '0', DASHBOARD_PORT: '0', API_PORT: '0' });
  for (let i = 0; i < 600 && !run.output().includes('Running.'); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(run.output()).toContain('Running.');
  const moto = /moto .*: (http:\/\/\S+)/.exec(run.output())?.[1] as string;
  const dashboard = /Dashboard: (http:\/\/\S+)/.exec(run.output())?.[1] as string;
  expect((await fetch(`${moto}/moto-api/`)).ok).toBe(true);
  expect(await (await fetch(`${dashboard}api/workflows`)).json()).toHaveLength(3);
  // The hand-driving commands find the running pipeline and go through its API.
  const signup = await command('local/commands/signup.ts', ['cmd@example.com', 'Cmd']);
  expect(signup).toEqual({ code: 0, output: expect.stringContaining('Signed up cmd@example.com') });
  expect(await command('local/commands/signup.ts', ['cmd@example.com', 'Cmd'])).toEqual({
    code: 1,
    output: expect.stringContaining('The API answered 409: cmd@example.com is already subscribed'),
  });
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  await expect(fetch(`${moto}/moto-api/`)).rejects.toThrow();
  await expect(fetch(dashboard)).rejects.toThrow();
}, 60_000);

test('without moto_server, npm start says in one line how to install it and exits non-zero', async () => {
  const run = start(['--no-demo'], { ...process.env, PATH: dirname(process.execPath) });
  expect(await run.exited).toBe(1);
  expect(run.output().trim().split('\n')).toEqual([expect.stringContaining('pip install "moto[server]"')]);
}, 60_000);
