import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, type MotoServer, startMoto } from '../../local/runtime/moto';

/** A Step Functions endpoint under test, running in a process of its own. */
export interface Target {
  readonly name: string;
  readonly endpoint: string;
  /** The server's process, for its CPU time (undefined when it has none of its own). */
  readonly pid?: number;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(500) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Where the bench packs the package (under .pack/, which git and the tools ignore). */
const PACKED = join('packages', 'stepfunctions-local', '.pack', 'bench');
let packed: Promise<string> | undefined;

/**
 * The CLI as npm installs it: `npm run pack:stepfunctions-local` bundles src/cli.ts with the
 * workspaces into dist/cli.js (esbuild, CommonJS), and the bin runs that, not the TypeScript
 * source through tsx. Packed once per bench run, from the working tree.
 */
export function packedCli(): Promise<string> {
  packed ??= new Promise((resolve, reject) => {
    execFile('npm', ['run', '--silent', 'pack:stepfunctions-local', '--', PACKED], (error, _out, stderr) => {
      if (error === null) resolve(join(PACKED, 'package', 'dist', 'cli.js'));
      else reject(new Error(`packing @myblog/stepfunctions-local failed: ${stderr || error.message}`));
    });
  });
  return packed;
}

/** Ours, started through its packed CLI exactly as a user starts it (with a journal when given a data dir). */
export async function startOurs(dataDir?: string): Promise<Target> {
  const port = await freePort();
  const journal = dataDir === undefined ? [] : ['--data-dir', dataDir];
  const child = spawn(process.execPath, [await packedCli(), '--port', String(port), ...journal], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(endpoint, child, 30_000);
  return {
    name: dataDir === undefined ? 'ours' : 'ours with a journal',
    endpoint,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** moto's server with its Step Functions set to execute state machines (its config API). */
export async function startMotoStepFunctions(): Promise<Target> {
  const moto: MotoServer = await startMoto();
  const response = await fetch(`${moto.endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
  });
  if (!response.ok) throw new Error(`moto refused its config: ${response.status}`);
  return { name: 'moto', endpoint: moto.endpoint, stop: () => moto.stop() };
}
