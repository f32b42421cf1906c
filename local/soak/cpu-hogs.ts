import { type ChildProcess, spawn } from 'node:child_process';

/** Busy processes beside a run: the other work of a shared 2-core machine. */
export interface CpuHogs {
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/**
 * Starts `count` processes that each keep one core busy (a JavaScript loop that never yields),
 * until stop() or this process ends: each watches its IPC channel and exits when it closes, so
 * no hog outlives the run, however it ends.
 */
export function startCpuHogs(count: number): CpuHogs {
  const hogs: ChildProcess[] = [];
  for (let i = 0; i < count; i += 1)
    hogs.push(
      spawn(
        process.execPath,
        [
          '-e',
          // The loop yields every 50 ms only to notice that its parent is gone.
          "process.on('disconnect',()=>process.exit(0));(function spin(){const end=Date.now()+50;while(Date.now()<end);setImmediate(spin)})()",
        ],
        { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] },
      ),
    );
  for (const hog of hogs) {
    hog.unref();
    hog.channel?.unref();
  }
  return {
    pids: hogs.flatMap((hog) => (hog.pid === undefined ? [] : [hog.pid])),
    stop: async () => {
      await Promise.all(
        hogs.map(
          (hog) =>
            new Promise<void>((resolve) => {
              if (hog.exitCode !== null || hog.signalCode !== null) return resolve();
              hog.ref();
              hog.once('exit', () => resolve());
              hog.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}
