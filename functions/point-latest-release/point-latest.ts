import semver from 'semver';
import { LatestReleaseContended } from '../shared/errors';
import type { LatestRelease } from '../shared/latest-release';

/** latest.json as a compare-and-swap cell: read it, and replace it only if it is still what was read. */
export interface LatestStore {
  read(): Promise<LatestRelease | null>;
  /**
   * Writes `body` only if latest.json is still the object read (its ETag), or still absent when
   * `readEtag` is null; 'changed' when another write came first.
   */
  replaceIfUnchanged(body: string, readEtag: string | null): Promise<'replaced' | 'changed'>;
}

export type LatestOutcome =
  /** latest.json now names this release: this call moved it. */
  | 'moved'
  /** latest.json already named this release: a retry after a write whose answer was lost, or a rerun. */
  | 'alreadyLatest'
  /** latest.json names a higher version, put in place while this release was being copied: left alone. */
  | 'superseded';

export interface StableLatestResult {
  readonly outcome: LatestOutcome;
  /** The version latest.json names when the call ends. */
  readonly latestVersion: string;
}

/** A stable release's result, or a beta's, which leaves latest.json (possibly none yet) alone. */
export type PointLatestResult =
  StableLatestResult | { readonly outcome: 'notStable'; readonly latestVersion: string | null };

/** Each lost race means another release moved latest.json meanwhile; a handful settles any real contention. */
export const MAX_ATTEMPTS = 5;

/**
 * Points latest.json at `version` (whose manifest is `body`) only if that moves it to a higher
 * semantic version. The comparison is made against the object read, and the write is conditional
 * on that same object still being there, so no write can land on a newer latest.json than the one
 * compared with: of two releases in flight, the older one finishing last finds the newer in place
 * and leaves it. latest.json therefore only ever moves up.
 */
export async function pointLatestAt(
  store: LatestStore,
  version: string,
  body: string,
  attempts = MAX_ATTEMPTS,
): Promise<StableLatestResult> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const current = await store.read();
    const currentVersion = current?.version ?? null;
    if (currentVersion === version) return { outcome: 'alreadyLatest', latestVersion: version };
    if (currentVersion !== null && semver.gt(currentVersion, version))
      return { outcome: 'superseded', latestVersion: currentVersion };
    if ((await store.replaceIfUnchanged(body, current?.etag ?? null)) === 'replaced')
      return { outcome: 'moved', latestVersion: version };
    // Another release replaced latest.json after it was read: read it again and compare again.
  }
  throw new LatestReleaseContended(
    `latest.json changed under each of ${attempts} conditional writes of ${version}: other releases are moving it`,
  );
}

/**
 * Points latest.json at a release if it is a stable one. latest.json is the stable channel's
 * pointer (what GET /releases/latest and clients that never opted into betas follow), so a beta
 * leaves it as it is, however high its version: betas are found by version and by their
 * announcement's channel attribute instead.
 */
export async function pointLatestFor(
  store: LatestStore,
  release: { readonly version: string; readonly channel: string },
  body: string,
): Promise<PointLatestResult> {
  if (release.channel !== 'stable')
    return { outcome: 'notStable', latestVersion: (await store.read())?.version ?? null };
  return pointLatestAt(store, release.version, body);
}
