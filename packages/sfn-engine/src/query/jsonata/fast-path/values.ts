/**
 * JSONata's value model, as the `jsonata` library (2.x) represents it, for the fast path to build
 * exactly the values the library builds: a result sequence is an array flagged `sequence` (and
 * maybe `keepSingleton`), an array built by a constructor is flagged `cons`, and the library's own
 * helpers (isNumeric, isDeepEqual...) decide as below. Results are compared flag for flag with the
 * library's by tests/engine/jsonata-fast-path.test.ts.
 */

/** An array with the flags JSONata sets on it. */
export interface Sequence extends Array<unknown> {
  sequence?: boolean;
  keepSingleton?: boolean;
  outerWrapper?: boolean;
  tupleStream?: boolean;
  cons?: boolean;
}

/** A JSONata error before the library words it: a code and the fields its message quotes. */
export interface JsonataError {
  code: string;
  position?: number;
  token?: string;
  value?: unknown;
  value2?: unknown;
}

export function createSequence(...items: unknown[]): Sequence {
  const sequence: Sequence = items;
  sequence.sequence = true;
  return sequence;
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Sequence).sequence === true;
}

/** The library's isFunction: also true for data that carries its function markers. */
export function isFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}

/** A number that is not NaN; an infinite one is JSONata's D1001. */
export function isNumeric(value: unknown): value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) throw { code: 'D1001', value } satisfies JsonataError;
  return true;
}

export function isArrayOfNumbers(value: unknown): boolean {
  return Array.isArray(value) && value.filter((item) => !isNumeric(item)).length === 0;
}

/** JSONata's `=`: arrays item by item, objects by their own property names. */
export function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i += 1) if (!isDeepEqual(lhs[i], rhs[i])) return false;
    return true;
  }
  // An array and an object, or two objects: compared by own property names, as the library does.
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length) return false;
  for (let i = 0; i < lkeys.length; i += 1) if (lkeys[i] !== rkeys[i]) return false;
  const left = lhs as Record<string, unknown>;
  const right = rhs as Record<string, unknown>;
  for (const key of lkeys) if (!isDeepEqual(left[key], right[key])) return false;
  return true;
}

/**
 * The end of every evaluation step: an empty sequence is nothing, a sequence of one is its item
 * (unless it must stay an array).
 */
export function settle(result: unknown, keepArray: boolean): unknown {
  if (!isSequence(result) || result.tupleStream) return result;
  if (keepArray) result.keepSingleton = true;
  if (result.length === 0) return undefined;
  if (result.length === 1) return result.keepSingleton ? result : result[0];
  return result;
}
