/**
 * Problems found in a definition, as the service reports them: a diagnostic code, a message and
 * a location. Locations are the service's: JSON-pointer-like, array items in brackets
 * (`/States/A/Catch[0]/Next`, `/States/P/Branches[1]/States/X`), `/` for the root, and none at
 * all where the service names no place (MISSING_END_STATE).
 */
import type { DefinitionProblem } from '../errors';

/** The codes ValidateStateMachineDefinitionDiagnostic documents, and those the service also sends. */
export type DiagnosticCode =
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_END_STATE'
  | 'MISSING_TRANSITION_TARGET'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_STATE_NAME'
  | 'DUPLICATE_LABEL_NAME'
  | 'INVALID_LABEL_NAME'
  | 'INVALID_JSONATA_EXPRESSION'
  | 'INVALID_VARIABLE_NAME'
  | 'RESERVED_VARIABLE_NAME';

/** Warnings: reported by ValidateStateMachineDefinition with severity WARNING, never refused. */
export type WarningCode = 'NO_DOLLAR' | 'PASS_RESULT_IS_STATIC';

/** The location of item `index` of the array field `field` of the object at `path`. */
export const itemAt = (path: string, field: string, index: number): string => `${path}/${field}[${index}]`;

/** The root is `/`; every other location is the path itself. */
export const located = (path: string): string => (path === '' ? '/' : path);

/** Collects problems in the order they are found; every check adds to one list. */
export class Problems {
  readonly list: DefinitionProblem[] = [];

  add(path: string | undefined, message: string, code: DiagnosticCode = 'SCHEMA_VALIDATION_FAILED'): void {
    this.list.push(path === undefined ? { code, message } : { code, path: located(path), message });
  }

  /** Runs a compile step and reports what it throws at `path`. */
  attempt(path: string, step: () => unknown, code: DiagnosticCode = 'SCHEMA_VALIDATION_FAILED'): void {
    try {
      step();
    } catch (error) {
      this.add(path, (error as Error).message, code);
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** The service's wording for the common schema problems. */
export const say = {
  required: (fields: readonly string[]) => `These fields are required: [${fields.join(', ')}]`,
  notSupported: (field: string) => `Field '${field}' is not supported`,
  oneOf: (values: readonly string[]) => `Value should be one of the following: [${values.join(', ')}]`,
  empty: 'Value cannot be empty',
  onlyOne: (fields: readonly string[]) =>
    `There should only be one of the following fields: [${fields.join(', ')}]`,
  exactlyOne: (fields: readonly string[]) =>
    `This object should have only one of the following fields: [${fields.join(', ')}]`,
  minimum: (min: number) => `Minimum value is ${min}`,
  maximum: (max: number) => `Maximum value is ${max}`,
  integer: 'Expected value of type Integer',
  number: 'Expected value of type Number',
  string: 'Expected value of type [STRING]',
  boolean: 'Expected value of type [BOOLEAN]',
  array: 'Expected value of type [ARRAY]',
  object: 'Expected value of type [OBJECT]',
  otherLanguage: (language: 'JSONPath' | 'JSONata', field: string) =>
    `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${language === 'JSONata' ? 'JSONPath' : 'JSONata'}' QueryLanguage`,
} as const;

/** The range a numeric field takes; integers unless `integer` is false. */
export interface NumberRule {
  readonly integer?: boolean;
  readonly min: number;
  readonly max?: number;
}

/** Checks a literal number against its rule: type first, then the bounds, as the service does. */
export function checkNumber(problems: Problems, path: string, value: unknown, rule: NumberRule): void {
  const integer = rule.integer ?? true;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value)))
    problems.add(path, integer ? say.integer : say.number);
  else if (value < rule.min) problems.add(path, say.minimum(rule.min));
  else if (rule.max !== undefined && value > rule.max) problems.add(path, say.maximum(rule.max));
}
