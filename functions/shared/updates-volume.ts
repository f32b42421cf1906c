import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LatestReleaseContended, UpdatesVolumeNotMounted } from './errors';
import { assertSafeKey } from './s3-keys';

/**
 * The update server's volume (EFS in AWS, a folder locally), laid out as the server reads it:
 * `<root>/latest.json` and `<root>/<version>/<file>`. Written only by update-publishing's functions.
 */

/** Where a release goes, chosen per call by the workflow (the topology's releaseOrigin). */
export const releaseDestination = z
  .enum(['distributionBucket', 'updateServer'])
  .default('distributionBucket');
export type ReleaseDestination = z.infer<typeof releaseDestination>;

/** The volume's root from UPDATES_VOLUME_PATH, or UpdatesVolumeNotMounted when the function has none. */
export function updatesVolumeRoot(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['UPDATES_VOLUME_PATH'];
  if (root === undefined || root === '')
    throw new UpdatesVolumeNotMounted(
      'UPDATES_VOLUME_PATH is not set: this function has no update server volume',
    );
  return root;
}

/** The path of a version's file on the volume; the names were validated as the manifest's. */
export function volumePath(root: string, version: string, name?: string): string {
  const relative = name === undefined ? version : `${version}/${name}`;
  assertSafeKey(relative);
  return join(root, relative);
}

export const LATEST_FILE = 'latest.json';

/** A name next to `path` for writing before the rename that puts it in place. */
export const partialPathFor = (path: string) =>
  join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${randomBytes(6).toString('hex')}.part`);

/**
 * Writes `body` to `path` so that readers see either the old file or the new one whole: to a
 * temporary name in the same directory, flushed, then renamed over it (atomic on EFS and locally).
 */
export async function replaceFile(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = partialPathFor(path);
  await writeFile(partial, body, { flush: true });
  await rename(partial, path);
}

/** The text of a file, or null when there is none. */
export async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export const contentTag = (text: string) => createHash('sha256').update(text).digest('hex');

/** How long a lock may be held before it is taken as left by a function that died (its timeout is 30 s). */
export const STALE_LOCK_MS = 120_000;

/**
 * Runs `work` holding the volume's lock on latest.json. mkdir is atomic on NFSv4 (EFS) as on a
 * local disk, so of two writers only one creates the lock directory; the other waits. A lock older
 * than STALE_LOCK_MS belonged to an invocation that was stopped, and is broken.
 */
export async function withLatestLock<T>(root: string, work: () => Promise<T>, waitMs = 10_000): Promise<T> {
  const lock = join(root, '.latest.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(lock).catch(() => undefined);
      if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new LatestReleaseContended(
          `latest.json on the update server volume stayed locked for ${waitMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
