import semver from 'semver';
import { InvalidManifest } from '../shared/errors';
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
