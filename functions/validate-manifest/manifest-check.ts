import semver from 'semver';
import { InvalidManifest, ManifestVersionMismatch } from '../shared/errors';
import { manifestSchema, type ReleaseManifest } from '../shared/manifest';
import { describeIssues } from '../shared/validation';

/** Parses manifest text; anything but a valid manifest is InvalidManifest with the reason. */
export function parseManifest(text: string): ReleaseManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidManifest(`manifest.json is not JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new InvalidManifest(describeIssues(parsed.error));
  return parsed.data;
}

/** A release is published only when it is newer than the current one (or there is none yet). */
export function isNewerRelease(candidate: string, current: string | null): boolean {
  return current === null || semver.gt(candidate, current);
}

/**
 * What a release's folder means: a release is uploaded as `[...]/<version>/manifest.json` beside
 * its files, and the folder's name is the version it publishes. A manifest whose version differs
 * (`3.0.8/manifest.json` saying 99.0.0) is refused rather than trusted either way: its files would
 * be published under another version than the one they were built as, and since latest.json only
 * moves up, one mistyped 99.0.0 would stop every real release after it from becoming latest.
 */
export function assertFolderNamesVersion(manifestKey: string, version: string): void {
  const parts = manifestKey.split('/');
  const file = parts.at(-1);
  const folder = parts.length >= 2 ? parts.at(-2) : undefined;
  if (file === 'manifest.json' && folder === version) return;
  throw new ManifestVersionMismatch(
    folder === undefined || file !== 'manifest.json'
      ? `${manifestKey} is not <version>/manifest.json: the manifest of ${version} must be uploaded as ${version}/manifest.json`
      : `${manifestKey} is in folder ${folder} but declares version ${version}: the folder must be named after the version it publishes`,
  );
}
