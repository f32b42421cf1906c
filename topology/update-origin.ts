/**
 * The update origin: "the existing application" that serves software-update files from a
 * directory (services/update-server, on EFS in AWS), and the CDN cache behaviors in front of it.
 * infra/ turns the behaviors into CloudFront cache policies and the local edge applies the same
 * ones, so what is measured locally is what is deployed.
 */

/** A CloudFront cache behavior's path pattern and its cache policy's TTLs, in seconds. */
export interface UpdateCacheBehavior {
  readonly pathPattern: string;
  readonly minTtl: number;
  readonly defaultTtl: number;
  readonly maxTtl: number;
}

const YEAR = 365 * 24 * 3600;

/** latest.json moves with each release: at most a minute, and the invalidation makes it at once. */
const LATEST: UpdateCacheBehavior = {
  pathPattern: '/updates/latest.json',
  minTtl: 0,
  defaultTtl: 60,
  maxTtl: 60,
};
/** A version's files never change: a year, at least a day even if the origin said less. */
const FILES: UpdateCacheBehavior = {
  pathPattern: '/updates/*',
  minTtl: 24 * 3600,
  defaultTtl: YEAR,
  maxTtl: YEAR,
};

export const UPDATE_ORIGIN = {
  /** Every URL of the update server that is cached: `/updates/latest.json`, `/updates/<version>/<file>`. */
  pathPrefix: '/updates',
  /** Where the update files are, inside the update server's container and the Lambda that writes them. */
  mountPath: '/mnt/updates',
  /** Seconds latest.json may be kept by browsers and the CDN: it moves with each release. */
  latestMaxAgeSeconds: 60,
  latest: LATEST,
  files: FILES,
  /** In CloudFront's order: the first pattern that matches applies. */
  behaviors: [LATEST, FILES] as readonly UpdateCacheBehavior[],
  /** Everything else (the health check): passed through, never cached. */
  defaultBehavior: { pathPattern: '*', minTtl: 0, defaultTtl: 0, maxTtl: 0 } satisfies UpdateCacheBehavior,
} as const;
