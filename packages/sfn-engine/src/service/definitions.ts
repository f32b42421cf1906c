/**
 * A definition as CreateStateMachine and UpdateStateMachine take it: its text within the
 * service's quotas, its problems, and the machine compiled once from it.
 */
import type { JsonObject } from '@myblog/asl';
import { InvalidDefinition, ValidationException } from '../api/errors';
import { compileStateMachine } from '../definition/compile';
import type { NumberRule } from '../definition/problems';
import { validateDefinition, validateDefinitionText } from '../definition/validate';
import { DefinitionError, type DefinitionProblem } from '../errors';
import { MAX_DEFINITION_LENGTH, MAX_JSON_DEPTH, nestsTooDeep, tooDeepMessage } from '../json-limits';
import type { CompiledMachine } from '../states/state';
import type { StateMachineType } from './types';

/** How a definition is checked: the machine's type and the bounds of a retrier's numbers. */
export interface DefinitionRules {
  readonly type: StateMachineType;
  readonly retrierLimits: Readonly<Record<string, NumberRule>>;
}

/**
 * A definition's text, within the service's quotas: its length (as CreateStateMachine checks it)
 * and, for a caller in-process, a nesting the engine's walkers can handle (the HTTP server
 * refuses deeper JSON before it is parsed).
 */
export function definitionText(definition: string | JsonObject): string {
  let text: string;
  try {
    text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  } catch (error) {
    // JSON.stringify recurses once per level: an object nested tens of thousands deep overflows.
    if (!(error instanceof RangeError)) throw error;
    text = '['.repeat(MAX_JSON_DEPTH + 1);
  }
  if (text.length > MAX_DEFINITION_LENGTH)
    throw new ValidationException(
      `1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DEFINITION_LENGTH}`,
    );
  if (nestsTooDeep(text))
    throw new InvalidDefinition(
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${tooDeepMessage('The definition')}'`,
    );
  return text;
}

/** Every problem the service would report for this definition (empty when it is valid). */
export function definitionProblems(
  definition: string | JsonObject,
  rules: DefinitionRules,
): DefinitionProblem[] {
  return typeof definition === 'string'
    ? validateDefinitionText(definition, rules)
    : validateDefinition(definition, rules);
}

/** The definition's text and its compiled machine; InvalidDefinition names what is wrong. */
export function compileDefinition(
  definition: string | JsonObject,
  rules: DefinitionRules,
): { text: string; compiled: CompiledMachine } {
  const text = definitionText(definition);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidDefinition(
      `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`,
    );
  }
  try {
    return { text, compiled: compileStateMachine(parsed, rules) };
  } catch (error) {
    if (error instanceof DefinitionError) throw new InvalidDefinition(error.message);
    throw error;
  }
}
