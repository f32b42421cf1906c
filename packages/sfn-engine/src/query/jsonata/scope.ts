import type { Json } from '@myblog/asl';

/**
 * What `$states` holds while a JSONata field is evaluated, plus the visible variables. Its own
 * module, below template.ts and the fast path, so both read it without importing each other.
 */
export interface JsonataScope {
  readonly states: { readonly input: Json; readonly result?: Json; readonly errorOutput?: Json };
  /** The context object, built only for expressions that mention it. */
  readonly context: () => Json;
  readonly variables: (name: string) => Json | undefined;
  /** Names of the variables visible here, bound into every expression. */
  readonly variableNames: () => Iterable<string>;
}
