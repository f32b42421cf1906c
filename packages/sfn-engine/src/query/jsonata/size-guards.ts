import { MAX_BUILT_SIZE } from '../../budgets/limits';
import type { AwsFunction } from './aws-functions';
import { refused, tooLarge } from './function-error';
import { callBuiltIn } from './library-environment';

/**
 * JSONata built-ins whose work an argument sizes (the padding or text they build, the characters
 * of a string they split into an array, a picture they parse), registered over the library's own
 * with the same signatures: a call within the limits below runs the library's code unchanged, a
 * larger one is refused before anything is built. Without this, `$pad("", 500000000)`, the
 * `$string` of two 1e7-item ranges or `$fromMillis(0, "[D,200000000]")` ended the whole server
 * with a fatal V8 error, which no try/catch or budget can stop.
 */

/**
 * A string over MAX_BUILT_SIZE given to a built-in that makes an array of its characters
 * ($length, $substring, $pad): past about 1.34e8 V8 ends the process. Such a string can be built
 * (a string doubled by `&` in a loop), never sent: a payload is at most 256 KiB.
 */
function checkCharacters(fn: string, str: unknown): void {
  if (typeof str === 'string' && str.length > MAX_BUILT_SIZE)
    refused(tooLarge(fn, `the characters of a ${str.length}-character string`));
}

/**
 * $pad: refused when the padding it builds (the width's worth of copies of the pad text, which may
 * be longer than one character) would be over MAX_BUILT_SIZE.
 */
function pad(this: unknown, str: unknown, width: unknown, char: unknown): unknown {
  checkCharacters('pad', str);
  const copyLength = typeof char === 'string' && char.length > 1 ? char.length : 1;
  if (
    typeof str === 'string' &&
    typeof width === 'number' &&
    (Math.abs(Math.trunc(width)) - str.length) * copyLength > MAX_BUILT_SIZE
  )
    refused(tooLarge('pad', `a width of ${width}`));
  return callBuiltIn('pad', this, [str, width, char]);
}

function length(this: unknown, str: unknown): unknown {
  checkCharacters('length', str);
  return callBuiltIn('length', this, [str]);
}

function substring(this: unknown, str: unknown, start: unknown, count: unknown): unknown {
  checkCharacters('substring', str);
  return callBuiltIn('substring', this, [str, start, count]);
}

/**
 * Pictures: the library's picture code is quadratic in the picture's length, and a date-time
 * width modifier (`[D,500000000]`) sets how many digits are built, with no limit (a fatal V8
 * error). Real pictures are tens of characters, and widths a few digits.
 */
const MAX_PICTURE = 1_000;
const MAX_WIDTH = 1_000;

function checkPicture(fn: string, picture: unknown): void {
  if (typeof picture === 'string' && picture.length > MAX_PICTURE)
    refused(
      `The function "${fn}" takes a picture of at most ${MAX_PICTURE} characters; it was given ${picture.length}`,
    );
}

/** Each marker's width modifier (after its last comma: `min-max`), read as the library reads it. */
export function checkDateTimePicture(fn: string, picture: unknown): void {
  checkPicture(fn, picture);
  if (typeof picture !== 'string') return;
  for (const [, marker] of picture.replaceAll('[[', '').matchAll(/\[([^\]]*)\]/g)) {
    const modifier = (marker as string).replace(/\s+/g, '');
    const comma = modifier.lastIndexOf(',');
    if (comma === -1) continue;
    for (const part of modifier.substring(comma + 1).split('-', 2))
      if (Number.parseInt(part, 10) > MAX_WIDTH)
        refused(`The function "${fn}" takes a width of at most ${MAX_WIDTH}; it was given ${part}`);
  }
}

function formatNumber(this: unknown, value: unknown, picture: unknown, options: unknown): unknown {
  checkPicture('formatNumber', picture);
  return callBuiltIn('formatNumber', this, [value, picture, options]);
}

function formatInteger(this: unknown, value: unknown, picture: unknown): unknown {
  checkPicture('formatInteger', picture);
  return callBuiltIn('formatInteger', this, [value, picture]);
}

function parseInteger(this: unknown, value: unknown, picture: unknown): unknown {
  checkPicture('parseInteger', picture);
  return callBuiltIn('parseInteger', this, [value, picture]);
}

function fromMillis(this: unknown, millis: unknown, picture: unknown, timezone: unknown): unknown {
  checkDateTimePicture('fromMillis', picture);
  return callBuiltIn('fromMillis', this, [millis, picture, timezone]);
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

/**
 * $string: refused when the text would have more than MAX_BUILT_SIZE characters. `prettify` has
 * the library's default, so the function's length is the library's 1: JSONata gives a function
 * passed to $map, $each... as many arguments as its length says, and with 2 `$map(a, $string)`
 * passed the index as `prettify` and failed (T0410).
 */
function string(this: unknown, arg: unknown, prettify: unknown = false): unknown {
  if (typeof arg === 'object' && arg !== null && textExceeds(arg, MAX_BUILT_SIZE))
    refused(tooLarge('string', 'the text of a larger value'));
  return callBuiltIn('string', this, [arg, prettify]);
}

/** Registered on every expression after Step Functions' own functions (template.ts, the fast path's library). */
export const SIZE_GUARDED_BUILT_INS: readonly AwsFunction[] = [
  { name: 'pad', implementation: pad, signature: '<s-ns?:s>' },
  { name: 'string', implementation: string, signature: '<x-b?:s>' },
  { name: 'length', implementation: length, signature: '<s-:n>' },
  { name: 'substring', implementation: substring, signature: '<s-nn?:s>' },
  { name: 'formatNumber', implementation: formatNumber, signature: '<n-so?:s>' },
  { name: 'formatInteger', implementation: formatInteger, signature: '<n-s:s>' },
  { name: 'parseInteger', implementation: parseInteger, signature: '<s-s:n>' },
  { name: 'fromMillis', implementation: fromMillis, signature: '<n-s?s?:s>' },
];
