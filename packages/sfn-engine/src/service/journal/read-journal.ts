import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { JournalDamage } from './journal-damage';
import { readLine } from './record-schema';
import type { JournalRecord } from './records';

/** The file's lines with the byte offset after each, read a megabyte at a time (a journal may be larger than a string can be). */
function* lines(path: string): Generator<{ text: string; end: number; terminated: boolean }> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let pending: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let start = 0;
      for (let end = buffer.indexOf(10, 0); end !== -1 && end < read; end = buffer.indexOf(10, start)) {
        pending.push(buffer.subarray(start, end));
        yield { text: Buffer.concat(pending).toString('utf8'), end: offset + end + 1, terminated: true };
        pending = [];
        start = end + 1;
      }
      if (start < read) pending.push(Buffer.from(buffer.subarray(start, read)));
      offset += read;
    }
    if (pending.length > 0)
      yield { text: Buffer.concat(pending).toString('utf8'), end: offset, terminated: false };
  } finally {
    closeSync(fd);
  }
}

/** Where reading has got to: the line of the record last handed out, and the file's shape. */
export interface ReadPosition {
  /** The line number of the record last yielded (for warnings about it). */
  line: number;
  /** Bytes up to the end of the last line that was whole: where appending may safely go on. */
  wholeBytes: number;
  /** The file ends with a line that has no newline but is a record. */
  unterminated: boolean;
}

/**
 * The journal's valid records, oldest first. A line that is not a valid record is skipped and
 * noted in `damage` with its line number and what it seemed to hold; the rest is kept, so one
 * damaged byte costs one record, not the data dir. A last line cut short by a kill is left out.
 */
export function readJournal(
  path: string,
  damage: JournalDamage,
): { records: Generator<JournalRecord>; position: ReadPosition } {
  const position: ReadPosition = { line: 0, wholeBytes: 0, unterminated: false };
  function* records(): Generator<JournalRecord> {
    if (!existsSync(path)) return;
    let number = 0;
    for (const { text, end, terminated } of lines(path)) {
      number += 1;
      if (terminated) position.wholeBytes = end;
      if (text.trim() === '') continue;
      const reading = readLine(text);
      if (reading.ok) {
        position.line = number;
        position.unterminated = !terminated;
        yield reading.record;
      } else if (terminated) damage.skipped(number, reading.problem, reading.seemed);
      else damage.torn(number, reading.seemed);
    }
  }
  return { records: records(), position };
}

/** A journal path that is not a file (a directory, a device) cannot be read as one. */
export function isReadableJournal(path: string): boolean {
  return !existsSync(path) || statSync(path).isFile();
}
