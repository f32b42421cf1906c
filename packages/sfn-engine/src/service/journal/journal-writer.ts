import { type JournalFileSystem, type WriteFailure, writeFailureOf } from './file-system';

/**
 * Appends bytes to the journal in order, and survives a write that fails (a full disk): what
 * could not be written waits in memory, in order, and goes out at the next write or flush that
 * succeeds, from the very byte where the file stopped. So the file is always a prefix of the
 * records, never a record with one missing before it, and a kill while waiting loses only what
 * no caller was told is kept (see journal-gate.ts).
 */
export class JournalWriter {
  private pending: Buffer[] = [];
  /** Bytes of pending[0] already in the file (a short write). */
  private written = 0;
  private failed: WriteFailure | undefined;

  constructor(
    private readonly fs: JournalFileSystem,
    private file: number,
    failure?: WriteFailure,
  ) {
    this.failed = failure;
  }

  /** The file descriptor written to. */
  get fd(): number {
    return this.file;
  }

  /** Set from a failed write until one succeeds. */
  get failure(): WriteFailure | undefined {
    return this.failed;
  }

  /** Bytes waiting for the file. */
  get waiting(): number {
    return this.pending.reduce((sum, chunk) => sum + chunk.length, 0) - this.written;
  }

  write(bytes: Buffer): void {
    this.pending.push(bytes);
    if (this.pending.length === 1) this.flush();
  }

  /**
   * Writes what waits; true when nothing waits and the last write succeeded. With nothing
   * waiting after a failure, a newline (a blank line, which the reader skips) probes whether
   * the file can be written again.
   */
  flush(): boolean {
    if (this.pending.length === 0 && this.failed !== undefined) this.pending.push(Buffer.from('\n'));
    while (this.pending.length > 0) {
      const head = this.pending[0] as Buffer;
      let wrote: number;
      try {
        wrote = this.fs.writeSync(this.file, head, this.written, head.length - this.written);
      } catch (error) {
        const failure = writeFailureOf(error);
        if (failure === undefined) throw error;
        this.failed = failure;
        return false;
      }
      if (wrote === 0) {
        this.failed = { code: 'EIO', message: 'the file system wrote nothing' };
        return false;
      }
      this.written += wrote;
      if (this.written === head.length) {
        this.pending.shift();
        this.written = 0;
      }
    }
    this.failed = undefined;
    return true;
  }

  /**
   * The journal was rewritten whole into `fd` (from memory, which holds everything waiting):
   * what waited is in the new file, so it is dropped.
   */
  replace(fd: number): void {
    this.file = fd;
    this.pending = [];
    this.written = 0;
    this.failed = undefined;
  }
}
