import { readdir, rm } from 'node:fs/promises';

/** Deletes a version's folder on the update server's volume; returns how many files it held. */
export async function removeVersionFolder(path: string): Promise<number> {
  let files: number;
  try {
    files = (await readdir(path, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    ).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  await rm(path, { recursive: true, force: true });
  return files;
}
