import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stopWhenThisProcessEnds } from '../runtime/lifeline';

const ENTRY = join(__dirname, '..', '..', 'services', 'update-server', 'src', 'main.ts');

/** What the origin did, read from its own request logs and from the kernel. */
export interface OriginCounters {
  readonly requests: number;
  /** Body bytes it sent, summed from the `bytes` of its request log lines. */
  readonly bytesServed: number;
}

export interface OriginProcess {
  readonly url: string;
  readonly pid: number;
  counters(): OriginCounters;
  /** User + system CPU seconds the process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

let clockTicks: number | undefined;

/** CPU seconds of a process: /proc/<pid>/stat's utime + stime on Linux, `ps -o cputime` elsewhere. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses): utime and stime
    // are the 14th and 15th fields of the line, the 12th and 13th after ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    const text = execFileSync('ps', ['-o', 'cputime=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const [h, m, s] = text.split(':').map(Number) as [number, number, number];
    return h * 3600 + m * 60 + s;
  }
}

/**
 * The update server run as the process it is in production (services/update-server, through tsx),
 * on a local folder and a free loopback port. Its bytes served are counted from its own JSON log
 * lines, so nothing in it is there for us.
 */
export async function startOriginProcess(
  root: string,
  options: { readonly latestMaxAgeSeconds?: number; readonly log?: (line: string) => void } = {},
): Promise<OriginProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      ...process.env,
      UPDATES_DIR: root,
      PORT: '0',
      HOST: '127.0.0.1',
      LATEST_MAX_AGE_SECONDS: String(options.latestMaxAgeSeconds ?? 60),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The update server must not outlive this process, however it ends (a SIGKILL runs no handler):
  // the same lifeline moto has; it lives exactly as long as the update server does.
  if (child.pid !== undefined) child.once('exit', stopWhenThisProcessEnds(child.pid, 'update-server'));
  const counts = { requests: 0, bytesServed: 0 };
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => options.log?.(chunk.toString().trimEnd()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let entry: { message?: string; port?: number; bytes?: number; level?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        options.log?.(line);
        return;
      }
      if (entry.message === 'listening' && typeof entry.port === 'number') resolve(entry.port);
      else if (entry.message === 'request') {
        counts.requests += 1;
        counts.bytesServed += entry.bytes ?? 0;
      } else if (entry.level === 'error') options.log?.(line);
    });
    void exit.then(() => reject(new Error('The update server exited before it listened')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    counters: () => ({ ...counts }),
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}
