import type { Json } from '@myblog/asl';
import type { JsonataScope } from '../scope';
import { compileTree } from './compile';
import { Environment } from './environment';
import { Unsupported } from './nodes';

/**
 * One expression on the fast path: its value, synchronously, exactly as the library would give
 * it. It throws when the evaluation fails, or when it meets what it leaves to the library at run
 * time (LeftToLibrary); either way the caller evaluates the expression with the library, which
 * gives the answer or the error in its own words.
 */
export type FastExpression = (scope: JsonataScope) => Json | undefined;

/**
 * The fast path of an expression, from the library's syntax tree of it; undefined when the
 * expression uses anything the fast path does not compile.
 */
export function compileFastPath(ast: unknown, usesContext: boolean): FastExpression | undefined {
  try {
    const root = compileTree(ast);
    return (scope) => root(undefined, new Environment(scope, usesContext)) as Json | undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
