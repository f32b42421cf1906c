import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, type MotoServer, startMoto } from '../../local/runtime/moto';

/** A Step Functions endpoint under test, running in a process of its own. */
export interface Target {
  readonly name: string;
  readonly endpoint: string;
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

/** Ours, started through its CLI exactly as a user starts it (with a journal when given a data dir). */
export async function startOurs(dataDir?: string): Promise<Target> {
  const port = await freePort();
  const journal = dataDir === undefined ? [] : ['--data-dir', dataDir];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/stepfunctions-local/src/cli.ts', '--port', String(port), ...journal],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(endpoint, child, 30_000);
  return {
    name: dataDir === undefined ? 'ours' : 'ours with a journal',
    endpoint,
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
