import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord, JournalSink } from './records';
import { compactedRecords, type JournalSnapshot, replay } from './replay';

/** The data dir cannot be used: held by a live server, or its journal is damaged. */
export class DataDirUnusable extends Error {
  override readonly name = 'DataDirUnusable';
}

const JOURNAL = 'journal.jsonl';
const LOCK = 'server.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The journal's records; a torn last line (the process died mid-write) is left out. */
function readRecords(path: string): JournalRecord[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch (error) {
      const last = index === lines.length - 1 || (index === lines.length - 2 && lines.at(-1) === '');
      if (!last)
        throw new DataDirUnusable(
          `${path}:${index + 1} is not a journal record (${(error as Error).message}); move the file away to start empty`,
        );
    }
  });
  return records;
}

/**
 * The journal of one data dir: an append-only file of JSON lines. Each record is handed to the
 * operating system before the call that caused it returns, so a server killed with SIGKILL
 * loses nothing it has answered. On open the journal is read back and compacted.
 */
export class JournalFile implements JournalSink {
  private constructor(
    private readonly dir: string,
    private fd: number | undefined,
  ) {}

  static open(dir: string, retainedExecutions: number): { journal: JournalFile; snapshot: JournalSnapshot } {
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK);
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
        throw new DataDirUnusable(`${dir} is in use by another local Step Functions (pid ${pid})`);
    }
    writeFileSync(lock, String(process.pid));
    const path = join(dir, JOURNAL);
    const snapshot = replay(readRecords(path), retainedExecutions);
    // Rewrite the journal as the snapshot alone, so it does not grow across restarts.
    const compacted = `${path}.compacting`;
    const fd = openSync(compacted, 'w');
    for (const record of compactedRecords(snapshot)) writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(compacted, path);
    return { journal: new JournalFile(dir, openSync(path, 'a')), snapshot };
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(join(this.dir, LOCK), { force: true });
  }
}
