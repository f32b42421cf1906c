import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Which file a request path names. The service's whole URL space: `/health`, `/updates/latest.json`
 * and `/updates/<version>/<file>`, where a file may sit in folders of its release. Anything that
 * could step outside the updates directory is refused here, before the file system is asked.
 */
export type Target =
  | { readonly kind: 'health' }
  | { readonly kind: 'latest'; readonly relativePath: string }
  | { readonly kind: 'versioned'; readonly relativePath: string }
  | { readonly kind: 'notFound' }
  /** A path that tries to leave the directory or is not valid: 400, and nothing is read. */
  | { readonly kind: 'refused'; readonly reason: string };

/** A semantic version, as release folders are named (semver.org's grammar, without a leading v). */
const VERSION =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** A folder or file name inside a release: the characters release manifests allow. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The target of a request's path (without its query), its %-escapes decoded segment by segment. */
export function targetOf(pathname: string): Target {
  if (pathname === '/health') return { kind: 'health' };
  if (!pathname.startsWith('/updates/')) return { kind: 'notFound' };
  const raw = pathname.slice('/updates/'.length).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { kind: 'refused', reason: 'malformed % escape' };
    }
    // An encoded slash or backslash would hide a separator from this check.
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment))
      return { kind: 'refused', reason: `path segment ${JSON.stringify(segment)} is not allowed` };
    segments.push(segment);
  }
  if (segments.length === 1 && segments[0] === 'latest.json')
    return { kind: 'latest', relativePath: 'latest.json' };
  const [version, ...file] = segments;
  if (version === undefined || !VERSION.test(version) || file.length === 0) return { kind: 'notFound' };
  if (!file.every((segment) => SEGMENT.test(segment))) return { kind: 'notFound' };
  return { kind: 'versioned', relativePath: [version, ...file].join('/') };
}

/**
 * The absolute path of `relativePath` under `root`, or undefined if it would resolve outside it.
 * A second guard behind targetOf, and the one that applies to real paths (symbolic links) too.
 */
export function within(root: string, candidate: string): string | undefined {
  const absolute = resolve(root, candidate);
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return absolute;
}
