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

/** The execution a record is about; undefined for a state machine's. */
function executionOf(record: JournalRecord): string | undefined {
  if (record.kind === 'machine' || record.kind === 'machine-deleted') return undefined;
  return record.kind === 'execution' ? record.execution.arn : record.arn;
}

/** Below this, forgotten executions' records are not worth a rewrite. */
const DEFAULT_REWRITE_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * The journal of one data dir: an append-only file of JSON lines. Each record is handed to the
 * operating system before the call that caused it returns, so a server killed with SIGKILL
 * loses nothing it has answered. On open the journal is read back and compacted; while it runs,
 * it is rewritten from the engine's snapshot once the records of executions the engine has
 * forgotten outweigh the rest (and 64 MiB), so its size stays within about twice what is kept.
 */
export class JournalFile implements JournalSink {
  /** Bytes of records per execution still kept, so forgetting one knows what it frees. */
  private readonly bytesByExecution = new Map<string, number>();
  private liveBytes = 0;
  private deadBytes = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private fd: number | undefined,
    private readonly rewriteAfterBytes: number,
  ) {}

  static open(
    dir: string,
    retainedExecutions: number,
    options: { readonly rewriteAfterBytes?: number } = {},
  ): { journal: JournalFile; snapshot: JournalSnapshot } {
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK);
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
        throw new DataDirUnusable(`${dir} is in use by another local Step Functions (pid ${pid})`);
    }
    writeFileSync(lock, String(process.pid));
    const snapshot = replay(readRecords(join(dir, JOURNAL)), retainedExecutions);
    const journal = new JournalFile(dir, undefined, options.rewriteAfterBytes ?? DEFAULT_REWRITE_AFTER_BYTES);
    // Rewrite the journal as the snapshot alone, so it does not grow across restarts.
    journal.rewrite(snapshot);
    return { journal, snapshot };
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    const line = `${JSON.stringify(record)}\n`;
    writeSync(this.fd, line);
    this.count(record, Buffer.byteLength(line));
  }

  private count(record: JournalRecord, bytes: number): void {
    this.liveBytes += bytes;
    const arn = executionOf(record);
    if (arn !== undefined) this.bytesByExecution.set(arn, (this.bytesByExecution.get(arn) ?? 0) + bytes);
  }

  forget(executionArn: string): boolean {
    const bytes = this.bytesByExecution.get(executionArn);
    if (bytes === undefined) return false;
    this.bytesByExecution.delete(executionArn);
    this.liveBytes -= bytes;
    this.deadBytes += bytes;
    return this.deadBytes > Math.max(this.liveBytes, this.rewriteAfterBytes);
  }

  /**
   * Writes the records that rebuild `snapshot` to a new file and puts it in the journal's place
   * (rename: a kill at any moment leaves the old journal or the new one, whole).
   */
  rewrite(snapshot: JournalSnapshot): void {
    if (this.closed) return;
    const path = join(this.dir, JOURNAL);
    const next = `${path}.compacting`;
    const fd = openSync(next, 'w');
    this.bytesByExecution.clear();
    this.liveBytes = 0;
    this.deadBytes = 0;
    for (const record of compactedRecords(snapshot)) {
      const line = `${JSON.stringify(record)}\n`;
      writeSync(fd, line);
      this.count(record, Buffer.byteLength(line));
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(next, path);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(path, 'a');
  }

  close(): void {
    this.closed = true;
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(join(this.dir, LOCK), { force: true });
  }
}
