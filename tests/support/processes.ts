import { execFileSync } from 'node:child_process';

/** Whether a process runs (a zombie has ended: only its parent has not reaped it yet). */
export function alive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}
