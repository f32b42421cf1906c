import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { compare, measure } from '../report';
import {
  makeThumbnail,
  THUMBNAIL_QUALITY,
  type ThumbnailFormat,
} from '../../functions/make-thumbnail/resize';

const WORK = join(__dirname, '..', '.work', 'thumbnail');
const SIZES = [128, 512, 1024] as const;
const FORMATS: readonly ThumbnailFormat[] = ['webp', 'jpeg'];
const run = promisify(execFile);

/** 12-megapixel photos (4000×3000) with detail in them, made once and kept in bench/.work. */
async function photos(count: number): Promise<string[]> {
  mkdirSync(WORK, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const path = join(WORK, `photo-${i}.jpg`);
    if (!existsSync(path)) {
      const width = 4000;
      const height = 3000;
      // Gradients and noise: something a camera might produce, not a flat colour that compresses to nothing.
      const pixels = Buffer.alloc(width * height * 3);
      for (let y = 0; y < height; y += 1)
        for (let x = 0; x < width; x += 1) {
          const at = (y * width + x) * 3;
          const noise = (x * 7919 + y * 104_729 + i * 31) % 37;
          pixels[at] = (x * 255) / width + noise;
          pixels[at + 1] = (y * 255) / height + noise;
          pixels[at + 2] = ((x + y + i * 100) % 256) ^ noise;
        }
      writeFileSync(
        path,
        await sharp(pixels, { raw: { width, height, channels: 3 } })
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
    }
    paths.push(path);
  }
  return paths;
}

async function ours(files: string[]): Promise<number> {
  const started = performance.now();
  for (const file of files) {
    const source = readFileSync(file);
    for (const width of SIZES) for (const format of FORMATS) await makeThumbnail(source, width, format);
  }
  return (performance.now() - started) / 1000;
}

/** vipsthumbnail, one run per size and format over all the files, at the same qualities. */
async function peer(files: string[]): Promise<number> {
  const out = join(WORK, 'out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  for (const width of SIZES)
    for (const format of FORMATS) {
      const options =
        format === 'webp'
          ? `[Q=${THUMBNAIL_QUALITY.webp},strip]`
          : `[Q=${THUMBNAIL_QUALITY.jpeg},optimize_coding,strip]`;
      await run('vipsthumbnail', [
        '--size',
        `${width}x`,
        '-o',
        `${out}/%s-${width}.${format === 'webp' ? 'webp' : 'jpg'}${options}`,
        ...files,
      ]);
    }
  return (performance.now() - started) / 1000;
}

/**
 * The thumbnail function's core (sharp) vs Debian's vipsthumbnail (libvips-tools): the same
 * 12-megapixel JPEGs to the same three widths in WebP and JPEG at the same qualities.
 */
export async function runThumbnailBench(quick: boolean): Promise<boolean> {
  try {
    await run('vipsthumbnail', ['--vips-version']);
  } catch {
    console.log('  vipsthumbnail is missing: apt-get install -y libvips-tools');
    return false;
  }
  const files = await photos(quick ? 4 : 20);
  await ours(files.slice(0, 1));
  await peer(files.slice(0, 1));
  const oursSeconds: number[] = [];
  const peerSeconds: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    oursSeconds.push(await ours(files));
    peerSeconds.push(await peer(files));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
  const perImage = (seconds: number) => (seconds / files.length) * 1000;
  const ratio = median(peerSeconds) / median(oursSeconds);
  const met = ratio >= 1 / 1.2;
  compare({
    name: `${files.length} × 12 MP JPEG → 3 widths × WebP and JPEG, per image`,
    ours: `${perImage(median(oursSeconds)).toFixed(0)} ms`,
    peer: `vipsthumbnail ${perImage(median(peerSeconds)).toFixed(0)} ms`,
    ratio,
    note: `target within 1.2x, ${met ? 'met' : 'MISSED'}`,
  });
  measure(
    'peak RSS of the process that ran ours',
    `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
  return met;
}
