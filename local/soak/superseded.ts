import semver from 'semver';

/**
 * The newer release that made this one stale, if any: the output of an update-publishing
 * execution that ended as stale (latest.json pointed at a greater version) names it, and that
 * version was announced. Such a release is settled, not lost: publishing it over the newer one
 * would be the bug. Undefined for anything else, including a rerun of the release in place.
 */
export function supersededBy(
  output: unknown,
  version: string,
  announced: ReadonlyMap<string, number>,
): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const { isNewer, currentVersion } = output as { isNewer?: unknown; currentVersion?: unknown };
  if (isNewer !== false || typeof currentVersion !== 'string') return undefined;
  if (semver.valid(currentVersion) === null || semver.valid(version) === null) return undefined;
  if (!semver.gt(currentVersion, version)) return undefined;
  return (announced.get(currentVersion) ?? 0) >= 1 ? currentVersion : undefined;
}
