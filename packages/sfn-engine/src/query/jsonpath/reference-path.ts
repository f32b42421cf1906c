import { type Json, isObject } from '@myblog/asl';
import { UnsupportedFilter, checkFilters } from './filter-expressions';

/**
 * A path compiled once into segments. Reference paths (`$.a.b`, `$['a b'][0]`) address one node;
 * `$$...` addresses the context object and `$name...` a variable. Anything with wildcards,
 * filters, slices or `..` is a query path, evaluated by jsonpath-plus (see json-path.ts).
 */
export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export interface CompiledPath {
  readonly text: string;
  readonly root: PathRoot;
  /** Property names and array indexes after the root; undefined for query paths. */
  readonly segments: readonly (string | number)[] | undefined;
}

const IDENTIFIER = /^[A-Za-z_$@][A-Za-z0-9_$@:-]*/;

/** Splits `$x.a['b'][0]` after its root into segments, or returns undefined if it is not a reference path. */
function parseSegments(rest: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  let i = 0;
  while (i < rest.length) {
    const char = rest[i];
    if (char === '.') {
      const match = IDENTIFIER.exec(rest.slice(i + 1));
      if (match === null || match[0] === '') return undefined;
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (char === '[') {
      const close = rest.indexOf(']', i);
      if (close < 0) return undefined;
      const inside = rest.slice(i + 1, close).trim();
      if (/^\d+$/.test(inside)) segments.push(Number(inside));
      else if (/^'[^']*'$/.test(inside) || /^"[^"]*"$/.test(inside)) segments.push(inside.slice(1, -1));
      else return undefined;
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return segments;
}

export function compilePath(text: string): CompiledPath {
  let root: PathRoot;
  let rest: string;
  if (text.startsWith('$$')) {
    root = { kind: 'context' };
    rest = text.slice(2);
  } else if (text === '$' || text.startsWith('$.') || text.startsWith('$[')) {
    root = { kind: 'input' };
    rest = text.slice(1);
  } else {
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
    if (name === null) throw new SyntaxError(`"${text}" is not a valid JSONPath`);
    root = { kind: 'variable', name: name[1] as string };
    rest = text.slice(name[0].length);
  }
  const segments = parseSegments(rest);
  if (segments === undefined) {
    try {
      checkFilters(rest);
    } catch (error) {
      if (error instanceof UnsupportedFilter)
        throw new SyntaxError(`"${text}" is not a valid JSONPath: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return { text, root, segments };
}

/** True when the path addresses exactly one node (no wildcards, filters, slices, recursion). */
export function isReferencePath(path: CompiledPath): boolean {
  return path.segments !== undefined;
}

/** Follows reference segments from a value; undefined when any step is missing. */
export function followSegments(
  value: Json | undefined,
  segments: readonly (string | number)[],
): Json | undefined {
  let current: Json | undefined = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return undefined;
      current = current[segment];
    } else {
      if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/**
 * Returns a copy of `target` with `value` placed at `segments`, creating objects on the way,
 * copying only the nodes along the path. Returns undefined when a node on the way is a scalar or
 * an array index is out of range: ResultPath then fails with States.ResultPathMatchFailure.
 */
export function placeAt(target: Json, segments: readonly (string | number)[], value: Json): Json | undefined {
  if (segments.length === 0) return value;
  const [head, ...tail] = segments as [string | number, ...(string | number)[]];
  if (typeof head === 'number') {
    if (!Array.isArray(target) || head >= target.length) return undefined;
    const placed = placeAt(target[head] as Json, tail, value);
    if (placed === undefined) return undefined;
    const copy = target.slice();
    copy[head] = placed;
    return copy;
  }
  if (!isObject(target)) return undefined;
  const child = Object.prototype.hasOwnProperty.call(target, head) ? (target[head] as Json) : {};
  const placed = placeAt(child, tail, value);
  if (placed === undefined) return undefined;
  return { ...target, [head]: placed };
}
