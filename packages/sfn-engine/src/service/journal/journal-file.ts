import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type JournalFileSystem, nodeFileSystem, type WriteFailure, writeFailureOf } from './file-system';
import { failInterruptedResumes } from './interrupted-resume';
import { JournalDamage } from './journal-damage';
import { JournalWriter } from './journal-writer';
import { isReadableJournal, type ReadPosition, readJournal } from './read-journal';
import type { JournalRecord, JournalSink, JournalSnapshot } from './records';
import { compactedRecords, replay } from './replay';
import { restorable } from './restorable';
import { isVersionJournalRecord } from '../versions/records';

/** The data dir cannot be used: held by a live server, or its journal is not a file. */
export class DataDirUnusable extends Error {
  override readonly name = 'DataDirUnusable';
}

const JOURNAL = 'journal.jsonl';
const LOCK = 'server.pid';
/** How often writing is tried again while the data dir cannot be written. */
const RETRY_MS = 1000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The execution a record is about; undefined for a state machine's or an activity's. */
function executionOf(record: JournalRecord): string | undefined {
  if (record.kind === 'machine' || record.kind === 'machine-deleted') return undefined;
  if (record.kind === 'activity' || record.kind === 'activity-deleted') return undefined;
  if (isVersionJournalRecord(record)) return undefined;
  return record.kind === 'execution' ? record.execution.arn : record.arn;
}

/** Below this, forgotten executions' records are not worth a rewrite. */
const DEFAULT_REWRITE_AFTER_BYTES = 64 * 1024 * 1024;

export interface JournalOptions {
  readonly rewriteAfterBytes?: number;
  /** Where writes go: node:fs, or a test's seam that fails as a full disk does. */
  readonly fileSystem?: JournalFileSystem;
  /** Told when the data dir stops being writable (with why), and when it is again (undefined). */
  readonly onWritable?: (failure: WriteFailure | undefined) => void;
  /** For the date of executions failed on open. Default Date.now. */
  readonly now?: () => number;
}

export interface OpenedJournal {
  readonly journal: JournalFile;
  readonly snapshot: JournalSnapshot;
  /** What reading the journal left out or changed, each naming the file (and line). */
  readonly warnings: readonly string[];
}

/**
 * Keeps the journal as it was, before a rewrite drops the records salvage skipped, so a person
 * can look at them. A hard link costs no space (a full disk is when damage is likely).
 */
function keepDamaged(path: string, now: number): string {
  const copy = `${path}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  try {
    linkSync(path, copy);
  } catch {
    try {
      copyFileSync(path, copy);
    } catch (error) {
      return `${path}: the journal as it was could not be kept (${(error as Error).message})`;
    }
  }
  return `${path}: the journal as it was is kept as ${copy}`;
}

/**
 * The journal of one data dir: an append-only file of JSON lines. Each record is handed to the
 * operating system before the call that caused it returns, so a server killed with SIGKILL
 * loses nothing it has answered. On open the journal is read back (salvaging what is readable:
 * see read-journal.ts) and compacted; while it runs, it is rewritten from the engine's snapshot
 * once the records of executions the engine has forgotten outweigh the rest (and 64 MiB), so
 * its size stays within about twice what is kept. When the disk is full, records wait in
 * memory (journal-writer.ts) and `writable` says so, so the server refuses new work.
 */
export class JournalFile implements JournalSink {
  /** Bytes of records per execution still kept, so forgetting one knows what it frees. */
  private bytesByExecution = new Map<string, number>();
  private liveBytes = 0;
  private deadBytes = 0;
  private closed = false;
  private writer: JournalWriter | undefined;
  /** The failure last told to onWritable. */
  private reported: WriteFailure | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** Executions resumed on open whose resume has not yet run a while (see resuming()). */
  private readonly probation = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly fs: JournalFileSystem,
    private readonly rewriteAfterBytes: number,
    private readonly onWritable: ((failure: WriteFailure | undefined) => void) | undefined,
  ) {}

  static open(dir: string, retainedExecutions: number, options: JournalOptions = {}): OpenedJournal {
    const fs = options.fileSystem ?? nodeFileSystem;
    const now = (options.now ?? Date.now)();
    const warnings: string[] = [];
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK);
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, 'utf8'));
      // An empty or torn lock file reads as 0, which kill() takes as "this process group".
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new DataDirUnusable(`${dir} is in use by another local Step Functions (pid ${pid})`);
    }
    try {
      fs.writeFileSync(lock, String(process.pid));
    } catch (error) {
      const failure = writeFailureOf(error);
      if (failure === undefined) throw error;
      warnings.push(
        `${lock} could not be written (${failure.message}): another server would not see this one holds ${dir}`,
      );
    }
    const path = join(dir, JOURNAL);
    if (!isReadableJournal(path))
      throw new DataDirUnusable(`${path} is not a file: move it away to start with an empty journal`);
    const damage = new JournalDamage(path);
    const { records, position } = readJournal(path, damage);
    // The reader is lazy: while replay folds a record, position.line is that record's line.
    const replayed = replay(records, retainedExecutions, (record) => damage.orphan(position.line, record));
    const snapshot = restorable(failInterruptedResumes(replayed, now, damage), damage);
    const kept = damage.found ? keepDamaged(path, now) : undefined;
    const journal = new JournalFile(
      dir,
      fs,
      options.rewriteAfterBytes ?? DEFAULT_REWRITE_AFTER_BYTES,
      options.onWritable,
    );
    // Rewrite the journal as the snapshot alone, so it does not grow across restarts and the
    // damage salvage skipped is gone. On a full disk it is appended to as it is.
    const failure = journal.rewrite(snapshot);
    if (failure !== undefined) journal.continueAsIs(path, position, failure);
    warnings.push(...damage.messages(), ...(kept === undefined ? [] : [kept]));
    return { journal, snapshot, warnings };
  }

  /**
   * The compacted journal could not be written (a full disk): go on appending to the journal
   * as it is. A last line torn by a kill is cut off first (truncating needs no space), so
   * records appended later do not join it.
   */
  private continueAsIs(path: string, position: ReadPosition, failure: WriteFailure): void {
    let fd: number;
    try {
      fd = this.fs.openSync(path, 'a');
      if (existsSync(path) && statSync(path).size > position.wholeBytes && !position.unterminated)
        this.fs.ftruncateSync(fd, position.wholeBytes);
    } catch (error) {
      const reason = writeFailureOf(error);
      if (reason === undefined) throw error;
      throw new DataDirUnusable(
        `${path} cannot be written (${reason.message}); free space in ${this.dir} and start again`,
      );
    }
    this.writer = new JournalWriter(this.fs, fd, failure);
    if (position.unterminated) this.writer.write(Buffer.from('\n'));
    this.noticeWritable();
  }

  /** Why the data dir cannot be written now, or undefined when it can. */
  get unwritable(): WriteFailure | undefined {
    return this.writer?.failure;
  }

  /** The data dir this journal is in. */
  get directory(): string {
    return this.dir;
  }

  append(record: JournalRecord): void {
    if (this.writer === undefined || this.closed) return;
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    this.writer.write(line);
    this.count(record, line.length);
    this.noticeWritable();
  }

  /** Writes what waits for the disk; true when nothing waits and writing works. */
  flush(): boolean {
    if (this.writer === undefined || this.closed) return true;
    const written = this.writer.flush();
    this.noticeWritable();
    return written;
  }

  /** Tells onWritable when writing starts or stops failing, and retries while it fails. */
  private noticeWritable(): void {
    const failure = this.writer?.failure;
    if ((failure === undefined) === (this.reported === undefined)) return;
    this.reported = failure;
    if (failure !== undefined && this.retry === undefined) {
      this.retry = setInterval(() => this.flush(), RETRY_MS);
      // The retry alone does not keep the process alive.
      this.retry.unref();
    }
    if (failure === undefined && this.retry !== undefined) {
      clearInterval(this.retry);
      this.retry = undefined;
    }
    this.onWritable?.(failure);
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
   * Executions about to be resumed after a restart: marked first, so that if resuming them
   * brings the process down (hangs it until it is killed, or crashes it), the next open fails
   * them (interrupted-resume.ts) instead of resuming them again. survived() lifts the mark.
   */
  resuming(executionArns: Iterable<string>): void {
    for (const arn of executionArns) {
      this.probation.add(arn);
      this.append({ kind: 'execution-resuming', arn });
    }
  }

  /** The resumed executions have run a while without bringing the process down. */
  survived(): void {
    for (const arn of this.probation)
      if (this.bytesByExecution.has(arn)) this.append({ kind: 'execution-resumed', arn });
    this.probation.clear();
  }

  /**
   * Writes the records that rebuild `snapshot` to a new file and puts it in the journal's place
   * (rename: a kill at any moment leaves the old journal or the new one, whole). When it cannot
   * be written (a full disk), the new file is removed, the old journal goes on, and the failure
   * is returned.
   */
  rewrite(snapshot: JournalSnapshot): WriteFailure | undefined {
    if (this.closed) return undefined;
    const path = join(this.dir, JOURNAL);
    const next = `${path}.compacting`;
    const byExecution = new Map<string, number>();
    let live = 0;
    const running = new Set(snapshot.executions.filter((e) => e.result === undefined).map((e) => e.arn));
    const records: JournalRecord[] = [
      ...compactedRecords(snapshot),
      // Marks survive a rewrite during the probation, or a crash after it would go unseen.
      ...[...this.probation]
        .filter((arn) => running.has(arn))
        .map((arn) => ({ kind: 'execution-resuming' as const, arn })),
    ];
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(next, 'w');
      const file = new JournalWriter(this.fs, fd);
      for (const record of records) {
        const line = Buffer.from(`${JSON.stringify(record)}\n`);
        file.write(line);
        if (file.failure !== undefined) throw Object.assign(new Error(file.failure.message), file.failure);
        live += line.length;
        const arn = executionOf(record);
        if (arn !== undefined) byExecution.set(arn, (byExecution.get(arn) ?? 0) + line.length);
      }
      this.fs.fsyncSync(fd);
      this.fs.closeSync(fd);
      fd = undefined;
      this.fs.renameSync(next, path);
    } catch (error) {
      const failure = writeFailureOf(error);
      if (failure === undefined) throw error;
      try {
        if (fd !== undefined) this.fs.closeSync(fd);
        this.fs.rmSync(next);
      } catch {
        // Removing it frees its space; if even that fails, the next open's rewrite replaces it.
      }
      return failure;
    }
    this.bytesByExecution = byExecution;
    this.liveBytes = live;
    this.deadBytes = 0;
    const appending = this.fs.openSync(path, 'a');
    if (this.writer === undefined) this.writer = new JournalWriter(this.fs, appending);
    else {
      this.fs.closeSync(this.writer.fd);
      this.writer.replace(appending);
    }
    this.noticeWritable();
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    // Closed on purpose, so the process was answering: its resumes did not bring it down.
    this.survived();
    this.flush();
    this.closed = true;
    if (this.retry !== undefined) clearInterval(this.retry);
    this.retry = undefined;
    if (this.writer === undefined) return;
    this.fs.closeSync(this.writer.fd);
    this.writer = undefined;
    try {
      this.fs.rmSync(join(this.dir, LOCK));
    } catch {
      // A lock left behind names a dead process: the next open takes the data dir anyway.
    }
  }
}
