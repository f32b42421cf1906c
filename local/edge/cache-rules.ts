/**
 * How long the local edge keeps an answer, as a CloudFront cache policy decides it: the origin's
 * Cache-Control max-age (s-maxage first) bounded by the behavior's minimum and maximum TTL, its
 * default TTL when the origin says nothing; no-store, no-cache and private are not cached unless
 * the minimum TTL is above 0 (CloudFront Developer Guide, "Manage how long content stays in the
 * cache (expiration)").
 */

/** A cache behavior: the path pattern it applies to and its cache policy's TTLs, in seconds. */
export interface CacheBehavior {
  /** CloudFront's path pattern: `*` matches any characters, `?` one. */
  readonly pathPattern: string;
  readonly minTtl: number;
  readonly defaultTtl: number;
  readonly maxTtl: number;
}

function directives(cacheControl: string | undefined): Map<string, string | true> {
  const found = new Map<string, string | true>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (name !== '') found.set(name.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ''));
  }
  return found;
}

const seconds = (value: string | true | undefined): number | undefined => {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
};

/** Seconds an answer with this Cache-Control stays fresh at the edge under `behavior`; 0: not cached. */
export function edgeTtl(cacheControl: string | undefined, behavior: CacheBehavior): number {
  const found = directives(cacheControl);
  if (found.has('no-store') || found.has('no-cache') || found.has('private')) return behavior.minTtl;
  const maxAge = seconds(found.get('s-maxage')) ?? seconds(found.get('max-age'));
  if (maxAge === undefined) return behavior.defaultTtl;
  return Math.min(behavior.maxTtl, Math.max(behavior.minTtl, maxAge));
}

function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^/?${body.replace(/^\\\//, '')}$`);
}

/** The first behavior whose pattern matches the path, in order, as CloudFront picks one; else the default. */
export function behaviorFor(
  path: string,
  behaviors: readonly CacheBehavior[],
  fallback: CacheBehavior,
): CacheBehavior {
  return behaviors.find((behavior) => patternRegExp(behavior.pathPattern).test(path)) ?? fallback;
}

/** Whether an invalidation path (`/updates/latest.json`, `/updates/2.1.0/*`) covers a cached path. */
export function invalidates(invalidationPath: string, cachedPath: string): boolean {
  if (invalidationPath.endsWith('*')) return cachedPath.startsWith(invalidationPath.slice(0, -1));
  return cachedPath === invalidationPath;
}
