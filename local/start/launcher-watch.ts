import { liveProcesses, type ProcessEntry } from './process-table';

/**
 * The processes that launched this one, nearest first, as far up as this process's group goes:
 * for `npm start` that is npm's `sh -c` and npm (and tsx's CLI, started as `npx tsx local/start.ts`). They are one job (a terminal, an IDE or
 * a process manager started them together), and this process must not outlive any of them.
 * Above the group is whoever started the job, which may go on purpose (`setsid`, a job control
 * shell's `nohup ... &`), so it is not watched. A process that leads its own group has none.
 */
export function launchers(self: number = process.pid): ProcessEntry[] {
  const me = liveProcesses([self]).get(self);
  if (me === undefined) return [];
  const chain: ProcessEntry[] = [];
  for (let pid = me.ppid; pid > 1 && chain.length < 32;) {
    const entry = liveProcesses([pid]).get(pid);
    if (entry === undefined || entry.pgid !== me.pgid) break;
    chain.push(entry);
    pid = entry.ppid;
  }
  return chain;
}

/**
 * The first launcher that has gone, or undefined. A launcher is gone when it no longer runs, or
 * when the one below it has a new parent: when `sh` dies, tsx is handed to init but lives on.
 * That is what a SIGTERM to npm does (npm passes it to `sh`, which dies; nothing tells tsx).
 */
export function goneLauncher(chain: readonly ProcessEntry[]): ProcessEntry | undefined {
  const live = liveProcesses(chain.map((entry) => entry.pid));
  for (const [index, expected] of chain.entries()) {
    const entry = live.get(expected.pid);
    if (entry === undefined) return expected;
    const above = chain[index + 1];
    if (above !== undefined && entry.ppid !== above.pid) return above;
  }
  return undefined;
}

/**
 * Calls `onGone` once, when a launcher of this process has gone (see launchers). Signals do not
 * cover this: a SIGTERM to npm, or any death of npm, sh or tsx, sends this process none. Checks
 * every `intervalMs` without keeping the process alive; the returned function stops watching.
 */
export function watchLaunchers(onGone: (launcher: ProcessEntry) => void, intervalMs = 500): () => void {
  const chain = launchers();
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const gone = goneLauncher(chain);
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
