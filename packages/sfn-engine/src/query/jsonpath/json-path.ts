import { JSONPath } from 'jsonpath-plus';
import type { Json } from '@myblog/asl';
import { compilePath, followSegments, type CompiledPath } from './reference-path';
import { BoundedTextCache } from '../bounded-cache';

/** Where a path's roots point during one evaluation. */
export interface PathScope {
  readonly input: Json;
  readonly context: Json;
  readonly variable: (name: string) => Json | undefined;
}

const NOT_FOUND = Symbol('not found');

/**
 * A compiled JSONPath ready to run many times. Reference paths are followed directly; query
 * paths go to jsonpath-plus, which returns every match as an array, as the service does.
 */
export class JsonPathExpression {
  readonly path: CompiledPath;
  private readonly queryPath: string | undefined;

  constructor(readonly text: string) {
    this.path = compilePath(text);
    if (this.path.segments === undefined) {
      // jsonpath-plus roots every path at "$"; the variable or "$$" prefix is applied by us.
      const prefix =
        this.path.root.kind === 'input'
          ? 1
          : this.path.root.kind === 'context'
            ? 2
            : 1 + this.path.root.name.length;
      this.queryPath = `$${text.slice(prefix)}`;
    }
  }

  private rootValue(scope: PathScope): Json | undefined {
    const root = this.path.root;
    if (root.kind === 'input') return scope.input;
    if (root.kind === 'context') return scope.context;
    return scope.variable(root.name);
  }

  /** The selected value, or NOT_FOUND when a reference path selects nothing. */
  private select(scope: PathScope): Json | typeof NOT_FOUND {
    const root = this.rootValue(scope);
    if (root === undefined) return NOT_FOUND;
    if (this.path.segments !== undefined) {
      const value = followSegments(root, this.path.segments);
      return value === undefined ? NOT_FOUND : value;
    }
    // Filters are evaluated by jsonpath-plus's own evaluator, never Node's vm: a definition is
    // input from whoever reaches the server, and must not run code.
    const matches = JSONPath({
      path: this.queryPath as string,
      json: root as object,
      wrap: true,
      eval: 'safe',
    }) as Json[];
    return matches;
  }

  /** The selected value, or undefined when nothing matches. */
  evaluate(scope: PathScope): Json | undefined {
    const value = this.select(scope);
    return value === NOT_FOUND ? undefined : value;
  }
}

/** Compiled paths by their text (see BoundedTextCache): a few thousand paths of a few dozen characters, as definitions write them. */
const cache = new BoundedTextCache<JsonPathExpression>(10_000, 1024 * 1024);

/** Paths are compiled once per distinct text, however many states and executions use them. */
export function jsonPath(text: string): JsonPathExpression {
  return cache.get(text, (path) => new JsonPathExpression(path));
}

/** How many compiled paths are kept, and their texts' length in all (for tests). */
export function jsonPathCacheSize(): { paths: number; characters: number } {
  const { entries, characters } = cache.size;
  return { paths: entries, characters };
}
