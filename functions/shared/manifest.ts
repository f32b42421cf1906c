import semver from 'semver';
import { z } from 'zod';

/** A file name inside a release: relative, no `..`, plain characters, so it is safe as a key part. */
const releaseFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'file names use letters, digits, ".", "_", "-" and "/" only')
  .refine((name) => !name.split('/').some((part) => part === '..' || part === '.' || part === ''), {
    message: 'file names may not contain empty, "." or ".." segments',
  });

export const releaseFileSchema = z.object({
  name: releaseFileName,
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
});

export const manifestSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) === v, 'version must be a semantic version like 1.4.0'),
  /**
   * Who the release is for. Every release is published (its files, releases/<version>/release.json,
   * GET /releases/{version}) and announced with its channel as an SNS attribute, so each subscriber
   * picks its channels; only a stable release moves latest.json (GET /releases/latest), which is
   * what clients that did not opt into betas update to. A beta never becomes "latest".
   */
  channel: z.enum(['stable', 'beta']).default('stable'),
  publishedAt: z.iso.datetime().optional(),
  notes: z.string().max(10_000).optional(),
  files: z
    .array(releaseFileSchema)
    .min(1, 'a release has at least one file')
    .max(1000)
    .refine((files) => new Set(files.map((f) => f.name)).size === files.length, 'file names must be unique'),
});

export type ReleaseManifest = z.infer<typeof manifestSchema>;
export type ReleaseFile = z.infer<typeof releaseFileSchema>;

/** Where a version's files live in the distribution bucket (and behind CloudFront). */
export function distributionPrefix(version: string): string {
  return `releases/${version}/`;
}
