import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
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

/** The file's lines, read a megabyte at a time: a journal may be larger than a string can be. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let pending: Buffer[] = [];
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let start = 0;
      for (let end = buffer.indexOf(10, 0); end !== -1 && end < read; end = buffer.indexOf(10, start)) {
        pending.push(buffer.subarray(start, end));
        yield Buffer.concat(pending).toString('utf8');
        pending = [];
        start = end + 1;
      }
      if (start < read) pending.push(Buffer.from(buffer.subarray(start, read)));
    }
    if (pending.length > 0) yield Buffer.concat(pending).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The journal's records, oldest first. A line that does not parse is the end of the journal if
 * nothing follows it (the process died mid-write); before other records it is damage, refused.
 */
function* readRecords(path: string): Generator<JournalRecord> {
  if (!existsSync(path)) return;
  let torn: { line: number; message: string } | undefined;
  let number = 0;
  for (const line of lines(path)) {
    number += 1;
    if (line === '') continue;
    if (torn !== undefined)
      throw new DataDirUnusable(
        `${path}:${torn.line} is not a journal record (${torn.message}); move the file away to start empty`,
      );
    try {
      yield JSON.parse(line) as JournalRecord;
    } catch (error) {
      torn = { line: number, message: (error as Error).message };
    }
  }
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
