import { createHash } from 'node:crypto';

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A manifest for the given files, with their real sizes and digests. */
export function manifestFor(
  version: string,
  files: Record<string, Buffer>,
  channel: 'stable' | 'beta' = 'stable',
) {
  return {
    version,
    channel,
    publishedAt: '2026-11-24T10:00:00Z',
    files: Object.entries(files).map(([name, data]) => ({ name, size: data.length, sha256: sha256(data) })),
  };
}
