/**
 * The expressions in a state's fields compile: a JSONPath state's payload templates, paths and
 * intrinsics; a JSONata state's `{% %}` strings, reported in the JSONata parser's own words.
 */
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { jsonataBody } from '../error-causes';
import { jsonataSyntaxProblem } from '../query/jsonata/syntax-check';
import { isJsonataExpression } from '../query/jsonata/template';
import { compileIntrinsic } from '../query/jsonpath/intrinsics';
import { looksLikeIntrinsic } from '../query/jsonpath/intrinsics/parser';
import { compileJsonPathTemplate } from '../query/jsonpath/payload-template';
import { compilePath } from '../query/jsonpath/reference-path';
import type { QueryLanguage } from '../states/data-flow';
import { checkPathFields, PATH_FIELDS } from './path-rules';
import type { Problems } from './problems';
import { ownFields } from './state-fields';

/** Fields of a JSONata state that are never evaluated, whatever their text. */
const NOT_EVALUATED = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Label',
  'Retry',
];

/** Every `{% %}` string inside a value, with its path. */
function* jsonataStrings(value: Json | undefined, path: string): Iterable<{ text: string; path: string }> {
  if (isJsonataExpression(value)) yield { text: value, path };
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonataStrings(item, `${path}[${i}]`);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) yield* jsonataStrings(item, `${path}/${key}`);
}

/** Strings that open a JSONata expression and do not close it, with their paths. */
function* unclosedExpressions(value: Json | undefined, path: string): Iterable<string> {
  if (typeof value === 'string' && value.startsWith('{%') && !isJsonataExpression(value)) yield path;
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* unclosedExpressions(item, `${path}[${i}]`);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) yield* unclosedExpressions(item, `${path}/${key}`);
}

export function checkPayloads(
  def: JsonObject,
  language: QueryLanguage,
  path: string,
  problems: Problems,
): void {
  if (language === 'JSONPath') {
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) {
      if (def[field] !== undefined)
        problems.attempt(`${path}/${field}`, () => compileJsonPathTemplate(def[field] as Json));
    }
    checkPathFields(def, PATH_FIELDS, path, problems);
    for (const field of ['ErrorPath', 'CausePath']) {
      const value = def[field];
      if (typeof value === 'string')
        problems.attempt(`${path}/${field}`, () =>
          looksLikeIntrinsic(value) ? compileIntrinsic(value) : compilePath(value),
        );
    }
    return;
  }
  for (const [field, value] of Object.entries(ownFields(def))) {
    if (NOT_EVALUATED.includes(field)) continue;
    for (const at of unclosedExpressions(value, `${path}/${field}`))
      problems.add(at, 'JSONata string must start with {% and end with %}');
    // The service names the field that holds the expression, however deep in it the string is.
    for (const { text } of jsonataStrings(value, `${path}/${field}`)) {
      // The service's message is the JSONata parser's own. Only checked here: the definition is
      // compiled once it is valid.
      const problem = jsonataSyntaxProblem(jsonataBody(text));
      if (problem !== undefined) problems.add(`${path}/${field}`, problem, 'INVALID_JSONATA_EXPRESSION');
    }
  }
}
