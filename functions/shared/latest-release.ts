import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import semver from 'semver';
import { z } from 'zod';
import { isNotFound, rethrowStorageError } from './storage-errors';

/** The object clients read to learn the current release; only point-latest-release writes it. */
export const LATEST_RELEASE_KEY = 'releases/latest.json';

/** latest.json moves with each release, so CloudFront and browsers keep it a minute only. */
export const LATEST_RELEASE_CACHE_CONTROL = 'public, max-age=60';

/** latest.json as read: the version it names (null if none) and the ETag a conditional write needs. */
export interface LatestRelease {
  readonly version: string | null;
  readonly etag: string;
}

const namesAVersion = z.object({ version: z.string() });

/**
 * The version latest.json's text names, or null when it names none: not JSON, no version, or not
 * a semantic version. Such a file is treated as no release at all, so the next release replaces it.
 */
export function versionNamedIn(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = namesAVersion.safeParse(json);
  if (!parsed.success) return null;
  return semver.valid(parsed.data.version) === parsed.data.version ? parsed.data.version : null;
}

/** Reads latest.json from the distribution bucket; null before the first release. */
export async function readLatestRelease(s3: S3Client, bucket: string): Promise<LatestRelease | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: LATEST_RELEASE_KEY }));
    const text = object.Body === undefined ? '' : await object.Body.transformToString('utf-8');
    // S3 always answers a GET with the ETag; without one no conditional write could be made.
    if (object.ETag === undefined)
      throw new Error(`S3 gave no ETag for s3://${bucket}/${LATEST_RELEASE_KEY}`);
    return { version: versionNamedIn(text), etag: object.ETag };
  } catch (error) {
    if (isNotFound(error)) return null;
    return rethrowStorageError(error, `Reading s3://${bucket}/${LATEST_RELEASE_KEY}`);
  }
}
