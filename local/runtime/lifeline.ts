import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Reads its stdin until end-of-file, then sends SIGTERM to the pid it was given. `read` is a
 * builtin, so it is one process, with no child left behind when it is released with SIGKILL. It
 * ignores SIGINT, SIGTERM and SIGHUP, so a signal to the whole process group (Ctrl-C, a closed
 * terminal, a process manager) cannot end it before it has done its job.
 */
const SCRIPT = `trap '' INT TERM HUP; while read -r _; do :; done; kill -TERM "$1" 2>/dev/null`;

/**
 * Stops process `pid` when this process ends, however it ends. A tiny `sh` holds the read end of a
 * pipe whose write end only this process has; the kernel closes it when this process exits, even
 * on SIGKILL, which runs no handler. tsx sends one when the node process it runs does not
 * acknowledge a relayed SIGINT/SIGTERM within 30 ms, which a busy event loop easily misses.
 * Without the lifeline, a child such as moto_server outlives a killed parent.
 *
 * Returns the release: call it once `pid` has exited (stopped normally, or died), since its
 * number may then be given to another process. Where there is no `sh` it does nothing.
 */
export function stopWhenThisProcessEnds(pid: number, name: string): () => void {
  const lifeline = spawn('sh', ['-c', SCRIPT, `${name}-lifeline`, String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  lifeline.on('error', () => undefined);
  // Neither the process nor the idle pipe may keep this process running.
  lifeline.unref();
  lifeline.stdin?.on('error', () => undefined);
  (lifeline.stdin as Socket | null)?.unref();
  return () => {
    // SIGKILL, the one signal it does not ignore: it must end without killing anything.
    if (lifeline.exitCode === null && lifeline.signalCode === null) lifeline.kill('SIGKILL');
  };
}
