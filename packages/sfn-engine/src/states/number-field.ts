import {
  invalidPathCause,
  jsonataBody,
  jsonataTypeCause,
  numberPathCause,
  numberRangeCause,
} from '../error-causes';
import { StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject } from '@myblog/asl';
import { compileJsonataTemplate, isJsonataExpression } from '../query/jsonata/template';
import { jsonPath } from '../query/jsonpath/json-path';
import type { QueryLanguage } from './data-flow';

export type NumberField = (
  input: Json,
  visit: StateVisit,
) => number | undefined | Promise<number | undefined>;

export interface NumberFieldRules {
  readonly integer: boolean;
  readonly min: number;
  readonly max?: number;
  /**
   * The `<Field>Path` may select the number written as text (`"1"`), as the service takes it
   * for MaxConcurrencyPath and the ToleratedFailure paths (LocalStack's
   * test_assign_reference_variables snapshot, recorded on AWS, runs both from a variable "1").
   */
  readonly numberAsText?: boolean;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A path's value, with a number written as text read as that number where the field allows. */
function pathNumber(value: Json | undefined, rules: NumberFieldRules): Json | undefined {
  if (rules.numberAsText !== true || typeof value !== 'string') return value;
  return (rules.integer ? INTEGER_TEXT : NUMBER_TEXT).test(value) ? Number(value) : value;
}

function inRange(value: number, rules: NumberFieldRules): boolean {
  return value >= rules.min && (rules.max === undefined || value <= rules.max);
}

function isNumberOf(value: Json | undefined, rules: NumberFieldRules): value is number {
  return typeof value === 'number' && (!rules.integer || Number.isInteger(value));
}

function checkedRange(value: number, field: string, rules: NumberFieldRules): number {
  if (!inRange(value, rules)) throw new StatesRuntime(numberRangeCause(field, value, rules.min, rules.max));
  return value;
}

/**
 * A numeric field that may be a literal, a `<Field>Path` reference (JSONPath) or a `{% %}`
 * expression (JSONata): TimeoutSeconds, HeartbeatSeconds, MaxConcurrency, ToleratedFailure*.
 */
export function compileNumberField(
  definition: JsonObject,
  field: string,
  language: QueryLanguage,
  rules: NumberFieldRules,
): NumberField {
  const literal = definition[field];
  const pathText = definition[`${field}Path`];
  if (language === 'JSONata' && isJsonataExpression(literal)) {
    const compiled = compileJsonataTemplate(literal, field);
    const expression = jsonataBody(literal);
    const expected = rules.integer ? 'integer' : 'number';
    return async (input, visit) => {
      const value = await compiled(visit.jsonataScope({ input }));
      if (!isNumberOf(value, rules))
        throw new StatesRuntime(jsonataTypeCause(expression, field, expected, value));
      return checkedRange(value, field, rules);
    };
  }
  if (typeof pathText === 'string') {
    const path = jsonPath(pathText);
    return (input, visit) => {
      const value = pathNumber(path.evaluate(visit.pathScope(input)), rules);
      if (value === undefined) throw new StatesRuntime(invalidPathCause(pathText, path.path.segments));
      if (!isNumberOf(value, rules))
        throw new StatesRuntime(numberPathCause(field, pathText, value, rules.integer));
      return checkedRange(value, field, rules);
    };
  }
  if (typeof literal === 'number') return () => literal;
  return () => undefined;
}
