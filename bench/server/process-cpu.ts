import { readFileSync } from 'node:fs';

/**
 * Linux's USER_HZ: /proc reports a process's CPU time in these ticks. It is 100 on every
 * mainstream kernel (the kernel keeps it fixed for user space whatever its own tick rate).
 */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time a process has used so far, user plus system, in microseconds; undefined where
 * there is no /proc (not Linux) or the process is gone. Read by another process, so it measures a
 * server without changing it; to a 10 ms tick, so measure spans of many calls.
 */
export function processCpuMicros(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The name, in parentheses, may hold spaces: the fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1_000_000) / TICKS_PER_SECOND : undefined;
}
