import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { sha256OfStream } from '../../functions/verify-checksum/sha256';
import { compare, measure } from '../report';

const WORK = join(__dirname, '..', '.work');
const MiB = 1024 * 1024;

/** A file of random bytes, written once and reused by later runs. */
async function fileOf(bytes: number): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const path = join(WORK, `random-${bytes / MiB}MiB.bin`);
  if (existsSync(path) && statSync(path).size === bytes) return path;
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += 8 * MiB)
    if (!out.write(randomBytes(Math.min(8 * MiB, bytes - written))))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return path;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * SHA-256 of one file: the verify-checksum function's streaming digest (the code that reads a
 * release file from S3, here fed from disk in 64 KiB chunks as S3 bodies arrive) vs coreutils'
 * sha256sum, alternating, three runs each after a warm-up that puts the file in the page cache.
 */
export async function runChecksumBench(quick: boolean): Promise<boolean> {
  const bytes = (quick ? 128 : 1024) * MiB;
  const path = await fileOf(bytes);
  const ours: number[] = [];
  const peer: number[] = [];
  let agree = true;
  let peakRss = 0;
  const run = promisify(execFile);
  for (let round = 0; round < 4; round += 1) {
    const before = process.memoryUsage().rss;
    const mine = await timed(() => sha256OfStream(createReadStream(path)));
    peakRss = Math.max(peakRss, process.memoryUsage().rss - before);
    const theirs = await timed(() => run('sha256sum', [path]));
    agree &&= theirs.value.stdout.split(' ')[0] === mine.value.sha256 && mine.value.bytes === bytes;
    if (round === 0) continue; // warm-up
    ours.push(bytes / MiB / mine.seconds);
    peer.push(bytes / MiB / theirs.seconds);
  }
  const ratio = median(ours) / median(peer);
  const target = ratio >= 1 / 1.5;
  compare({
    name: `SHA-256 of a ${bytes / MiB} MiB file`,
    ours: `${median(ours).toFixed(0)} MiB/s${agree ? '' : ' DIGESTS DIFFER'}`,
    peer: `sha256sum ${median(peer).toFixed(0)} MiB/s`,
    ratio,
    note: `target within 1.5x, ${target ? 'met' : 'MISSED'}`,
  });
  measure(
    'memory added while hashing',
    `${(peakRss / MiB).toFixed(1)} MiB RSS (the file is ${bytes / MiB} MiB)`,
  );
  return agree && target;
}
