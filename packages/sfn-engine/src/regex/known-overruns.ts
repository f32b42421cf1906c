import { createHash } from 'node:crypto';

/**
 * The (pattern, string, start) searches that ran past the regex budget. The same search would overrun
 * again, and each overrun ends a worker thread, whose replacement takes 30-150 ms to boot: a
 * definition that retries or loops over one hostile search would otherwise keep the sandbox
 * rebooting, and every regex call (anyone's) waiting for it. A known pair fails at once.
 *
 * Strings are kept as hashes, and only for patterns that overran, so the normal path costs one
 * Map lookup per search.
 */

/** Bounds what a stream of distinct hostile searches can make this hold. */
const MAX_PATTERNS = 100;
const MAX_STRINGS_PER_PATTERN = 100;

const overruns = new Map<string, Set<string>>();

const patternKey = (source: string, flags: string): string => `${flags}/${source}`;
const digest = (text: string, from: number): string =>
  `${from}:${createHash('sha256').update(text).digest('base64')}`;

export function recordOverrun(source: string, flags: string, text: string, from: number): void {
  const key = patternKey(source, flags);
  let strings = overruns.get(key);
  if (strings === undefined) {
    if (overruns.size >= MAX_PATTERNS) overruns.clear();
    strings = new Set();
    overruns.set(key, strings);
  }
  if (strings.size >= MAX_STRINGS_PER_PATTERN) strings.clear();
  strings.add(digest(text, from));
}

export function knownOverrun(source: string, flags: string, text: string, from: number): boolean {
  const strings = overruns.get(patternKey(source, flags));
  return strings !== undefined && strings.has(digest(text, from));
}

/**
 * True when the pattern overran on some string. Such a pattern does not wait for a booting
 * worker: a definition that feeds one hostile pattern new strings in a loop would otherwise end
 * a worker every 40 ms and hold the loop while each replacement boots (measured: a median of
 * 280 ms for other API calls on a loaded machine).
 */
export function patternOverran(source: string, flags: string): boolean {
  return overruns.has(patternKey(source, flags));
}
