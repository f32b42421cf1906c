import { MAX_BUILT_SIZE } from '../../budgets/limits';
import type { AwsFunction } from './aws-functions';
import { refused, tooLarge } from './function-error';
import { callBuiltIn } from './library-environment';

/**
 * JSONata built-ins that build a value whose size an argument sets, registered over the library's
 * own with the same signatures: a call within MAX_BUILT_SIZE runs the library's code unchanged,
 * a larger one is refused before anything is built. Without this, `$pad("", 500000000)` or the
 * `$string` of two 1e7-item ranges ended the whole server with a fatal V8 error, which no
 * try/catch or budget can stop.
 */

/** $pad: refused when the width asks for more than MAX_BUILT_SIZE characters of padding. */
function pad(str: unknown, width: unknown, char: unknown): unknown {
  if (
    typeof str === 'string' &&
    typeof width === 'number' &&
    Math.abs(Math.trunc(width)) - str.length > MAX_BUILT_SIZE
  )
    refused(tooLarge('pad', `a width of ${width}`));
  return callBuiltIn('pad', undefined, [str, width, char]);
}

/**
 * Whether the JSON text of `value` has more than `limit` characters, counted from below (each
 * number as one digit, no escapes), walked without recursion and left as soon as it is over.
 */
export function textExceeds(value: unknown, limit: number): boolean {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') size += next.length + 2;
    else if (Array.isArray(next)) {
      size += next.length + 1;
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      size += 1;
      for (const key in next) {
        size += key.length + 4;
        pending.push((next as Record<string, unknown>)[key]);
      }
    } else if (typeof next !== 'function' && next !== undefined) size += 1;
    if (size > limit) return true;
  }
  return false;
}

/** $string: refused when the text would have more than MAX_BUILT_SIZE characters. */
function string(arg: unknown, prettify: unknown): unknown {
  if (typeof arg === 'object' && arg !== null && textExceeds(arg, MAX_BUILT_SIZE))
    refused(tooLarge('string', 'the text of a larger value'));
  return callBuiltIn('string', undefined, [arg, prettify]);
}

/** Registered on every expression after Step Functions' own functions (template.ts, the fast path's library). */
export const SIZE_GUARDED_BUILT_INS: readonly AwsFunction[] = [
  { name: 'pad', implementation: pad, signature: '<s-ns?:s>' },
  { name: 'string', implementation: string, signature: '<x-b?:s>' },
];
