import type { Json, JsonObject } from '@myblog/asl';
import { jsonataBody } from '../error-causes';
import { isJsonataExpression } from '../query/jsonata/template';

/**
 * The body of every whole `{% %}` string in a definition, wherever it is: what validating and
 * compiling it will parse (a `{% %}` string in a JSONPath state is parsed for nothing, at no
 * harm). None when the text is not JSON: the validation reports that.
 */
export function jsonataBodies(definition: string | JsonObject): string[] {
  let root: Json;
  try {
    root = typeof definition === 'string' ? (JSON.parse(definition) as Json) : definition;
  } catch {
    return [];
  }
  const bodies: string[] = [];
  // Walked without recursion: the caller checks the nesting, but a walk should not depend on it.
  const pending: Json[] = [root];
  while (pending.length > 0) {
    const value = pending.pop() as Json;
    if (isJsonataExpression(value)) bodies.push(jsonataBody(value));
    else if (Array.isArray(value)) pending.push(...value);
    else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
  return bodies;
}
