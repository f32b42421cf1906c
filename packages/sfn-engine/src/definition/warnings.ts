/**
 * What ValidateStateMachineDefinition reports as WARNING: things the service accepts but that
 * are likely mistakes. Codes and messages as the API reference lists them
 * (ValidateStateMachineDefinitionDiagnostic): NO_DOLLAR, a field that looks like a path or an
 * intrinsic without `.$`; PASS_RESULT_IS_STATIC, a path in a Pass state's Result, which is never
 * evaluated. Only JSONPath states have either.
 */
import type { DefinitionProblem } from '../errors';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { buildScopes, type JsonObject as GraphObject } from '@myblog/asl';

const looksLikePath = (text: string): boolean =>
  text === '$' ||
  text.startsWith('$.') ||
  text.startsWith('$[') ||
  text.startsWith('$$.') ||
  /^States\.[A-Za-z]+\(/.test(text);

/** Keys without `.$` whose value reads like a path or an intrinsic, with their locations. */
function* withoutDollar(value: Json | undefined, path: string): Iterable<string> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* withoutDollar(item, `${path}[${i}]`);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.endsWith('.$')) continue;
    if (typeof item === 'string' && looksLikePath(item)) yield `${path}/${key}`;
    else yield* withoutDollar(item, `${path}/${key}`);
  }
}

const hasDollarKey = (value: Json | undefined): boolean =>
  Array.isArray(value)
    ? value.some(hasDollarKey)
    : isObject(value) &&
      Object.entries(value).some(([key, item]) => key.endsWith('.$') || hasDollarKey(item));

function languageOf(own: Json | undefined, inherited: string): string {
  return own === undefined ? inherited : own === 'JSONPath' ? 'JSONPath' : 'JSONata';
}

export function definitionWarnings(definition: JsonObject): DefinitionProblem[] {
  const warnings: DefinitionProblem[] = [];
  const top = languageOf(definition['QueryLanguage'], 'JSONPath');
  for (const scope of buildScopes(definition as GraphObject)) {
    for (const node of scope.states.values()) {
      const inherited = node.enclosing.reduce(
        (language, state) => languageOf(state.definition['QueryLanguage'], language),
        top,
      );
      if (languageOf(node.definition['QueryLanguage'], inherited) !== 'JSONPath') continue;
      const def = node.definition as JsonObject;
      for (const field of ['Parameters', 'ResultSelector', 'ItemSelector']) {
        for (const path of withoutDollar(def[field], `${node.path}/${field}`))
          warnings.push({
            code: 'NO_DOLLAR',
            path,
            message: 'No .$ on a field that appears to be a JSONPath or Intrinsic Function.',
          });
      }
      if (def['Type'] === 'Pass' && hasDollarKey(def['Result']))
        warnings.push({
          code: 'PASS_RESULT_IS_STATIC',
          path: `${node.path}/Result`,
          message: 'Attempt to use a path in the result of a pass state.',
        });
    }
  }
  return warnings;
}
