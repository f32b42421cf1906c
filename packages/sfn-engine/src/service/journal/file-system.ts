import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

/**
 * The file-system calls the journal writes with. A seam, so a test can make them fail as a full
 * disk does (ENOSPC) without filling a real disk on a shared machine.
 */
export interface JournalFileSystem {
  openSync(path: string, flags: 'a' | 'r+' | 'w'): number;
  /** Bytes written, which may be fewer than asked (a disk filling up mid-write). */
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string): void;
  writeFileSync(path: string, text: string): void;
}

export const nodeFileSystem: JournalFileSystem = {
  openSync: (path, flags) => openSync(path, flags),
  writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fsyncSync(fd),
  ftruncateSync: (fd, length) => ftruncateSync(fd, length),
  closeSync: (fd) => closeSync(fd),
  renameSync: (from, to) => renameSync(from, to),
  rmSync: (path) => rmSync(path, { force: true }),
  writeFileSync: (path, text) => writeFileSync(path, text),
};

/** Why the data dir could not be written: the system error's code and message. */
export interface WriteFailure {
  readonly code: string;
  readonly message: string;
}

/** The failure a write threw, when it is the file system's (ENOSPC, EDQUOT, EIO, EROFS...). */
export function writeFailureOf(error: unknown): WriteFailure | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? { code, message: (error as Error).message } : undefined;
}
