import { fieldPathCause } from '../../error-causes';
import { StatesRuntime } from '../../errors';
import { compileIntrinsic } from './intrinsics';
import { looksLikeIntrinsic } from './intrinsics/parser';
import { type Json, isObject } from '@myblog/asl';
import { jsonPath, type PathScope } from './json-path';

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign), compiled once:
 * keys ending in `.$` take their value from a path or an intrinsic function call.
 */
export type CompiledTemplate = (scope: PathScope) => Json;

function compileDynamic(field: string, expression: string): CompiledTemplate {
  if (looksLikeIntrinsic(expression)) return compileIntrinsic(expression);
  const path = jsonPath(expression);
  return (scope) => {
    const value = path.evaluate(scope);
    if (value === undefined) {
      const source = path.path.root.kind === 'context' ? scope.context : scope.input;
      throw new StatesRuntime(fieldPathCause(expression, field, source));
    }
    return value;
  };
}

export function compileJsonPathTemplate(template: Json): CompiledTemplate {
  if (Array.isArray(template)) {
    const items = template.map(compileJsonPathTemplate);
    return (scope) => items.map((item) => item(scope));
  }
  if (!isObject(template)) return () => template;
  const fields = Object.entries(template).map(([key, value]): [string, CompiledTemplate] => {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string')
        throw new SyntaxError(`The value for the field '${key}' must be a STRING`);
      return [key.slice(0, -2), compileDynamic(key, value)];
    }
    return [key, compileJsonPathTemplate(value)];
  });
  // A field named __proto__ must be defined as data (as in AWS), not set: assigning it would
  // change the new object's prototype. fromEntries defines; the plain loop is faster, and
  // templates are evaluated on every state, so it is kept for the templates that can use it.
  if (fields.some(([key]) => key === '__proto__'))
    return (scope) => Object.fromEntries(fields.map(([key, field]) => [key, field(scope)]));
  return (scope) => {
    const result: { [key: string]: Json } = {};
    for (const [key, field] of fields) result[key] = field(scope);
    return result;
  };
}
