import { MAX_BUILT_SIZE } from '../../budgets/limits';
import { turnElapsed } from '../../budgets/turn';
import type { AwsFunction } from './aws-functions';
import { failPastTurnBudget } from './evaluation-budget';
import { refused, tooLarge } from './function-error';
import { callBuiltIn } from './library-environment';

/**
 * JSONata built-ins whose library code takes time quadratic in the array it is given, registered
 * over the library's with the same signatures and the same results, in linear (or n log n) time:
 *
 * - `$distinct` compares each item with every item kept: `$distinct([1..1000000])` is 5e11
 *   comparisons in one synchronous call, which no time budget or pause reaches inside.
 * - `$sort` merges by copying the rest of the array at each step (`right.slice(1)`):
 *   `$sort([1..1000000])` ran for minutes on awaits that never yield to the event loop, and
 *   `$sort([1..80000], $append)` ran the process out of memory.
 * - `$spread` of an array appends each item's spread to a copy of all gathered so far:
 *   `$spread([1..40000])` held the event loop for 5 s.
 *
 * Anything beyond what these handle exactly goes to the library's own code, unchanged.
 */

/** Items (in $distinct) or comparisons (in $sort) between two looks at the clock. */
const CHECK_EVERY = 4_096;

/**
 * The `this` JSONata calls a built-in with (its typings leave out createSequence, with which
 * $distinct keeps a sequence a sequence).
 */
interface Focus {
  readonly createSequence: () => unknown[];
}

/** A key equal for two values exactly when JSONata's deep equality says they are equal. */
type Key = string;

/** How deep keyOf follows nesting before it gives the value up to the library (its stack). */
const MAX_KEY_DEPTH = 1_000;

/**
 * The most items $distinct compares one by one, as the library does, when some value has no key:
 * 2,000 items are 2 million comparisons. Past that it refuses rather than hold the loop.
 */
const MAX_COMPARED_ITEMS = 2_000;

/** Characters of keys one $distinct call may still build (a value repeated inside itself doubles). */
let keyCharactersLeft = MAX_BUILT_SIZE;

const spend = (key: Key): Key => {
  keyCharactersLeft -= key.length;
  if (keyCharactersLeft < 0) refused(tooLarge('distinct', 'keys of more characters to compare its items'));
  return key;
};

/** Functions compare by identity (JSONata's equality is `===` for them): each gets a number. */
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

function functionKey(fn: object): Key {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = nextFunctionId += 1;
    functionIds.set(fn, id);
  }
  return `f${id}`;
}

/**
 * An object whose own names are an array's (`0`..`n-1` and `length`, which is n): JSONata's
 * equality compares it with an array by those names and finds them equal, which a key cannot follow.
 */
function arrayLike(value: object, names: readonly string[]): boolean {
  const length = (value as { length?: unknown }).length;
  return (
    typeof length === 'number' &&
    names.length === length + 1 &&
    names.every((name) => name === 'length' || String(Number(name)) === name)
  );
}

/**
 * The key of a value, or undefined for one a key cannot follow: NaN, objects that are not plain,
 * objects with non-enumerable properties, array-like objects, values nested past MAX_KEY_DEPTH.
 * Two values have equal keys exactly when JSONata's `isDeepEqual` says so: primitives and
 * functions by `===` (so 0 and -0 alike), arrays item by item (whatever else the array carries,
 * as a sequence's flag), objects by their sorted names and values.
 */
function keyOf(value: unknown, depth = 0): Key | undefined {
  switch (typeof value) {
    case 'string':
      return spend(JSON.stringify(value));
    case 'number':
      return Number.isNaN(value) ? undefined : spend(`n${String(value)}`);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'function':
      return spend(functionKey(value));
    case 'object': {
      if (value === null) return 'z';
      if (depth >= MAX_KEY_DEPTH) return undefined;
      if (Array.isArray(value)) {
        const items: Key[] = [];
        for (const item of value as unknown[]) {
          const key = keyOf(item, depth + 1);
          if (key === undefined) return undefined;
          items.push(key);
        }
        return spend(`[${items.join(',')}]`);
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return undefined;
      const names = Object.getOwnPropertyNames(value);
      if (names.length !== Object.keys(value).length || arrayLike(value, names)) return undefined;
      const members: Key[] = [];
      for (const name of names.sort()) {
        const key = keyOf((value as Record<string, unknown>)[name], depth + 1);
        if (key === undefined) return undefined;
        members.push(`${JSON.stringify(name)}:${key}`);
      }
      return spend(`{${members.join(',')}}`);
    }
    default:
      return undefined;
  }
}

/**
 * What distinct has seen: strings and numbers as themselves (a Set's SameValueZero is `===` for
 * them, NaN aside, which keyOf refuses), each kind apart so 1 and "1" stay two; everything else
 * by its key.
 */
class Seen {
  private readonly strings = new Set<string>();
  private readonly numbers = new Set<number>();
  private readonly keys = new Set<Key>();

  /** True the first time an item equal to `item` is offered; undefined when it has no key. */
  firstTime(item: unknown): boolean | undefined {
    if (typeof item === 'string') return this.added(this.strings, item);
    if (typeof item === 'number' && !Number.isNaN(item)) return this.added(this.numbers, item);
    const key = keyOf(item);
    return key === undefined ? undefined : this.added(this.keys, key);
  }

  private added<T>(set: Set<T>, value: T): boolean {
    if (set.has(value)) return false;
    set.add(value);
    return true;
  }
}

/**
 * $distinct: each item the first time an equal one appears, in order, found by key. One call runs
 * as one synchronous step, which the evaluation's budget cannot pause or end: a call that alone
 * takes the whole time budget fails as an evaluation past it would (ten million items take
 * several seconds).
 */
function distinct(this: unknown, arr: unknown): unknown {
  if (!Array.isArray(arr) || arr.length <= 1) return callBuiltIn('distinct', this, [arr]);
  const byLibrary = (): unknown => {
    if (arr.length > MAX_COMPARED_ITEMS)
      refused(
        `The function "distinct" compares at most ${MAX_COMPARED_ITEMS} items one by one (values it cannot key: array-like objects, NaN, values that are not JSON); it was given ${arr.length}`,
      );
    return callBuiltIn('distinct', this, [arr]);
  };
  keyCharactersLeft = MAX_BUILT_SIZE;
  const seen = new Seen();
  const kept: unknown[] = [];
  const startedAt = performance.now();
  for (const [index, item] of (arr as unknown[]).entries()) {
    if (index % CHECK_EVERY === 0) failPastTurnBudget(startedAt);
    const first = seen.firstTime(item);
    if (first === undefined) return byLibrary();
    if (first) kept.push(item);
  }
  if ((arr as { sequence?: unknown }).sequence !== true) return kept;
  const results = (this as Focus).createSequence();
  for (const item of kept) results.push(item);
  return results;
}

const ascending = (a: number | string, b: number | string): number => (a > b ? 1 : b > a ? -1 : 0);

const finiteNumber = (item: unknown): boolean => typeof item === 'number' && Number.isFinite(item);
const string = (item: unknown): boolean => typeof item === 'string';

type Comparator = (left: unknown, right: unknown) => unknown;

/**
 * The library's merge sort, by index: the same comparisons, in the same order, with the same
 * result (`comparator(left, right)` true puts the right one first), without copying the rest of
 * an array at each step. A JSONata function as comparator is evaluated under the evaluation
 * budget, which pauses between slices; a built-in one (`$sort(a, $append)`) is not, so a sort
 * that holds the event loop for the whole time budget fails as an evaluation past it would.
 */
async function mergeSort(items: readonly unknown[], comparator: Comparator): Promise<unknown[]> {
  // Awaits of settled promises give the loop no turn: a built-in comparator's sort is one turn,
  // opened here if nothing has yet, so it is timed from its start; a JSONata comparator pauses.
  const startedAt = performance.now();
  turnElapsed(startedAt);
  let compared = 0;
  const compare = async (left: unknown, right: unknown): Promise<boolean> => {
    compared += 1;
    if (compared % CHECK_EVERY === 0) failPastTurnBudget(startedAt);
    return Boolean(await comparator(left, right));
  };
  const sorted = async (from: number, to: number): Promise<unknown[]> => {
    if (to - from <= 1) return items.slice(from, to);
    const middle = from + Math.floor((to - from) / 2);
    const left = await sorted(from, middle);
    const right = await sorted(middle, to);
    const merged: unknown[] = [];
    let i = 0;
    let j = 0;
    while (i < left.length && j < right.length) {
      if (await compare(left[i], right[j])) merged.push(right[j++]);
      else merged.push(left[i++]);
    }
    for (; i < left.length; i += 1) merged.push(left[i]);
    for (; j < right.length; j += 1) merged.push(right[j]);
    return merged;
  };
  return sorted(0, items.length);
}

/**
 * $sort: without a function, an array of finite numbers or of strings is sorted natively (stable,
 * as the library's merge sort is; equal items are the same value); with a function, by
 * mergeSort. Anything else (undefined, one item, the library's D3070 and D1001) is the library's.
 */
function sort(this: unknown, arr: unknown, comparator: unknown): unknown {
  if (!Array.isArray(arr) || arr.length <= 1) return callBuiltIn('sort', this, [arr, comparator]);
  if (typeof comparator === 'function') return mergeSort(arr as unknown[], comparator as Comparator);
  if (comparator === undefined && (arr.every(finiteNumber) || arr.every(string)))
    return (arr as (number | string)[]).slice().sort(ascending);
  return callBuiltIn('sort', this, [arr, comparator]);
}

/**
 * $spread of an array, in one pass. The library's appends make the result the plain array
 * `concat` gives as soon as any item is not undefined (so `$spread([{"a": 1}])` stays an array of
 * one, and `$spread([[]])` is `[]`), and leave the empty sequence otherwise (`$spread([])` is
 * nothing). Nested arrays are flattened, objects (and lambdas, which it keeps as they are) go to
 * the library one by one (its objects of one key have no prototype), anything else is kept.
 * Our expressions set no `sequence` limit, so the library's D2015 check in append never applies.
 */
function spread(this: unknown, arg: unknown): unknown {
  if (!Array.isArray(arg)) return callBuiltIn('spread', this, [arg]);
  const spreadItems: unknown[] = [];
  const add = (items: readonly unknown[]): void => {
    for (const item of items) {
      if (Array.isArray(item)) add(item);
      else if (typeof item === 'object' && item !== null) {
        const spreadObject = callBuiltIn('spread', this, [item]);
        if (Array.isArray(spreadObject)) for (const one of spreadObject as unknown[]) spreadItems.push(one);
        else spreadItems.push(spreadObject);
      } else if (item !== undefined) spreadItems.push(item);
    }
  };
  add(arg as unknown[]);
  return (arg as unknown[]).some((item) => item !== undefined)
    ? spreadItems
    : (this as Focus).createSequence();
}

/** Registered on every expression after Step Functions' own functions (registered-functions.ts). */
export const LINEAR_BUILT_INS: readonly AwsFunction[] = [
  { name: 'distinct', implementation: distinct, signature: '<x:x>' },
  { name: 'sort', implementation: sort, signature: '<af?:a>' },
  { name: 'spread', implementation: spread, signature: '<x-:a<o>>' },
];
