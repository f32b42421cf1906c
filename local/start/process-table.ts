import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A live process and where it sits in the process tree. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Its process group: the job a shell, an IDE or npm started it in. */
  readonly pgid: number;
  readonly command: string;
}

/**
 * Linux: /proc/<pid>/stat is `pid (comm) state ppid pgrp ...`. The command may hold spaces and
 * parentheses, so the fields are counted from the last ')'. A zombie has ended (only its parent
 * has not reaped it yet), so it counts as gone.
 */
function fromProc(pid: number): ProcessEntry | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = stat.lastIndexOf(')');
  const [state, ppid, pgid] = stat.slice(close + 2).split(' ');
  if (state === 'Z' || state === 'X') return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), command: stat.slice(stat.indexOf('(') + 1, close) };
}

/** Elsewhere (macOS, the BSDs): ps, which exits 1 when a pid it was given is gone. */
function fromPs(pids: readonly number[]): ProcessEntry[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,ppid=,pgid=,stat=,comm=', '-p', pids.join(',')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    out = String((error as { stdout?: unknown }).stdout ?? '');
  }
  return out.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null || match[4]?.startsWith('Z')) return [];
    return [
      { pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]), command: match[5] ?? '' },
    ];
  });
}

/** The processes among `pids` that are alive, by pid. */
export function liveProcesses(pids: readonly number[]): Map<number, ProcessEntry> {
  const entries =
    process.platform === 'linux'
      ? pids.flatMap((pid) => fromProc(pid) ?? [])
      : pids.length === 0
        ? []
        : fromPs(pids);
  return new Map(entries.map((entry) => [entry.pid, entry]));
}
