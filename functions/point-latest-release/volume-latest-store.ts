import { join } from 'node:path';
import { versionNamedIn } from '../shared/latest-release';
import {
  contentTag,
  LATEST_FILE,
  readIfPresent,
  replaceFile,
  withLatestLock,
} from '../shared/updates-volume';
import type { LatestStore } from './point-latest';

/**
 * latest.json on the update server's volume as the same compare-and-swap cell as the bucket's:
 * its "ETag" is the SHA-256 of its text, and the comparison and the rename happen under the
 * volume's lock, so latest.json there too only moves up.
 */
export function volumeLatestStore(root: string): LatestStore {
  const path = join(root, LATEST_FILE);
  return {
    async read() {
      const text = await readIfPresent(path);
      return text === null ? null : { version: versionNamedIn(text), etag: contentTag(text) };
    },
    replaceIfUnchanged: (body, readEtag) =>
      withLatestLock(root, async () => {
        const text = await readIfPresent(path);
        if ((text === null ? null : contentTag(text)) !== readEtag) return 'changed';
        await replaceFile(path, body);
        return 'replaced';
      }),
  };
}
