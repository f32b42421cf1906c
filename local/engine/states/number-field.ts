import { StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject, jsonTypeName } from '../json';
import { compileJsonataTemplate, isJsonataExpression } from '../jsonata/template';
import { jsonPath } from '../paths/json-path';
import type { QueryLanguage } from './data-flow';

export type NumberField = (
  input: Json,
  visit: StateVisit,
) => number | undefined | Promise<number | undefined>;

export interface NumberFieldRules {
  readonly integer: boolean;
  readonly min: number;
  readonly max?: number;
}

function checked(value: Json | undefined, description: string, rules: NumberFieldRules): number {
  const valid =
    typeof value === 'number' &&
    (!rules.integer || Number.isInteger(value)) &&
    value >= rules.min &&
    (rules.max === undefined || value <= rules.max);
  if (!valid) {
    const range = rules.max === undefined ? `at least ${rules.min}` : `between ${rules.min} and ${rules.max}`;
    throw new StatesRuntime(
      `${description} must be ${rules.integer ? 'an integer' : 'a number'} ${range}, but it was ${value === undefined ? 'nothing' : `${jsonTypeName(value)} ${JSON.stringify(value)}`}`,
    );
  }
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
    return async (input, visit) =>
      checked(
        await compiled(visit.jsonataScope({ input })),
        `The ${field} of state '${visit.stateName}'`,
        rules,
      );
  }
  if (typeof pathText === 'string') {
    const path = jsonPath(pathText);
    return (input, visit) =>
      checked(
        path.evaluate(visit.pathScope(input)),
        `The ${field}Path '${pathText}' of state '${visit.stateName}'`,
        rules,
      );
  }
  if (typeof literal === 'number') return () => literal;
  return () => undefined;
}
