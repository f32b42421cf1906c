import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { settled } from '../../support/settled';

export { alive } from '../../support/processes';

const ROOT = join(__dirname, '..', '..', '..');

/** `npm start` run by a test, in a process group of its own so the test can always end all of it. */
export interface StartProcess {
  readonly child: ChildProcess;
  readonly pgid: number;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr as they came. */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** SIGKILL to its whole process group (moto included): the clean-up, whatever the test did. */
  kill(): void;
}

/**
 * Starts local/start.ts as `npm start` runs it (`how: 'npm'`: npm → sh → tsx → node, the way a
 * terminal or an IDE does) or as node alone (`how: 'node'`), leading a process group of its own
 * as a job started from a terminal does.
 */
export function startProcess(how: 'node' | 'npm', args: string[], env: NodeJS.ProcessEnv): StartProcess {
  const [command, argv] =
    how === 'npm'
      ? ['npm', ['start', '--', ...args]]
      : [process.execPath, ['--import', 'tsx', 'local/start.ts', ...args]];
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pgid = child.pid as number;
  return {
    child,
    pgid,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => output,
    exited,
    kill: () => {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Nothing of it is left.
      }
    },
  };
}

export interface ProcessLine {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

/** The live processes of a process group (zombies, which have ended, left out). */
export function groupProcesses(pgid: number): ProcessLine[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null || Number(match[3]) !== pgid || match[4]?.startsWith('Z')) return [];
    return [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[5] ?? '' }];
  });
}

/** Whether anything answers HTTP at `url`. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/** Waits for `line` in its output; generous, as a busy machine can take long to start it. */
export async function waitForLine(run: StartProcess, line: string, limitMs = 150_000): Promise<void> {
  const output = await settled(
    async () => run.output(),
    (text) => text.includes(line),
    limitMs,
  );
  if (!output.includes(line)) throw new Error(`"${line}" did not come within ${limitMs} ms:\n${output}`);
}

/** The URLs it printed for moto, the Step Functions, the blog API and (with one) the dashboard. */
export function printedUrls(run: StartProcess): {
  moto: string;
  stepFunctions: string;
  api: string;
  dashboard?: string;
} {
  const find = (pattern: RegExp) => pattern.exec(run.output())?.[1];
  const moto = find(/^moto .*: (http:\/\/\S+)/m);
  const stepFunctions = find(/^Step Functions: (http:\/\/\S+)/m);
  const api = find(/^Blog API: (http:\/\/\S+)/m);
  const dashboard = find(/^Dashboard: (http:\/\/\S+)/m);
  if (moto === undefined || stepFunctions === undefined || api === undefined)
    throw new Error(`npm start did not print its URLs:\n${run.output()}`);
  return { moto, stepFunctions, api, ...(dashboard === undefined ? {} : { dashboard }) };
}

/**
 * The pid of the moto_server it started: the one in its process group (moto binds port 0 and says
 * which; the lifeline's command line names moto_server too, but not as a command).
 */
export function motoPid(run: StartProcess): number {
  const motos = groupProcesses(run.pgid).filter((entry) =>
    entry.args.includes('moto_server -H 127.0.0.1 -p 0'),
  );
  const moto = motos[0];
  if (moto === undefined || motos.length > 1)
    throw new Error(`not exactly one moto_server in process group ${run.pgid}: ${motos.length}`);
  return moto.pid;
}
