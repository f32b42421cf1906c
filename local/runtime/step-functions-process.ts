import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'packages', 'stepfunctions-local', 'bin', 'stepfunctions-local.mjs');

/** The local Step Functions as a process of its own, with a data dir: one that can be killed. */
export interface StepFunctionsProcess {
  readonly url: string;
  /** SIGKILL: it dies at once, mid-whatever, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again, on the same port and data dir; resolves once it answers. */
  start(): Promise<void>;
  /** SIGTERM, and waits for it to end. */
  stop(): Promise<void>;
}

/** The server did not come up; its output says why. */
export class StepFunctionsDidNotStart extends Error {
  override readonly name = 'StepFunctionsDidNotStart';
}

function launch(
  port: number,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, '--port', String(port), '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new StepFunctionsDidNotStart(`stepfunctions-local did not start in 30 s:\n${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready on (http:\/\/\S+)/.exec(output);
      if (ready !== null) {
        clearTimeout(timer);
        resolve({ child, url: ready[1] as string });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new StepFunctionsDidNotStart(`stepfunctions-local exited with ${String(code)}:\n${output}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/**
 * Spawns `stepfunctions-local --data-dir DIR [args]` with `env` (its AWS endpoints, LAMBDA_ENDPOINT),
 * on a free port that it keeps across restarts, so clients need not learn a new address.
 */
export async function spawnStepFunctions(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<StepFunctionsProcess> {
  const first = await launch(0, dataDir, env, args);
  let child = first.child;
  const url = first.url;
  const port = Number(new URL(url).port);
  return {
    url,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    start: async () => {
      ({ child } = await launch(port, dataDir, env, args));
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
